"""Carers' escalations the duty inspector has not decided in time: up to a senior officer.

The rule and the query are the escalations package's (services/escalations/timing.py); when
the clock raises the alert, the escalation itself moves up in the same transaction."""

from __future__ import annotations

from ...services.escalations.timing import due_alerts, escalate_up
from . import Source


def _send_up(session, alert, now):
    escalate_up(session, escalation_id=alert.escalation_id, at=now)


SOURCE = Source(name="escalations", kinds=frozenset({"escalation_unanswered"}),
                find=due_alerts, on_fire=_send_up)
