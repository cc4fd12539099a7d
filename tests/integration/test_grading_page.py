"""The grading page: served to graders of the episode's team only, with what is on record
shown before the questions, and linked from the episode list for those who may grade."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from locate.models import AuditEntry


@pytest.mark.parametrize("user, episode, status", [
    ("sergeant_a", "episode_a", 200), ("inspector_a", "episode_a", 200),
    ("admin", "episode_b", 200), ("sergeant_a", "episode_b", 404),
    ("constable_a", "episode_a", 403), ("partner_a", "episode_a", 403),
    ("coordinator", "episode_a", 403),
])
def test_who_sees_the_grading_page(login, world, user, episode, status):
    response = login(user).get(f"/episodes/{getattr(world, episode).id}/grade")
    assert response.status_code == status


def test_the_page_shows_the_record_first_and_every_question(login, session, world):
    api = login("sergeant_a")
    page = api.get(f"/episodes/{world.episode_a.id}/grade").get_data(as_text=True)
    assert page.index("On record") < page.index("Is there a risk of self-harm or suicide?")
    assert "asthma" in page and "Checked, none recorded" in page
    assert page.count('class="question"') == 18
    entry = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())
                            .limit(1)).scalar_one()
    assert (entry.entity, entry.entity_id) == ("episode_grading", str(world.episode_a.id))


def test_the_episode_page_links_graders_to_the_page(login, world):
    link = f'href="/episodes/{world.episode_a.id}/grade"'
    page = f"/episodes/{world.episode_a.id}"
    assert link in login("sergeant_a").get(page).get_data(as_text=True)
    assert link not in login("constable_a").get(page).get_data(as_text=True)
