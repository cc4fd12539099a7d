"""Found, closed and what was learnt: the return home interview (its places and people join
the child's record), the chase when it is late, and grading against outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from locate.models import (
    Associate,
    AuditEntry,
    Event,
    Place,
    ReturnHomeInterview,
    RiskAssessment,
)
from locate.services.interviews import timing
from tests import factories
from tests.integration.test_api_episodes import found_body

TABLES = (ReturnHomeInterview, Place, Associate, Event, AuditEntry)
NOW = datetime.now(UTC)


def counts(session):
    session.expire_all()
    return tuple(session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                 for t in TABLES)


def found_episode(session, world, *, hours_ago=2):
    row = factories.episode(session, child_row=world.child_a, team_row=world.team_a,
                            status="found", reported_at=NOW - timedelta(hours=hours_ago + 5))
    session.commit()
    return row


def interview(**over):
    data = {"interviewer_name": "Sam Reid (Barnardo's)",
            "conducted_at": (NOW - timedelta(minutes=30)).isoformat(),
            "summary": "Stayed two nights at a flat above the takeaway with older boys.",
            "places": [{"name": "Flat above the takeaway", "kind": "associate_address",
                        "point": {"type": "Point", "coordinates": [-1.5402, 53.7961]}}],
            "people": [{"name": "Dean", "relationship": "older associate",
                        "concern": "about 19, gave her cannabis"}]}
    data.update(over)
    return data


def test_found_needs_condition_and_harm_then_close_needs_the_referral(login, session, world):
    api = login("sergeant_a")
    path = f"/api/episodes/{world.episode_a.id}"
    found = api.post(f"{path}/found", json=found_body(harm_suffered="yes",
                                                      found_condition="Bruised wrist"))
    assert found.status_code == 200, found.get_json()
    props = found.get_json()["properties"]
    assert (props["harm_suffered"], props["found_condition"]) == ("yes", "Bruised wrist")
    assert api.post(f"{path}/close", json={}).status_code == 422
    assert api.post(f"{path}/close", json={"rhi_referred": "yes"}).status_code == 422
    closed = api.post(f"{path}/close", json={"rhi_referred": False})
    assert closed.status_code == 200
    assert closed.get_json()["properties"]["rhi_referred"] is False


def test_the_interview_joins_the_childs_places_and_associates(login, session, world):
    episode = found_episode(session, world)
    api = login("partner_a")
    response = api.post(f"/api/episodes/{episode.id}/return-home-interview", json=interview())
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    place = session.get(Place, made["place_ids"][0])
    assert (place.child_id, place.source, place.episode_id, place.name) == (
        world.child_a.id, "return_home_interview", episode.id, "Flat above the takeaway")
    person = session.get(Associate, made["associate_ids"][0])
    assert (person.child_id, person.name, person.relationship_to_child) == (
        world.child_a.id, "Dean", "older associate")
    places = api.get(f"/api/children/{world.child_a.id}/places").get_json()["features"]
    assert place.id in [f["id"] for f in places]
    event = session.execute(sa.select(Event).where(Event.type == "place.created")
                            .order_by(Event.id.desc())).scalars().first()
    assert event.payload["id"] == place.id


def test_a_late_referred_interview_is_chased_until_one_is_recorded(login, session, world):
    episode = found_episode(session, world, hours_ago=80)
    episode.rhi_referred = True
    session.commit()
    config = {"RHI_DUE_HOURS": 72}
    alerts = [a for a in timing.due_alerts(session, now=NOW, config=config)
              if a.episode_id == episode.id]
    assert [(a.kind, a.recipients) for a in alerts] == [("rhi_overdue", "sergeants")]
    assert alerts[0].due_at == episode.found_at + timedelta(hours=72)
    assert not [a for a in timing.due_alerts(session, now=episode.found_at + timedelta(hours=71),
                                             config=config) if a.episode_id == episode.id]
    response = login("sergeant_a").post(f"/api/episodes/{episode.id}/return-home-interview",
                                        json=interview(places=[], people=[]))
    assert response.status_code == 201, response.get_json()
    assert not [a for a in timing.due_alerts(session, now=NOW, config=config)
                if a.episode_id == episode.id]


@pytest.mark.parametrize("who, over, status", [
    ("partner_b", {}, 404),
    ("sergeant_b", {}, 404),
    ("constable_a", {}, 403),
    ("sergeant_a", {"summary": "  "}, 422),
    ("sergeant_a", {"declined": True}, 422),                       # declined, yet places
    ("sergeant_a", {"declined": "no"}, 422),
    ("sergeant_a", {"conducted_at": (NOW + timedelta(days=1)).isoformat()}, 422),
    ("sergeant_a", {"conducted_at": (NOW - timedelta(days=9)).isoformat()}, 422),  # before found
    ("sergeant_a", {"conducted_at": "2026-12-01T10:00:00"}, 422),  # naive
    ("sergeant_a", {"places": [{"name": "x", "point": {"type": "Point",
                                                       "coordinates": [0, 99]}}]}, 422),
    ("sergeant_a", {"places": [{"name": "x", "point": {"type": "Polygon", "coordinates": []}}]},
     422),
    ("sergeant_a", {"places": [{"name": "x", "kind": "castle",
                                "point": {"type": "Point", "coordinates": [-1.5, 53.8]}}]}, 422),
    ("sergeant_a", {"places": [{"name": "x", "point": {"type": "Point",
                                                       "coordinates": [-1.5, 53.8]}}] * 21}, 422),
    ("sergeant_a", {"people": [{"name": "Dean"}]}, 422),
    ("sergeant_a", {"people": "Dean"}, 422),
    ("sergeant_a", {"extra": 1}, 422),
])
def test_refused_interviews_write_nothing(login, session, world, who, over, status):
    episode = found_episode(session, world)
    api = login(who)
    before = counts(session)
    response = api.post(f"/api/episodes/{episode.id}/return-home-interview",
                        json=interview(**over))
    assert response.status_code == status, response.get_json()
    assert response.get_json()["message"]
    assert counts(session) == before


def test_no_interview_while_the_child_is_still_missing(login, session, world):
    api = login("sergeant_a")
    before = counts(session)
    response = api.post(f"/api/episodes/{world.episode_a.id}/return-home-interview",
                        json=interview())
    assert response.status_code == 409
    assert counts(session) == before


def _outcome_episode(session, world, *, when, grade, harm, high_once=False):
    row = factories.episode(session, child_row=world.child_a, team_row=world.team_a,
                            status="found", grade=grade, reported_at=when)
    row.harm_suffered = harm
    if high_once:
        session.add(RiskAssessment(episode_id=row.id, grade="high", rationale="At first",
                                   assessor_id=world.sergeant_a.id, assessed_at=when,
                                   next_review_due=when + timedelta(hours=1)))
    return row


def test_grading_against_outcome_by_month(login, session, world):
    october = datetime(2026, 10, 12, 12, tzinfo=UTC)
    november = datetime(2026, 11, 12, 12, tzinfo=UTC)
    _outcome_episode(session, world, when=october, grade="high", harm="yes")
    _outcome_episode(session, world, when=october, grade="low", harm="yes")
    _outcome_episode(session, world, when=october, grade="medium", harm="yes", high_once=True)
    _outcome_episode(session, world, when=october, grade="high", harm="no")
    _outcome_episode(session, world, when=november, grade="low", harm="unknown")
    _outcome_episode(session, world, when=november, grade="high", harm=None)
    session.commit()
    query = {"since": "2026-10-01T00:00:00Z", "until": "2026-12-01T00:00:00Z"}
    response = login("coordinator").get("/api/reports/grading-outcome", query_string=query)
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    rows = {r["month"]: r for r in report["months"]}
    assert rows["2026-10"]["harm_cases"] == 3
    assert rows["2026-10"]["share_of_harm_graded_high"] == round(2 / 3, 4)  # one regraded down
    assert rows["2026-10"]["share_of_high_with_harm"] == round(2 / 3, 4)
    assert rows["2026-11"]["harm_unknown"] == 2
    assert rows["2026-11"]["share_of_harm_graded_high"] is None
    audit = session.execute(sa.select(AuditEntry).where(AuditEntry.entity == "grading_outcome")
                            ).scalar_one()
    assert audit.details["episodes"] == 6
    # The team's inspector sees their own team's; the other team's has none of these.
    assert login("inspector_a").get("/api/reports/grading-outcome", query_string=query
                                    ).get_json()["totals"]["episodes"] == 6
    assert login("inspector_b").get("/api/reports/grading-outcome", query_string=query
                                    ).get_json()["totals"]["episodes"] == 0


@pytest.mark.parametrize("who", ["constable_a", "sergeant_a", "partner_a"])
def test_grading_outcome_is_refused_to_others_and_not_audited(login, session, world, who):
    api = login(who)
    before = counts(session)
    assert api.get("/api/reports/grading-outcome").status_code == 403
    assert counts(session) == before

