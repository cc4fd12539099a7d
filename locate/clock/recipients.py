"""Who an alert's `recipients` are, as people: never nobody (services/accounts/duty.py).

RESOLVERS maps each name of domain.alerts.RECIPIENTS the clock can reach to a function
(session, alert) -> [User]. A source whose alerts go to someone else adds a resolver here.
"""

from __future__ import annotations

from sqlalchemy import select

from ..domain.alerts import Alert
from ..models import Child, User
from ..services.accounts.duty import duty_inspectors, senior_officers, team_sergeants


def _sergeants(session, alert: Alert):
    return team_sergeants(session, team_id=alert.team_id)


def _duty_inspector(session, alert: Alert):
    return duty_inspectors(session, team_id=alert.team_id)


def _senior_officer(session, alert: Alert):
    return senior_officers(session)


def _carer(session, alert: Alert):
    """The carers of the child's organisation; the team's sergeants if it has none."""
    carers = list(session.execute(
        select(User).join(Child, Child.organisation_id == User.organisation_id)
        .where(Child.id == alert.child_id, User.role == "partner", User.active.is_(True))
        .order_by(User.id)).scalars())
    return carers or _sergeants(session, alert)


RESOLVERS = {
    "sergeants": _sergeants,
    "duty_inspector": _duty_inspector,
    "senior_officer": _senior_officer,
    "carer": _carer,
}


def people(session, alert: Alert):
    resolver = RESOLVERS.get(alert.recipients)
    if resolver is None:
        raise ValueError(f"alert {alert.key}: nobody resolves recipients {alert.recipients!r}")
    return resolver(session, alert)
