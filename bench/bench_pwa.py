"""What a phone downloads and how fast the app opens: bytes of JS and CSS on first load
(compressed, as sent), the service worker's background precache, the time to open the app
offline from the cache, and Lighthouse's mobile scores.

Runs the production server (gunicorn + gevent, compression on) over a seeded database and
Debian's Chromium at phone size (390x844, 2x). Map tiles are excluded: there is no tile
server here, and tiles are the officer's to choose.

    .venv/bin/python bench/bench_pwa.py [--runs 5] [--no-lighthouse] [--no-write]

Aim (issue 4): under 200 KB of JS and CSS, Lighthouse performance 90 or more.
Not a test: nothing here passes or fails the pytest run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import brotli
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402
from bench.servers import seeded_database, start_app_servers, stop  # noqa: E402

PASSWORD = "correct horse battery staple"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
# (label, path, who signs in)
PAGES = [("sign-in page", "/login", None), ("constable app", "/app", "constable_a"),
         ("sergeant map", "/map", "sergeant_a")]


def chromium() -> str:
    return os.environ.get("LOCATE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def sign_in_cookie(base: str, username: str) -> str:
    session = requests.Session()
    response = session.post(f"{base}/api/session",
                            json={"username": username, "password": PASSWORD}, timeout=10)
    response.raise_for_status()
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def first_load(browser, base: str, path: str, cookie: str | None) -> dict:
    """Bytes on the wire (headers included) by resource type for one cold visit."""
    context = browser.new_context(**PHONE)
    if cookie:
        name, _, value = cookie.partition("=")
        context.add_cookies([{"name": name, "value": value.split(";")[0], "url": base}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    types, sizes = {}, {}
    cdp.on("Network.responseReceived", lambda e: types.__setitem__(e["requestId"], e["type"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(
        e["requestId"], e["encodedDataLength"]))
    cdp.send("Network.enable")
    started = time.perf_counter()
    response = page.goto(base + path, wait_until="load")
    loaded = (time.perf_counter() - started) * 1000
    page.wait_for_timeout(1500)  # late module chunks and the socket handshake
    by_type: dict[str, int] = {}
    for request_id, size in sizes.items():
        kind = types.get(request_id, "Other")
        by_type[kind] = by_type.get(kind, 0) + size
    status = response.status if response else 0
    # Let the service worker install and precache; one more visit online puts the page in
    # its cache (a shift opens the app many times), for the offline visits that follow.
    page.evaluate("navigator.serviceWorker && navigator.serviceWorker.ready.then(() => 1)")
    page.reload(wait_until="load")
    page.wait_for_timeout(1000)
    return {"context": context, "page": page, "status": status, "load_ms": loaded,
            "js": by_type.get("Script", 0), "css": by_type.get("Stylesheet", 0),
            "all": sum(by_type.values()), "final_url": page.url}


def offline_open_ms(context, base: str, path: str, runs: int) -> list[float]:
    """Open the page again with the network cut: served by the service worker's caches.
    Empty when the page is not one the app keeps offline (the sign-in page)."""
    context.set_offline(True)
    timings = []
    try:
        for _ in range(runs):
            page = context.new_page()
            try:
                page.goto(base + path, wait_until="load")
            except Exception:  # noqa: BLE001 - net::ERR_INTERNET_DISCONNECTED: not kept
                page.close()
                return []
            if page.title().lower().startswith("offline"):
                page.close()
                return []
            nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                                           return n.loadEventEnd - n.startTime; }""")
            timings.append(nav)
            page.close()
    finally:
        context.set_offline(False)
    return timings


def precache_bytes() -> tuple[int, int, int]:
    """Files the service worker precaches, their size raw and brotli-compressed (what the
    server sends them as)."""
    sw = (ROOT / "static/dist/sw.js").read_text()
    urls = sorted(set(part.split('"')[0] for part in sw.split('url:"')[1:]))
    raw = packed = 0
    for url in urls:
        data = (ROOT / url.lstrip("/")).read_bytes()
        raw += len(data)
        packed += len(brotli.compress(data)) if not url.endswith(".png") else len(data)
    return len(urls), raw, packed


def lighthouse(base: str, path: str, cookie: str | None) -> dict | None:
    binary = ROOT / "node_modules/.bin/lighthouse"
    if not binary.exists():
        return None
    out = ROOT / "instance" / "lighthouse.json"
    command = [str(binary), base + path, "--quiet", "--form-factor=mobile",
               "--only-categories=performance,accessibility,best-practices",
               "--output=json", f"--output-path={out}",
               "--chrome-flags=--headless=new " + " ".join(CHROMIUM_FLAGS)]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium()},
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        print(f"  lighthouse failed on {path}: {result.stderr[-300:]}")
        return None
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {"final_url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
            **{k: round(v["score"] * 100) for k, v in report["categories"].items()
               if v["score"] is not None},
            "fcp": audits["first-contentful-paint"]["displayValue"],
            "lcp": audits["largest-contentful-paint"]["displayValue"],
            "tbt": audits["total-blocking-time"]["displayValue"]}


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.0f}" if values else "not kept offline"


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:56379/0")
    rows, lh_rows = [], []
    with seeded_database("locate_bench_pwa") as (url, _ids):
        procs, [base] = start_app_servers(url, redis_url, 1)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
                for label, path, who in PAGES:
                    cookie = sign_in_cookie(base, who) if who else None
                    first = first_load(browser, base, path, cookie)
                    offline = offline_open_ms(first["context"], base, path, args.runs)
                    first["context"].close()
                    moved = "" if first["final_url"].endswith(path) else \
                        f" (answered {first['final_url'].replace(base, '')})"
                    rows.append((f"{label} `{path}`{moved}", first, offline))
                    print(f"{label} {path}: HTTP {first['status']}, JS {kb(first['js'])} KB, "
                          f"CSS {kb(first['css'])} KB, all {kb(first['all'])} KB, "
                          f"online load {first['load_ms']:.0f} ms, offline open median "
                          f"{median(offline)} ms")
                    if not args.no_lighthouse:
                        scores = lighthouse(base, path, cookie)
                        if scores:
                            lh_rows.append((label, path, scores))
                            print(f"  lighthouse: {scores}")
                browser.close()
        finally:
            stop(procs)
    files, raw, packed = precache_bytes()
    print(f"service worker precache: {files} files, {kb(raw)} KB raw, {kb(packed)} KB "
          "compressed, fetched in the background after the first visit")
    if args.no_write:
        return
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} "
        "cores: gunicorn + gevent (brotli/gzip on), Chromium at 390x844, local network (no "
        "throttling in the byte counts; Lighthouse applies its own mobile throttling). Bytes "
        "are as sent, headers included; map tiles excluded.",
        "",
        "| page | JS KB | CSS KB | everything KB | online load ms | offline open ms "
        f"(median of {args.runs}) |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| {label} | {kb(f['js'])} | {kb(f['css'])} | {kb(f['all'])} | "
          f"{f['load_ms']:.0f} | {median(off)} |" for label, f, off in rows),
        "",
        f"After the first visit the service worker precaches the shell in the background: "
        f"{files} files, {kb(packed)} KB compressed ({kb(raw)} KB raw), so that every screen "
        "opens with no signal.",
        "",
    ]
    if lh_rows:
        lines += ["Lighthouse (npm `lighthouse`, mobile form factor, simulated slow 4G):", "",
                  "| page | performance | accessibility | best practices | FCP | LCP | TBT |",
                  "|---|---:|---:|---:|---|---|---|",
                  *(f"| {label} `{path}` | {s.get('performance')} | {s.get('accessibility')} | "
                    f"{s.get('best-practices')} | {s['fcp']} | {s['lcp']} | {s['tbt']} |"
                    for label, path, s in lh_rows), ""]
    lines += ["Aim: under 200 KB of JS and CSS on first load; Lighthouse performance 90 or more.",
              "", "Reproduce: `.venv/bin/python bench/bench_pwa.py` (services up)."]
    write_section("pwa", "Phone app: first load, offline open, Lighthouse (bench/bench_pwa.py)",
                  lines)
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
