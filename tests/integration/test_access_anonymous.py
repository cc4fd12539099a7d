"""Every route and API refuses an anonymous request: swept from the app's own URL map, so a
route added later is covered without anyone remembering to add it here."""

from __future__ import annotations

import re

import pytest

from locate import create_app
from locate.security.auth import PUBLIC_ENDPOINTS

_app = create_app({"SERVER_NAME": "localhost"})


def _routes():
    for rule in _app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = re.sub(r"<uuid:[^>]+>", "6f1c1a2e-2f55-4c1d-9a4e-7d1a0c9d2b11", rule.rule)
            url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", url)
            yield pytest.param(method, url, rule.endpoint, id=f"{method} {rule.rule}")


@pytest.mark.parametrize(("method", "url", "endpoint"), list(_routes()))
def test_anonymous_request_is_refused(client, method, url, endpoint):
    response = client.open(url, method=method, json={} if method != "GET" else None)
    if url.startswith("/api/"):
        assert response.status_code == 401, f"{endpoint} answered {response.status_code}"
        assert "Sign in" in response.get_json()["message"]
    else:
        # Pages send the browser to sign in; nothing of the page is rendered.
        assert response.status_code in (302, 401), f"{endpoint} answered {response.status_code}"
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]


def test_public_endpoints_are_few_and_carry_no_personal_data():
    assert {"web_auth.login", "api_session.login", "health.healthz", "static",
                                "pwa.manifest", "pwa.service_worker", "pwa.offline"} >= PUBLIC_ENDPOINTS
