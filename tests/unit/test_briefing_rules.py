"""The briefing sheet's limits: cut lists say how many they left out; texts cut at a word."""

from __future__ import annotations

from locate.domain.briefing import LIMITS, TEXT_LIMITS, clip, key_risks, shortlist
from locate.domain.episode_actions import action_url, actions_for
from locate.domain.vocab import display_name


def test_shortlist_says_how_many_more():
    items = list(range(LIMITS["associates"] + 7))
    cut = shortlist(items, "associates")
    assert cut.shown == items[:LIMITS["associates"]]
    assert cut.more == 7 and cut.more_text == "and 7 more"


def test_shortlist_within_the_limit_leaves_nothing_out():
    cut = shortlist(["a", "b"], "places")
    assert cut.shown == ["a", "b"] and cut.more == 0 and cut.more_text is None


def test_clip_cuts_at_a_word_with_an_ellipsis():
    text = "word " * 100
    out = clip(text, "clothing")
    assert len(out) <= TEXT_LIMITS["clothing"] and out.endswith("…")
    assert out[:-1].split(" ")[-1] == "word"
    assert clip("Grey  hoodie\n jeans", "clothing") == "Grey hoodie jeans"
    assert clip(None, "clothing") is None


def test_key_risks_put_exploitation_first_without_repeats():
    risks = key_risks({"self_harm": "yes", "medical": "no", "cse_concern": "unknown"},
                      ["Asthma", "self harm"], ["Older associates", "Unexplained phone"],
                      display_name)
    assert risks == ["Older associates", "Unexplained phone", "Self harm", "Asthma"]


def test_header_actions_follow_the_permission_table():
    assert [k for k, _ in actions_for("sergeant", "open")] == [
        "grade", "found", "escalate", "briefing", "map"]
    assert [k for k, _ in actions_for("constable", "open")] == ["briefing"]
    assert [k for k, _ in actions_for("partner", "open")] == ["escalate"]
    assert [k for k, _ in actions_for("sergeant", "found")] == ["close", "escalate", "map"]
    assert [k for k, _ in actions_for("coordinator", "closed")] == ["escalate", "map"]
    assert action_url("escalate", 7) == "/escalations/new?episode=7"
    assert action_url("grade", 7) == "/episodes/7/grade"
