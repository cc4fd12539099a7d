"""The force's settings for the desk (locate/config.py), turned into the domain's values."""

from __future__ import annotations

from flask import current_app

from ..domain.pattern_flags import FlagSettings
from ..domain.ranking import RankingSettings


def ranking_settings(config=None) -> RankingSettings:
    config = config or current_app.config
    return RankingSettings(half_life_days=config["RANKING_HALF_LIFE_DAYS"],
                           recency_floor=config["RANKING_RECENCY_FLOOR"],
                           last_seen_radius_m=config["RANKING_LAST_SEEN_RADIUS_M"],
                           last_seen_weight=config["RANKING_LAST_SEEN_WEIGHT"])


def flag_settings(config=None) -> FlagSettings:
    config = config or current_app.config
    return FlagSettings(repeat_count=config["FLAG_REPEAT_COUNT"],
                        repeat_days=config["FLAG_REPEAT_DAYS"],
                        lengthening_ratio=config["FLAG_LENGTHENING_RATIO"],
                        further_ratio=config["FLAG_FURTHER_RATIO"],
                        risk_window_days=config["FLAG_RISK_WINDOW_DAYS"])
