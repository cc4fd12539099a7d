"""Why a record was opened (DPA 2018 s.62): recorded for people working on it, asked of
anyone else before the record opens, and never for a bad reason."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from locate.models import AuditEntry, Event
from tests import factories


def _last_view(session, user, entity):
    session.expire_all()
    return session.execute(sa.select(AuditEntry).where(
        AuditEntry.user_id == user.id, AuditEntry.entity == entity, AuditEntry.action == "view")
        .order_by(AuditEntry.id.desc())).scalars().first()


def _count(session, model):
    session.expire_all()
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


@pytest.mark.parametrize(("username", "expected"), [
    ("constable_a", "auto: holds a task on episode"),
    ("sergeant_a", "auto: open episode"),
    ("partner_a", "auto: carer of the child"),
    ("coordinator", "auto: open episode"),
])
def test_people_working_on_the_record_are_not_asked(login, session, world, username, expected):
    client = login(username)
    assert client.get(f"/api/children/{world.child_a.id}").status_code == 200
    row = _last_view(session, getattr(world, username), "child")
    assert row.justification.startswith(expected), row.justification


@pytest.fixture()
def closed(session, world):
    """A child of team A whose only episode is closed: nobody is working on it now."""
    child = factories.child(session, team_row=world.team_a, organisation_row=world.org_a,
                            first_name="Mia")
    episode = factories.episode(session, child_row=child, team_row=world.team_a,
                                status="closed")
    return child, episode


ROUTES = ["/api/children/{c}", "/api/children/{c}/places", "/api/episodes/{e}",
          "/api/episodes/{e}/timeline", "/api/children/{c}/associates",
          "/api/episodes/{e}/sightings"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("username", ["constable_a", "sergeant_a", "admin"])
def test_browsing_outside_ones_work_asks_why_first(login, session, closed, username, route):
    child, episode = closed
    url = route.format(c=child.id, e=episode.id)
    client = login(username)
    audits = _count(session, AuditEntry)
    answer = client.get(url)
    assert answer.status_code == 428, (url, answer.get_json())
    body = answer.get_json()
    assert "say why" in body["message"].lower()
    assert ["supervision", "Supervisory review or quality check"] in body["reasons"]
    assert _count(session, AuditEntry) == audits  # the refused read left no row
    ok = client.get(url, headers={"X-Access-Reason": "Strategy%20meeting%20at%2010%20%E2%80%94%20Mia"})
    assert ok.status_code == 200, ok.get_json()
    row = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
    assert row.justification == "given: Strategy meeting at 10 — Mia"
    assert row.child_id == child.id


def test_a_reason_holds_for_the_rest_of_the_consultation(login, session, closed, world):
    child, _ = closed
    client = login("sergeant_a")
    assert client.get(f"/api/children/{child.id}",
                      headers={"X-Access-Reason": "welfare_concern"}).status_code == 200
    # The photo, the places, a live re-fetch: the same consultation, the same reason.
    assert client.get(f"/api/children/{child.id}/places").status_code == 200
    row = _last_view(session, world.sergeant_a, "place_list")
    assert row.justification == "given: A concern for the child's welfare now"
    # Another officer is asked for their own.
    assert login("constable_a").get(f"/api/children/{child.id}").status_code == 428


def test_the_reporter_and_task_holder_read_their_closed_episode_back(login, session, closed,
                                                                     world):
    child, episode = closed
    episode.created_by_id = world.sergeant_a.id
    factories.task(session, episode_row=episode, by=world.sergeant_a, assignee=world.constable_a)
    session.flush()
    assert login("sergeant_a").get(f"/api/episodes/{episode.id}").status_code == 200
    assert "reported episode" in _last_view(session, world.sergeant_a, "episode").justification
    assert login("constable_a").get(f"/api/episodes/{episode.id}").status_code == 200
    assert "holds a task" in _last_view(session, world.constable_a, "episode").justification
    # ...but not the rest of the child's record, which is no longer their work.
    assert login("constable_a").get(f"/api/children/{child.id}").status_code == 428


def test_the_coordinators_desk_is_analysis(login, session, closed, world):
    child, _ = closed
    client = login("coordinator")
    assert client.get(f"/api/analysis/children/{child.id}/history").status_code == 200
    row = _last_view(session, world.coordinator, "child_history")
    assert row.justification == "auto: analysis of repeat episodes"
    assert client.get(f"/api/children/{child.id}").status_code == 428


@pytest.mark.parametrize("reason", [
    "a%00b%20and%20more",                 # NUL, percent-encoded
    "tab%09in%20the%20middle",            # a control character
    "x" * 201,                            # too long
    "no",                                 # too short to say anything
    "%E2%28%A1",                          # not UTF-8
])
def test_bad_reasons_are_refused_and_write_nothing(login, session, closed, reason):
    child, _ = closed
    client = login("sergeant_a")
    before = (_count(session, AuditEntry), _count(session, Event))
    answer = client.get(f"/api/children/{child.id}", headers={"X-Access-Reason": reason})
    assert answer.status_code == 422, answer.get_json()
    assert answer.get_json()["field"] == "access_reason"
    assert (_count(session, AuditEntry), _count(session, Event)) == before


def test_the_page_asks_with_a_picker_then_opens(login, session, closed, world):
    _, episode = closed
    client = login("sergeant_a")
    page = client.get(f"/episodes/{episode.id}")
    assert page.status_code == 428
    html = page.get_data(as_text=True)
    assert 'name="access_reason"' in html and 'value="supervision"' in html
    assert 'name="access_reason_words"' in html
    opened = client.get(f"/episodes/{episode.id}?access_reason=&access_reason_words="
                        "Reviewing+the+closed+case")
    assert opened.status_code == 200
    assert "Timeline" in opened.get_data(as_text=True)
    row = _last_view(session, world.sergeant_a, "episode_timeline")
    assert row.justification == "given: Reviewing the closed case"
    # The page's own fetches carry the reason it was opened with.
    assert '"reason": "Reviewing the closed case"' in opened.get_data(as_text=True).replace(
        "&#34;", '"')
    nul = client.get(f"/episodes/{episode.id}?access_reason=%00")
    assert nul.status_code == 422


def test_lists_are_not_consultations_of_one_record(login, session, closed):
    client = login("constable_a")
    assert client.get("/api/children").status_code == 200
    assert client.get("/api/episodes").status_code == 200


def test_a_sighting_photo_is_a_consultation_of_its_episode(login, session, closed, world):
    """The task holder of a closed episode sees its sightings' photos (an <img> cannot send a
    reason) as they see the sightings; anyone else is asked, and the refusal writes nothing."""
    import hashlib

    from locate.models import Photo

    child, episode = closed
    factories.task(session, episode_row=episode, by=world.sergeant_a, assignee=world.constable_a)
    data = b"\xff\xd8not-really-a-jpeg"
    photo = Photo(content_type="image/jpeg", data=data, width=1, height=1,
                  sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=world.constable_a.id)
    session.add(photo)
    session.flush()
    sighting = factories.sighting(session, episode_row=episode, by=world.constable_a)
    sighting.photo_id = photo.id
    session.flush()
    assert login("constable_a").get(f"/api/photos/{photo.id}").status_code == 200
    row = _last_view(session, world.constable_a, "photo")
    assert row.justification.startswith("auto: holds a task on episode"), row.justification
    assert row.details["episode_id"] == episode.id
    sergeant = login("sergeant_a")
    audits = _count(session, AuditEntry)
    assert sergeant.get(f"/api/photos/{photo.id}").status_code == 428
    assert _count(session, AuditEntry) == audits
