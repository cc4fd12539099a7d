"""The admin's page for loading a force's history from a file (the command line does the
same with import-history, and is the way for files over the upload limit)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..access import require
from ..analysis.history_import import load
from ..extensions import db
from .forms import HistoryImportForm

bp = Blueprint("history_import_page", __name__)


@bp.route("/admin/import-history", methods=["GET", "POST"])
def upload():
    """Upload, check every row, load all or nothing, and show the report."""
    require(current_user, "history.import")
    form = HistoryImportForm()
    report = None
    if form.validate_on_submit():
        storage = form.history.data
        report = load(db.session, data=storage.read(), actor=current_user,
                      filename=(storage.filename or "")[:200])
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return render_template("desk/import_history.html", form=form, report=report,
                           limit_mb=limit_mb), (422 if report and not report.committed else 200)
