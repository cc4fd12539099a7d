"""The sign-in page and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from ..extensions import db
from ..security import auth, sign_in_limits
from ..services.accounts import sessions
from . import landing_url
from .forms import LoginForm

bp = Blueprint("web_auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths (an open redirect after login is a phishing aid); without one,
    the user's own start page."""
    if not target:
        return landing_url()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return landing_url()
    return target


@bp.route("/login", methods=["GET", "POST"])
@sign_in_limits.per_address()
def login():
    if current_user.is_authenticated:
        return redirect(landing_url())
    form = LoginForm()
    message, status = None, 200
    if form.validate_on_submit():
        result = auth.attempt_sign_in(form.username.data, form.password.data)
        if isinstance(result, sessions.SignedIn):
            auth.start_session(result)
            return redirect(_safe_next(request.args.get("next")))
        if isinstance(result, sessions.AccountLocked):
            message, status = result.message, 429
        else:
            message, status = "Wrong username or password.", 401
    elif request.method == "POST":
        status = 401
    response = make_response(render_template("auth/login.html", form=form, message=message),
                             status)
    if status == 429:
        response.headers["Retry-After"] = str(result.retry_after)
    return response


@bp.post("/logout")
def logout():
    sessions.sign_out(db.session, user=current_user, session_id=auth.current_session_id())
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("web_auth.login"))
