"""The review clock's alerts on the episode's timeline: for those who may read alerts (the
team's supervisors, admins), not for constables or carers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from locate.clock.tick import tick


def test_the_timeline_shows_the_clocks_alerts_to_supervisors_only(app, login, session, world):
    episode = world.episode_a
    episode.next_review_due = datetime.now(UTC) - timedelta(minutes=5)
    session.flush()
    assert tick(session, now=datetime.now(UTC), config=app.config).raised
    path = f"/api/episodes/{episode.id}/timeline"
    kinds = {}
    for who in ("sergeant_a", "inspector_a", "admin", "constable_a", "partner_a"):
        response = login(who).get(path, headers={"X-Access-Reason": "Checking the review clock"})
        assert response.status_code == 200, (who, response.get_json())
        kinds[who] = [e["kind"] for e in response.get_json()["entries"]]
    for who in ("sergeant_a", "inspector_a", "admin"):
        assert "alert" in kinds[who], who
    for who in ("constable_a", "partner_a"):
        assert "alert" not in kinds[who], who
