"""What fits on the briefing sheet: one A4 page, however long the child's record.

Each list is cut to its own limit and says how many were left out ("and 7 more"); long
texts are cut at a word with an ellipsis. The limits are sized so the fullest sheet still
prints on one page (tests/browser/test_briefing_sheet.py prints one to PDF and counts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LIMITS = {"risks": 8, "associates": 5, "places": 6, "phones": 4, "social_media": 3}
TEXT_LIMITS = {"description": 220, "clothing": 160, "last_seen": 140, "circumstances": 200,
               "medical": 120, "transport": 100, "associate": 70, "place": 60, "why": 90}


@dataclass(frozen=True)
class Shortlist:
    shown: list
    more: int  # how many were left out

    @property
    def more_text(self) -> str | None:
        return f"and {self.more} more" if self.more else None


def shortlist(items: Sequence, kind: str) -> Shortlist:
    """The first LIMITS[kind] items (already in order of importance) and the count left."""
    limit = LIMITS[kind]
    return Shortlist(list(items[:limit]), max(0, len(items) - limit))


def clip(text: str | None, kind: str) -> str | None:
    """Text cut to TEXT_LIMITS[kind] characters, at a word, with an ellipsis when cut."""
    if not text:
        return text
    text = " ".join(text.split())
    limit = TEXT_LIMITS[kind]
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;.") + "…"


def key_risks(factors: dict, vulnerabilities: Sequence[str], exploitation: Sequence[str],
              label) -> list[str]:
    """Exploitation markers first (the strongest predictor of harm), then the latest
    assessment's factors answered yes, then the profile's vulnerabilities; no repeats."""
    seen, out = set(), []
    for item in [*exploitation, *(label(k) for k, v in factors.items() if v == "yes"),
                 *vulnerabilities]:
        norm = item.strip().lower()
        if norm and norm not in seen:
            seen.add(norm)
            out.append(item.strip())
    return out
