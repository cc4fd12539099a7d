"""No browser or proxy cache keeps an API answer or a page: they carry children's data.

Every /api answer and every HTML page says `Cache-Control: no-store`. What the phone needs
with no signal it keeps on purpose, under its own rules: the service worker's page cache
(emptied on sign-out) and the app's IndexedDB. Static assets, the web manifest and the
service worker script keep the caching their views give them.
"""

from __future__ import annotations

from flask import Flask, request


def init_app(app: Flask) -> None:
    @app.after_request
    def no_store(response):
        if request.path.startswith("/api/") or response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
