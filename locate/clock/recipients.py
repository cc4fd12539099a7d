"""Who an alert's `recipients` are, as people: never nobody (services/accounts/duty.py).

RESOLVERS maps each name of domain.alerts.RECIPIENTS the clock can reach to a function
(session, alert) -> [User]. A source whose alerts go to someone else adds a resolver here.
"""

from __future__ import annotations

from ..domain.alerts import Alert
from ..services.accounts.duty import duty_inspectors, senior_officers, team_sergeants


def _sergeants(session, alert: Alert):
    return team_sergeants(session, team_id=alert.team_id)


def _duty_inspector(session, alert: Alert):
    return duty_inspectors(session, team_id=alert.team_id)


def _senior_officer(session, alert: Alert):
    return senior_officers(session)


RESOLVERS = {
    "sergeants": _sergeants,
    "duty_inspector": _duty_inspector,
    "senior_officer": _senior_officer,
}


def people(session, alert: Alert):
    resolver = RESOLVERS.get(alert.recipients)
    if resolver is None:
        raise ValueError(f"alert {alert.key}: nobody resolves recipients {alert.recipients!r}")
    return resolver(session, alert)
