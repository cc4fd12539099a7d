"""The casework pages answer only where they make sense: the role may act, and the record is
in scope (another organisation's escalation is 404, as over the API)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("who, path, status", [
    ("partner_a", "/escalations/new?episode={episode_a}", 200),
    ("sergeant_a", "/escalations/new?episode={episode_a}", 200),
    ("partner_b", "/escalations/new?episode={episode_a}", 404),
    ("constable_a", "/escalations/new?episode={episode_a}", 403),
    ("partner_a", "/escalations/new?episode=x", 422),
    ("partner_a", "/escalations/{escalation_a}", 200),
    ("inspector_a", "/escalations/{escalation_a}", 200),
    ("partner_b", "/escalations/{escalation_a}", 404),
    ("sergeant_b", "/escalations/{escalation_a}", 404),
    ("constable_a", "/escalations/{escalation_a}", 403),
    ("sergeant_a", "/episodes/{episode_a}/found", 200),
    ("sergeant_b", "/episodes/{episode_a}/found", 404),
    ("partner_a", "/episodes/{episode_a}/found", 403),
    ("partner_a", "/episodes/{episode_a}/return-home-interview", 200),
    ("partner_b", "/episodes/{episode_a}/return-home-interview", 404),
    ("constable_a", "/episodes/{episode_a}/return-home-interview", 403),
    ("coordinator", "/desk/grading-outcome", 200),
    ("inspector_a", "/desk/grading-outcome", 200),
    ("sergeant_a", "/desk/grading-outcome", 403),
    ("partner_a", "/desk/grading-outcome", 403),
])
def test_pages_follow_role_and_scope(login, world, who, path, status):
    url = path.format(episode_a=world.episode_a.id, escalation_a=world.escalation_a.id)
    response = login(who).get(url)
    assert response.status_code == status, (who, url, response.status_code)


def test_the_episode_page_offers_the_carer_an_escalation(login, world):
    page = login("partner_a").get(f"/episodes/{world.episode_a.id}").get_data(as_text=True)
    assert f"/escalations/new?episode={world.episode_a.id}" in page
    assert f"/episodes/{world.episode_a.id}/found" not in page  # police record found


@pytest.mark.parametrize("query, status", [
    ({"no_such": "1"}, 422), ({"status": "pending"}, 422), ({"episode_id": "one"}, 422),
    ({"episode_id": str(2**40)}, 422),
])
def test_broken_escalation_list_queries_are_422(login, world, query, status):
    assert login("partner_a").get("/api/escalations", query_string=query).status_code == status


def test_the_list_for_another_teams_episode_is_404(login, world):
    response = login("sergeant_a").get("/api/escalations",
                                       query_string={"episode_id": world.episode_b.id})
    assert response.status_code == 404
