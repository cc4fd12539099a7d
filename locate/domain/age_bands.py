"""Age bands the coordinator's desk groups children by (age on the day of the report).

93% of missing children are 12 to 17 (shared/domain.md), so the bands split that range where
the published tables do (12-14 as in the Grampian study, 15-17) and keep the few younger and
older children apart rather than hidden in them."""

from __future__ import annotations

# key -> (label, lowest age, highest age inclusive; None = no upper bound)
AGE_BANDS: dict[str, tuple[str, int, int | None]] = {
    "under_12": ("Under 12", 0, 11),
    "12_14": ("12 to 14", 12, 14),
    "15_17": ("15 to 17", 15, 17),
    "18_plus": ("18 and over", 18, None),
}


def age_band(age: int) -> str:
    """The band key for a whole-year age."""
    for key, (_, low, high) in AGE_BANDS.items():
        if age >= low and (high is None or age <= high):
            return key
    raise ValueError(f"no band for age {age}")


def sql_case(age_sql: str) -> str:
    """A SQL CASE giving the band key for an integer age expression (keys are constants)."""
    whens = " ".join(
        f"WHEN {age_sql} <= {high} THEN '{key}'" for key, (_, _, high) in AGE_BANDS.items()
        if high is not None)
    last = next(key for key, (_, _, high) in AGE_BANDS.items() if high is None)
    return f"CASE {whens} ELSE '{last}' END"
