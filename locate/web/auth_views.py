"""The sign-in page and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from ..extensions import db, limiter
from ..services import sessions
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
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(landing_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = sessions.sign_in(db.session, username=form.username.data,
                                password=form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
        flash("Wrong username or password.", "error")
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    sessions.sign_out(db.session, user=current_user)
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("web_auth.login"))
