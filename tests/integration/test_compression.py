"""What a phone downloads is compressed, except HTML pages (which carry the CSRF token)."""

from __future__ import annotations

from pathlib import Path

import brotli


def test_javascript_and_map_data_are_compressed_pages_are_not(app, login, world):
    api = login("sergeant_a")
    script = api.get("/static/dist/js/shell.js", headers={"Accept-Encoding": "br, gzip"})
    assert script.status_code == 200
    assert script.headers["Content-Encoding"] == "br"
    on_disk = (Path(app.static_folder) / "dist/js/shell.js").read_bytes()
    assert brotli.decompress(script.data) == on_disk and len(script.data) < len(on_disk)
    collection = api.get("/api/tasks", headers={"Accept-Encoding": "gzip"})
    assert collection.headers.get("Content-Encoding") in (None, "gzip")  # small answers stay
    page = api.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert page.status_code == 200 and "Content-Encoding" not in page.headers
    plain = api.get("/static/dist/js/shell.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
