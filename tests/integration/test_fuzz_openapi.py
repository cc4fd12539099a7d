"""Property-based fuzzing of every API operation against /api/openapi.json (schemathesis), as
each role and signed out: requests that fit the document and requests that break it, each answered with no
server error, a documented status, a documented content type and a body matching the
documented schema.

Bounded and deterministic: a few examples per operation and mode, a derandomized seed, so the
file takes a few minutes on two cores and CI sees the same cases every run. It runs in
bin/test by default; deselect it locally with -m "not slow".

Each role's run is one test in the per-test transaction (rolled back), against the world of
tests/factories.py, so the fuzzer's writes never leak into other tests.
"""

from __future__ import annotations

import os
import traceback

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

ROLES = {"anonymous": None, "constable": "constable_a", "sergeant": "sergeant_a", "inspector": "inspector_a",
         "coordinator": "coordinator", "admin": "admin", "partner": "partner_a"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Per operation and per mode (fitting, breaking); LOCATE_FUZZ_EXAMPLES=50 digs deeper locally.
EXAMPLES = int(os.environ.get("LOCATE_FUZZ_EXAMPLES", "3"))
# Operations that change who the fuzzer is signed in as run last: an admin may deactivate or
# re-role the very user it is signed in as, and the run goes on signed in afresh.
LAST = ("/api/users/{user_id}", "/api/session")


class Identity:
    """A signed-in user as a browser holds it: the session cookie and the CSRF token."""

    def __init__(self, app, username):
        self.app, self.username = app, username
        self.sign_in()

    def sign_in(self):
        if self.username is None:  # a stranger: no cookie, no token
            self.cookie = self.csrf = None
            return
        client = self.app.test_client()
        response = client.post("/api/session", json={"username": self.username,
                                                      "password": factories.PASSWORD})
        assert response.status_code == 200, response.get_json()
        self.cookie = client.get_cookie("session").value
        self.csrf = response.get_json()["csrf_token"]


@pytest.fixture()
def api_schema(app, login):
    document = login("admin").get("/api/openapi.json").get_json()
    schema = schemathesis.openapi.from_dict(document)
    schema.app = app
    return schema


def _ordered(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (op.path in LAST, op.path, op.method))


def _fuzz(operation, identity, mode, failures):
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        try:
            if identity.cookie:
                response = case.call(headers={"X-CSRFToken": identity.csrf},
                                     cookies={"session": identity.cookie})
            else:
                response = case.call()
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as error:  # every failure is collected
            where = "" if isinstance(error, BaseExceptionGroup) else (
                "\n" + "".join(traceback.format_exception(error)[-3:]))
            failures.append(f"{operation.label} [{mode}] {type(error).__name__}: "
                            f"{str(error)[:600]}{where[-800:]}")
        finally:
            if case.path == "/api/session" and case.method.upper() in ("DELETE", "POST"):
                identity.sign_in()  # signed out (or in as someone else): sign in again

    run()


@pytest.mark.slow
@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.timeout(600)
def test_fuzz_every_operation(app, session, world, api_schema, role, monkeypatch):
    # Configured as a deployment is: without a Web Push key GET /api/push/key says 503 on
    # purpose (tested in test_push.py).
    monkeypatch.setitem(app.config, "VAPID_PUBLIC_KEY", "BPUK-test-key")
    identity = Identity(app, ROLES[role])
    failures: list[str] = []
    operations = _ordered(api_schema)
    assert len(operations) >= 40, [op.label for op in operations]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, identity, mode, failures)
    assert not failures, "\n\n".join(failures)
