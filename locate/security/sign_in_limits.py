"""The per-address sign-in limit. It counts failed attempts only (wrong passwords and tries at
a locked account), never successful sign-ins, and is set high enough (LOGIN_RATE_LIMIT, 200
failures an hour by default) for a police station where every officer of a shift signs in
from one network address. Guessing at one account is stopped by the per-account lock
(services/sessions.py), which does not depend on the address at all."""

from __future__ import annotations

import math
import time

from flask import current_app, g, jsonify, render_template, request

from ..extensions import limiter

_FAILED = "locate_sign_in_failed"


def note_failure() -> None:
    """Mark this sign-in request as a failure, so the per-address limit counts it."""
    g.setdefault(_FAILED, True)


def per_address():
    """The route decorator for both sign-in routes (the JSON API and the HTML form)."""
    # One count per address for both routes: trying the form after the API gains nothing.
    return limiter.shared_limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], scope="sign-in",
                                methods=["POST"],
                                deduct_when=lambda response: g.get(_FAILED, False),
                                on_breach=_breached)


def _breached(request_limit):
    window_s = request_limit.limit.get_expiry()
    wait_s = min(window_s, max(1, math.ceil(request_limit.reset_at - time.time())))
    minutes = max(1, math.ceil(wait_s / 60))
    message = (f"Too many failed sign-ins from this network address. Try again in {minutes} "
               f"minute{'' if minutes == 1 else 's'}.")
    if request.path.startswith("/api/"):
        response = jsonify(code=429, status="Too Many Requests", message=message,
                           retry_after=wait_s)
    else:
        from ..web.forms import LoginForm

        response = current_app.make_response(
            render_template("auth/login.html", form=LoginForm(), message=message))
    response.status_code = 429
    response.headers["Retry-After"] = str(wait_s)
    return response
