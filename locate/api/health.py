"""GET /healthz: the database and PostGIS versions, or 503 when the database is down."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        row = db.session.execute(
            text("SELECT current_setting('server_version'), postgis_lib_version()")
        ).one()
        db.session.rollback()
    except SQLAlchemyError as error:
        db.session.rollback()
        return jsonify(status="unavailable", database="down",
                       error=type(error).__name__), 503
    return jsonify(status="ok", database={"postgresql": row[0], "postgis": row[1]})
