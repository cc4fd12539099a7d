"""What changed in a child's profile between two versions: what officers read first when the
child goes missing again ("since the last episode: new phone, new associate").

Pure: two profile dicts (as services/profiles/child_profiles.profile_dict makes them) in, a
list of changes out. Lists (phones, markers) say what was added and removed rather than
repeating the whole list; everything else says before and after."""

from __future__ import annotations

import json

from .vocab import display_name

# Fields a person reads, in the order the card shows them; bookkeeping (version, who, when)
# is not a change of the child.
DIFF_FIELDS = (
    "first_name", "last_name", "known_as", "date_of_birth", "sex", "ethnicity", "photo_url",
    "height_cm", "build", "hair", "eyes", "distinguishing_features", "description",
    "vulnerabilities", "exploitation_indicators", "medical_needs", "phones", "social_media",
    "transport_used", "placement_type", "placement_address", "placement_location",
    "placement_since", "responsible_local_authority", "addresses", "missing_history",
)

LABELS = {"photo_url": "Photo", "height_cm": "Height (cm)", "transport_used": "Transport",
          "exploitation_indicators": "Exploitation markers", "social_media": "Social media"}


def label(field: str) -> str:
    return LABELS.get(field) or display_name(field)


def _key(item) -> str:
    """A list item's identity for added/removed: strings as they are, anything else (older
    records hold {number, label}, addresses {label, address}) as its canonical JSON."""
    return item if isinstance(item, str) else json.dumps(item, sort_keys=True)


def _list_change(before: list, after: list) -> dict | None:
    before_keys = {_key(i) for i in before}
    after_keys = {_key(i) for i in after}
    added = [i for i in after if _key(i) not in before_keys]
    removed = [i for i in before if _key(i) not in after_keys]
    if not added and not removed:
        return None
    return {"added": added, "removed": removed}


def diff(before: dict, after: dict) -> list[dict]:
    """[{field, label, before, after}] for scalar fields and [{field, label, added, removed}]
    for lists, for every field that differs, in DIFF_FIELDS order."""
    changes = []
    for field in DIFF_FIELDS:
        old, new = before.get(field), after.get(field)
        if isinstance(old, list) or isinstance(new, list):
            change = _list_change(old or [], new or [])
            if change:
                changes.append({"field": field, "label": label(field), **change})
        elif old != new:
            changes.append({"field": field, "label": label(field), "before": old,
                            "after": new})
    return changes
