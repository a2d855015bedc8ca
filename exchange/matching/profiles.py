"""What the matching engine knows of a need and of an achievement: plain frozen data.

The app builds these from its models (published achievements, open needs); the offline
benchmark builds them from the shared records. Money is integer fen (分), never a float.
Modes are TransactionMode values ('transfer', 'license_general', …); industry is a GB/T
4754-2017 section letter and two-digit division; district a GB/T 2260 six-digit code.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeedProfile:
    id: str
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    division: str | None = None
    section: str | None = None
    modes: frozenset[str] = frozenset()
    budget_min_fen: int | None = None
    budget_max_fen: int | None = None
    negotiable: bool = False  # 面议: the budget is open to negotiation
    district: str | None = None
    published_at: float = 0.0  # POSIX seconds

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}"


@dataclass(frozen=True)
class AchievementProfile:
    id: str
    title: str
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    division: str | None = None
    section: str | None = None
    modes: frozenset[str] = frozenset()
    trl: int | None = None  # technology readiness level, 1-9
    price_fen: int | None = None  # asking price; None when only negotiable
    negotiable: bool = False
    district: str | None = None
    published_at: float = 0.0

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.abstract}"
