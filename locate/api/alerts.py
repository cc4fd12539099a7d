"""The review clock's alerts (locate/clock/): for the team's sergeants and inspectors."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from ..clock import open_alerts
from ..domain.alerts import ALERT_KINDS
from ..extensions import db
from .common import TextSchema

blp = Blueprint("api_alerts", __name__, url_prefix="/api",
                description="Overdue reviews and unacknowledged high risk, raised by the clock")


class AlertListQuery(TextSchema):
    episode_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    kind = fields.String(validate=validate.OneOf(ALERT_KINDS))


@blp.route("/alerts", methods=["GET"])
@blp.arguments(AlertListQuery, location="query", unknown=RAISE)
@blp.response(200, description="{items: open alerts, newest due first}")
def list_alerts(query):
    """Open alerts of your team (sergeants, inspectors; admins every team), by episode or
    kind if asked. Audited."""
    return open_alerts.list_open(db.session, actor=current_user, **query)


@blp.route("/alerts/<int:alert_id>", methods=["GET"])
@blp.response(200, description="One alert, open or resolved")
def get_alert(alert_id):
    """One alert you may see (404 otherwise). Audited."""
    return open_alerts.get_one(db.session, actor=current_user, alert_id=alert_id)
