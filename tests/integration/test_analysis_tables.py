"""By placement and disproportionality on a fixture force with counts known in advance."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from locate.models import AuditEntry
from tests import factories
from tests.analysis_fixtures import ELSEWHERE, NOW, found_episode


def _get(api, path, **query):
    response = api.get(f"/api/analysis/{path}", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_homes_that_report_most_come_first(login, session, world):
    oak, elm = world.org_a, world.org_b
    kids_oak = [factories.child(session, team_row=world.team_a, organisation_row=oak,
                                first_name=n) for n in ("Amy", "Ben")]
    kid_elm = factories.child(session, team_row=world.team_b, organisation_row=elm,
                              first_name="Cal")
    family = factories.child(session, team_row=world.team_a, first_name="Dee",
                             placement_type="family_home")
    plan = [(kids_oak[0], 3), (kids_oak[1], 1), (kid_elm, 2), (family, 1)]
    for kid, count in plan:
        for n in range(count):
            found_episode(session, child_row=kid, team_row=world.team_a, where=ELSEWHERE,
                          reported_at=NOW - timedelta(days=40 * n + 1),
                          grade="high" if n == 0 else "low")
    body = _get(login("coordinator"), "placements")
    homes = body["homes"]
    # World episodes: one each for Jade (Oak House) and Kyle (Elm House).
    assert [h["name"] for h in homes] == ["Oak House", "Elm House",
                                          "Family home (no organisation recorded)"]
    oak_row = homes[0]
    assert (oak_row["episodes"], oak_row["children"]) == (5, 3)
    assert [c["episodes"] for c in oak_row["children_listed"]] == [3, 1, 1]
    assert oak_row["children_listed"][0]["url"] == f"/desk/children/{kids_oak[0].id}"
    assert sum(sum(s["episodes"]) for s in body["series"]) == 9
    assert len(body["months"]) >= 2
    row = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "analysis_placements")).scalars().one()
    assert kids_oak[0].id in row.details["child_ids"]


def test_disproportionality_by_ethnicity_and_age(login, session, world):
    black = [factories.child(session, team_row=world.team_a, first_name=f"B{n}",
                             ethnicity="Black or Black British: Caribbean",
                             date_of_birth=date(NOW.year - 14, 1, 1)) for n in range(4)]
    white = [factories.child(session, team_row=world.team_a, first_name=f"W{n}",
                             ethnicity="White: British",
                             date_of_birth=date(NOW.year - 18, 1, 1))
             for n in range(4)]
    for n, kid in enumerate(black):
        found_episode(session, child_row=kid, team_row=world.team_a, where=ELSEWHERE,
                      reported_at=NOW - timedelta(days=5 + n), hours=10,
                      grade="low", found_by="returned_self")
    for n, kid in enumerate(white):
        found_episode(session, child_row=kid, team_row=world.team_a, where=ELSEWHERE,
                      reported_at=NOW - timedelta(days=5 + n), hours=4,
                      grade="high", found_by="police_patrol")
    body = _get(login("admin"), "disproportionality", team_id=world.team_a.id)
    by = {r["ethnicity"]: r for r in body["by_ethnicity"]}
    b, w = by["Black or Black British: Caribbean"], by["White: British"]
    assert (b["episodes"], b["children"], b["grades"]["low"]) == (4, 4, 4)
    assert b["medium_high_share"] == 0 and w["medium_high_share"] == 1.0
    # The last seen time is an hour before the report: 11 h and 5 h missing.
    assert b["median_hours_missing"] == 11.0 and w["median_hours_missing"] == 5.0
    assert b["police_found_share"] == 0 and w["police_found_share"] == 1.0
    assert b["medium_high_ratio"]["ratio"] == 0.0
    # Team A's world episode (Jade, medium, open) is in the overall too.
    assert body["overall"]["episodes"] == 9
    bands = {r["age_band"]: r["episodes"] for r in body["by_age_band"]}
    assert bands["12_14"] == 4 and sum(bands.values()) == 9  # Black children 12 or 13
    assert {r["ethnicity"] for r in body["by_ethnicity_and_age_band"]} >= set(by)
    row = session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "analysis_disproportionality")).scalars().one()
    assert row.details["filter"]["team_id"] == world.team_a.id


def test_an_empty_range_answers_empty_tables(login, world):
    api = login("coordinator")
    query = {"since": "2001-01-01T00:00:00Z", "until": "2001-02-01T00:00:00Z"}
    assert _get(api, "placements", **query)["homes"] == []
    body = _get(api, "disproportionality", **query)
    assert body["by_ethnicity"] == [] and body["overall"] is None
