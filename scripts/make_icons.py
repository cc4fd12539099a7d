"""Render static/icons/icon.svg to the PNG sizes the web manifest names, in Chromium.

Run once when the icon changes: .venv/bin/python scripts/make_icons.py. The maskable icon keeps
the mark inside the central 80% safe zone, on a full-bleed background."""

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "static" / "icons"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    svg = (ICONS / "icon.svg").read_text()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, size, pad in (("icon-192", 192, 0), ("icon-512", 512, 0),
                                ("maskable-512", 512, 0.2)):
            page = browser.new_page(viewport={"width": size, "height": size})
            inner = int(size * (1 - pad))
            page.set_content(
                "<html><body style='margin:0;background:#0b3d91;display:grid;"
                f"place-items:center;width:{size}px;height:{size}px'>"
                f"<div style='width:{inner}px;height:{inner}px'>{svg}</div></body></html>")
            page.screenshot(path=str(ICONS / f"{name}.png"), omit_background=pad == 0)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
