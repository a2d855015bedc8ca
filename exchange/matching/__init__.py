"""The matching engine: needs ↔ achievements, each match with its explanation.

Pure Python over `search_index` (no Flask): the app and the offline benchmark
(bench/matching.py) call the same functions.
"""
from exchange.matching.engine import Factor, Match, match_achievement, match_need
from exchange.matching.profiles import AchievementProfile, NeedProfile
from exchange.matching.weights import DEFAULT_WEIGHTS, FACTORS

__all__ = ["DEFAULT_WEIGHTS", "FACTORS", "AchievementProfile", "Factor", "Match",
           "NeedProfile", "match_achievement", "match_need"]
