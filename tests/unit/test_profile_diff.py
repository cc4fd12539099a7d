"""What changed between two profile versions: scalars before and after, lists added and
removed, bookkeeping ignored."""

from __future__ import annotations

from locate.domain.profile_diff import diff

BEFORE = {
    "first_name": "Jade", "last_name": "Example", "description": "Slim, 150 cm",
    "height_cm": 150, "phones": ["07700 900123 (mobile)"], "vulnerabilities": ["low mood"],
    "exploitation_indicators": [], "photo_url": "/api/photos/a", "version": 3,
    "created_at": "2026-01-01T00:00:00+00:00", "medical_needs": None,
    "placement_location": {"type": "Point", "coordinates": [-1.5, 53.8]},
    "addresses": [{"label": "placement", "address": "1 Oak Road"}],
}


def test_the_same_profile_has_no_changes_whatever_its_bookkeeping():
    assert diff(BEFORE, {**BEFORE, "version": 9, "created_at": "2026-12-01"}) == []


def test_scalars_say_before_and_after_in_card_order():
    after = {**BEFORE, "height_cm": 155, "description": "Slim, 155 cm", "medical_needs": "Inhaler"}
    assert diff(BEFORE, after) == [
        {"field": "height_cm", "label": "Height (cm)", "before": 150, "after": 155},
        {"field": "description", "label": "Description", "before": "Slim, 150 cm",
         "after": "Slim, 155 cm"},
        {"field": "medical_needs", "label": "Medical needs", "before": None, "after": "Inhaler"},
    ]


def test_lists_say_what_was_added_and_removed():
    after = {**BEFORE, "phones": ["07700 900999 (new phone)", "07700 900123 (mobile)"],
             "vulnerabilities": [], "exploitation_indicators": ["older associates"]}
    changes = {c["field"]: c for c in diff(BEFORE, after)}
    assert changes["phones"] == {"field": "phones", "label": "Phones",
                                 "added": ["07700 900999 (new phone)"], "removed": []}
    assert changes["vulnerabilities"]["removed"] == ["low mood"]
    assert changes["exploitation_indicators"]["label"] == "Exploitation markers"
    assert changes["exploitation_indicators"]["added"] == ["older associates"]


def test_reordering_a_list_is_not_a_change_and_objects_compare_by_content():
    after = {**BEFORE, "addresses": [{"address": "1 Oak Road", "label": "placement"}]}
    assert diff(BEFORE, after) == []
    moved = {**BEFORE, "addresses": [{"label": "placement", "address": "2 Elm Road"}]}
    [change] = diff(BEFORE, moved)
    assert change["added"] == [{"label": "placement", "address": "2 Elm Road"}]


def test_a_new_photo_and_a_moved_placement_are_changes():
    after = {**BEFORE, "photo_url": "/api/photos/b",
             "placement_location": {"type": "Point", "coordinates": [-1.6, 53.8]}}
    assert [c["field"] for c in diff(BEFORE, after)] == ["photo_url", "placement_location"]


def test_a_field_missing_on_one_side_counts_as_empty():
    assert diff({"phones": []}, {}) == []
    assert diff({}, {"known_as": "JJ"}) == [
        {"field": "known_as", "label": "Known as", "before": None, "after": "JJ"}]
