"""GET /healthz: up or down for anyone (load balancers, bin/run); the PostgreSQL and PostGIS
versions only for a signed-in administrator (a version tells an attacker which holes to try)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..domain.permissions import allowed
from ..extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        row = db.session.execute(
            text("SELECT current_setting('server_version'), postgis_lib_version()")
        ).one()
        db.session.rollback()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="down"), 503
    if _is_admin():
        return jsonify(status="ok", database={"postgresql": row[0], "postgis": row[1]})
    return jsonify(status="ok")


def _is_admin() -> bool:
    try:
        return current_user.is_authenticated and allowed(current_user.role, "user.manage")
    except SQLAlchemyError:  # the session lookup failed: answer as for anyone
        db.session.rollback()
        return False
