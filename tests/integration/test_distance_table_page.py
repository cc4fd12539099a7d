"""A force's own distance table on the desk: uploaded as CSV or typed, checked, put in force
for the rings and the ranking at once, audited, kept as append-only versions; the default put
back; bad tables refused with nothing written; only coordinators and admins."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from locate.models import AuditEntry, DistanceTableVersion
from tests.append_only import assert_refused

from .analysis_fixtures import repeat_child

PAGE = "/desk/distance-table"
FORCE_CSV = b"km,share\n0.5,0.20\n2,45%\n10,0.80\n60,0.97\n"


@pytest.fixture()
def force(session, world):
    return repeat_child(session, world)


def token_of(response) -> str:
    return response.get_data(as_text=True).split(
        'name="csrf_token" type="hidden" value="')[1].split('"')[0]


def page_client(login, username):
    api = login(username)
    return api, token_of(api.get(PAGE))


def counts(session):
    return (session.execute(sa.select(sa.func.count(DistanceTableVersion.id))).scalar(),
            session.execute(sa.select(sa.func.count(AuditEntry.id)).where(
                AuditEntry.entity == "distance_table")).scalar())


def rings_of(login, episode):
    return login("sergeant_a").get(f"/api/analysis/episodes/{episode.id}/rings").get_json()


def test_an_uploaded_table_draws_the_rings_and_weighs_the_ranking_at_once(login, session,
                                                                          force):
    before = rings_of(login, force.open)
    assert before["properties"]["source"].startswith("Grampian")
    api, token = page_client(login, "coordinator")
    response = api.client.post(PAGE, data={
        "csrf_token": token, "table_file": (io.BytesIO(FORCE_CSV), "force.csv"),
        "source": "Force X, children found 2022-2025", "age_band": "10-17"},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    after = rings_of(login, force.open)
    assert after["properties"]["source"] == "Force X, children found 2022-2025"
    assert after["properties"]["age_band"] == "10-17"
    assert [f["properties"]["radius_m"] for f in after["features"]] == [60000, 10000, 2000, 500]
    assert after["features"][-1]["properties"]["label"] == "20% found within 0.5 km"
    ranking = login("coordinator").get(
        f"/api/analysis/episodes/{force.open.id}/ranking").get_json()
    assert ranking["distance_table"]["points"] == [[0.5, 0.2], [2, 0.45], [10, 0.8], [60, 0.97]]
    # The flat is about 750 m from last seen: its decay now follows the force's figures.
    flat = next(i for i in ranking["items"] if i["label"] == "Friend's flat, Hyde Park")
    assert "inside the 2 km ring (45% are found within it)" in " ".join(flat["reasons"])
    page = api.get(PAGE).get_data(as_text=True)
    assert "Force X, children found 2022-2025" in page and "Put the default back" in page
    assert counts(session) == (1, 1)
    audit = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "distance_table")).scalar_one()
    assert (audit.action, audit.username) == ("update", "coordinator")


def test_typed_lines_work_and_the_default_can_be_put_back(login, session, force):
    api, token = page_client(login, "admin")
    typed = api.client.post(PAGE, data={"csrf_token": token, "table_text": "1,0.4\n5,0.9",
                                        "source": "Force Y"})
    assert typed.status_code == 302
    assert rings_of(login, force.open)["properties"]["source"] == "Force Y"
    reset = api.client.post(f"{PAGE}/reset", data={"reset-csrf_token": token})
    assert reset.status_code == 302
    assert rings_of(login, force.open)["properties"]["source"].startswith("Grampian")
    again = api.client.post(f"{PAGE}/reset", data={"reset-csrf_token": token})
    assert again.status_code == 422 and "already in force" in again.get_data(as_text=True)
    assert counts(session) == (2, 2)
    history = api.get(PAGE).get_data(as_text=True)
    assert "Default put back" in history and "Force Y (2 distances)" in history


@pytest.mark.parametrize(("fields", "says"), [
    ({"table_text": "1,0.5\n3,0.4"}, "must increase"),
    ({"table_text": "3,0.2\n1,0.5"}, "must increase"),
    ({"table_text": "1,1.5"}, "at most 1"),
    ({"table_text": "1,0.3\nfar,0.5"}, "Line 2"),
    ({"table_text": "1,0.3,extra"}, "Line 1"),
    ({"table_text": "1,0.3\x00"}, "NUL"),
    ({"table_text": "1,nan"}, "Line 1"),
    ({"table_text": "-1,0.3"}, "must increase"),
    ({"table_text": "\n".join(f"{n},{n / 30:.3f}" for n in range(1, 25))}, "1 to 20 points"),
    ({"table_text": ""}, "1 to 20 points"),
    ({"table_text": "1,0.3", "source": ""}, "Where the figures come from"),
    ({"table_text": "1,0.3", "source": "x" * 301}, "Where the figures come from"),
    ({"table_text": "1,0.3", "source": "Force\x00X"}, "NUL"),
    ({"table_text": "1,0.3", "age_band": "y" * 41}, "Age band"),
    ({"table_text": "1,0.3\n" * 3000}, "Or type the lines"),
    ({"table_file": (io.BytesIO(b"\xff\xfe1,0.3"), "t.csv")}, "not UTF-8"),
    ({"table_file": (io.BytesIO(b"1,0.3\n" * 4000), "t.csv")}, "over 16 KB"),
])
def test_bad_tables_are_refused_in_words_and_write_nothing(login, session, force, fields, says):
    api, token = page_client(login, "coordinator")
    data = {"csrf_token": token, "source": "Force X", **fields}
    response = api.client.post(PAGE, data=data, content_type="multipart/form-data")
    assert response.status_code == 422, response.status_code
    assert says in response.get_data(as_text=True)
    assert counts(session) == (0, 0)
    assert rings_of(login, force.open)["properties"]["source"].startswith("Grampian")


def test_without_the_forms_token_nothing_is_written(login, session, world):
    api = login("coordinator")
    response = api.client.post(PAGE, data={"table_text": "1,0.3", "source": "Force X"})
    assert response.status_code in (400, 422)
    assert api.client.post(f"{PAGE}/reset", data={}).status_code in (400, 422)
    assert counts(session) == (0, 0)


@pytest.mark.parametrize(("username", "status"), [
    ("coordinator", 200), ("admin", 200), ("sergeant_a", 403), ("inspector_a", 403),
    ("constable_a", 403), ("partner_a", 403)])
def test_who_may_change_the_table(login, session, world, username, status):
    api = login(username)
    assert api.get(PAGE).status_code == status
    if status == 403:
        # With the session's CSRF token in the header, so the refusal is the role's.
        assert api.post(PAGE, data={"table_text": "1,0.3", "source": "X"}).status_code == 403
        assert api.post(f"{PAGE}/reset").status_code == 403
    assert counts(session) == (0, 0)


def test_signed_out_the_page_sends_you_to_sign_in(app, world):
    response = app.test_client().get(PAGE)
    assert response.status_code in (302, 401)
    assert app.test_client().post(PAGE, data={"table_text": "1,0.3"}).status_code in (302, 401,
                                                                                       403)


def test_versions_refuse_change_even_to_the_owner(owner_session):
    from tests import factories

    w = factories.world(owner_session)
    owner_session.add(DistanceTableVersion(points=[[1, 0.3]], source="Force X",
                                           by_id=w.coordinator.id))
    owner_session.flush()
    assert_refused(owner_session, ("UPDATE distance_tables SET source = 'y'",
                                   "DELETE FROM distance_tables", "TRUNCATE distance_tables"))
