"""The desk's distance table page: the table that draws the rings and weighs the ranking's
distance decay, where it comes from, and a force's own uploaded in its place (or the default
put back). Thin: the rules are in analysis/distance_tables.py and domain/rings.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from ..access import require
from ..analysis import distance_tables
from ..domain.errors import Invalid
from ..domain.rings import rings
from ..extensions import db
from .forms import ConfirmForm, DistanceTableForm

bp = Blueprint("distance_table_page", __name__)


@bp.route("/desk/distance-table", methods=["GET", "POST"])
def page():
    require(current_user, "distance_table.manage")
    form, reset_form = DistanceTableForm(), ConfirmForm(prefix="reset")
    error = None
    if form.validate_on_submit():
        try:
            lines = _lines(form)
            distance_tables.upload(db.session, actor=current_user, text=lines,
                                   source=form.source.data, age_band=form.age_band.data or "")
        except Invalid as refused:
            db.session.rollback()
            error = str(refused)
        else:
            flash("The force's own table is in force: the rings and the ranking use it now.")
            return redirect(url_for(".page"))
    elif form.is_submitted() and form.errors:
        error = "; ".join(f"{getattr(form, name).label.text}: {messages[0]}"
                          for name, messages in form.errors.items())
    return _show(form, reset_form, error)


@bp.route("/desk/distance-table/reset", methods=["POST"])
def reset():
    require(current_user, "distance_table.manage")
    form = ConfirmForm(prefix="reset")
    if not form.validate_on_submit():
        return _show(DistanceTableForm(formdata=None), form, "The form had expired: try again.")
    try:
        distance_tables.reset(db.session, actor=current_user)
    except Invalid as refused:
        db.session.rollback()
        return _show(DistanceTableForm(formdata=None), form, str(refused))
    flash("The default table is back in force.")
    return redirect(url_for(".page"))


def _lines(form: DistanceTableForm) -> str:
    """The uploaded file's text, else the typed lines (a file wins when both are given)."""
    storage = form.table_file.data
    if storage and getattr(storage, "filename", ""):
        raw = storage.read(distance_tables.MAX_TEXT + 1)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Invalid("The file is not UTF-8 text (save it as CSV).", field="table") from None
    return form.table_text.data or ""


def _show(form, reset_form, error):
    current = distance_tables.in_force(db.session)
    history = distance_tables.versions(db.session)
    return render_template("desk/distance_table.html", form=form, reset_form=reset_form,
                           error=error, current=current, rings=rings(current.table),
                           history=history), 422 if error else 200
