"""The installable app's public pieces: web manifest, service worker at the root (so its
scope covers the whole app) and the offline page. None of them carries personal data."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file

bp = Blueprint("pwa", __name__)


def _static(*parts: str) -> Path:
    return Path(current_app.static_folder, *parts)


@bp.get("/manifest.webmanifest")
def manifest():
    return send_file(_static("manifest.webmanifest"), mimetype="application/manifest+json",
                     max_age=3600)


@bp.get("/sw.js")
def service_worker():
    path = _static("dist", "sw.js")
    if not path.exists():
        abort(404, "The service worker is not built: run `npm run build`.")
    response = send_file(path, mimetype="text/javascript", max_age=0)
    # Browsers must always check for a new worker; the root path gives it the whole scope.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/offline")
def offline():
    return render_template("pwa/offline.html")
