"""The backtest on the fixture force: only episodes with three earlier ones count, each is
ranked as of its report time, and hits are scored for the ranking and both baselines."""

from __future__ import annotations

from datetime import timedelta

import pytest

from locate.analysis.backtest import markdown, run

from .analysis_fixtures import LAST_SEEN, PARK, _found, repeat_child


def test_the_fourth_find_at_the_flat_is_a_first_place_hit(app, session, world):
    force = repeat_child(session, world)
    with app.app_context():
        result = run(session)
    assert result["episodes"] == 1  # only past[3] has three earlier episodes
    by_name = {m["method"]: m for m in result["methods"]}
    ranking = by_name["Check these first (LOCATE)"]
    assert (ranking["top1"], ranking["rank_score"], ranking["median_checked"]) == (1, 1, 1)
    assert by_name["Baseline: most recent found locations, as a list"]["top1"] == 1
    # The baselines as the issue names them are one place each: top 1, 3 and 5 are the same.
    recent = by_name["Baseline: the most recent found location (one place)"]
    assert recent["top1"] == recent["top5"] == 1
    # Last seen is nearer the park and the placement than the flat: the nearest profile
    # place is not it.
    assert result["found_at_earlier_find"] == 1
    assert result["found_near_known"] == 1  # the flat was known: the ceiling is every episode
    assert any("Check these first" in line for line in markdown(result))
    assert force.open.id  # the open episode is never scored


def test_a_find_somewhere_new_is_a_miss_for_everyone(app, session, world):
    force = repeat_child(session, world)
    # A fifth, closed episode ending 10 km away, somewhere never seen before.
    _found(session, force, reported=force.now - timedelta(days=5),
           where=type(PARK)(-1.40, 53.85), kind="other")
    with app.app_context():
        result = run(session)
    assert result["episodes"] == 2
    ranking = result["methods"][0]
    assert ranking["top5"] == pytest.approx(0.5)
    assert result["found_at_earlier_find"] == pytest.approx(0.5)
    # Nothing was known 10 km away: half the episodes are beyond any list's reach.
    assert result["found_near_known"] == pytest.approx(0.5)
    assert any(line.startswith("Ceiling: in 50.0%") for line in markdown(result))
    # The aim's line names both readings of "the better baseline" and says met or not met.
    aims = [line for line in markdown(result) if line.startswith("Aim, baselines")]
    assert len(aims) == 2 and all(line.endswith(("met.", "not met.")) for line in aims)


def test_the_ceiling_counts_where_last_seen(app, session, world):
    force = repeat_child(session, world)
    # A fifth episode ending 100 m from where last seen, where nothing else was ever known.
    _found(session, force, reported=force.now - timedelta(days=5),
           where=type(PARK)(LAST_SEEN.x, LAST_SEEN.y + 0.0009), kind="street_park")
    with app.app_context():
        result = run(session)
    assert result["found_near_known"] == 1
    # ... and the area around where last seen is on the list: the ranking reaches it.
    assert result["methods"][0]["covered"] == 1
