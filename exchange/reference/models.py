from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.extensions import db


def _localized(zh: str, en: str) -> str:
    return en if str(get_locale()).startswith("en") else zh


class District(db.Model):
    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80))
    sort_order: Mapped[int] = mapped_column(default=0)

    @property
    def name(self) -> str:
        return _localized(self.name_zh, self.name_en)


class Industry(db.Model):
    """A GB/T 4754-2017 section (code 'C') or division (code '34', section 'C')."""

    __tablename__ = "industries"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    section: Mapped[str] = mapped_column(String(1), index=True)
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(160))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("industries.code"))

    @property
    def is_section(self) -> bool:
        return self.parent_code is None

    @property
    def name(self) -> str:
        return _localized(self.name_zh, self.name_en)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"
