from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, case
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import LabelledEnum, enum_column, ordered, replace_rows
from exchange.extensions import db
from exchange.reference.models import District, Industry


class HonourLevel(LabelledEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    DISTRICT = "district"


HonourLevel.set_labels({
    HonourLevel.NATIONAL: _l("National level"),
    HonourLevel.PROVINCIAL: _l("Provincial level"),
    HonourLevel.CITY: _l("City level"),
    HonourLevel.DISTRICT: _l("District level"),
})


class PartyBuilding(LabelledEnum):
    PARTY_ORGANISATION = "party_organisation"
    PIONEER_POST = "pioneer_post"
    NONE = "none"


PartyBuilding.set_labels({
    PartyBuilding.PARTY_ORGANISATION: _l("Party organisation"),
    PartyBuilding.PIONEER_POST: _l("Party-member pioneer post"),
    PartyBuilding.NONE: _l("None"),
})


class InnovationKind(LabelledEnum):
    TECHNOLOGY = "technology"
    MANAGEMENT = "management"
    SERVICE = "service"
    MECHANISM = "mechanism"


InnovationKind.set_labels({
    InnovationKind.TECHNOLOGY: _l("Technological innovation"),
    InnovationKind.MANAGEMENT: _l("Management innovation"),
    InnovationKind.SERVICE: _l("Service innovation"),
    InnovationKind.MECHANISM: _l("Mechanism innovation"),
})


class StudioInnovationKind(db.Model):
    __tablename__ = "studio_innovation_kinds"

    studio_id: Mapped[int] = mapped_column(
        ForeignKey("studios.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[InnovationKind] = mapped_column(
        enum_column(InnovationKind, "innovation_kind", 16), primary_key=True
    )


class Studio(db.Model):
    __tablename__ = "studios"
    __table_args__ = (
        CheckConstraint("founded_year BETWEEN 1949 AND 2100", name="founded_year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    leader_name: Mapped[str] = mapped_column(String(40))
    honour_level: Mapped[HonourLevel] = mapped_column(
        enum_column(HonourLevel, "honour_level", 16), index=True
    )
    employer_unit: Mapped[str] = mapped_column(String(120))
    # 统一社会信用代码 of the employer unit: the seller on a technology contract's
    # registration sheet.
    employer_unit_credit_code: Mapped[str] = mapped_column(String(18), default="",
                                                           server_default="")
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    industry_code: Mapped[str] = mapped_column(ForeignKey("industries.code"), index=True)
    is_demonstration: Mapped[bool] = mapped_column(default=False)
    party_building: Mapped[PartyBuilding] = mapped_column(
        enum_column(PartyBuilding, "party_building", 24), default=PartyBuilding.NONE
    )
    founded_year: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    district: Mapped[District] = relationship()
    industry: Mapped[Industry] = relationship()
    kind_rows: Mapped[list[StudioInnovationKind]] = relationship(
        cascade="all, delete-orphan", order_by=StudioInnovationKind.kind
    )
    members = relationship("User", back_populates="studio", order_by="User.name")

    @property
    def innovation_kinds(self) -> list[InnovationKind]:
        return ordered((row.kind for row in self.kind_rows), InnovationKind)

    @innovation_kinds.setter
    def innovation_kinds(self, kinds) -> None:
        self.kind_rows = replace_rows(self.kind_rows, {InnovationKind(k) for k in kinds},
                                      "kind", lambda k: StudioInnovationKind(kind=k))

    @classmethod
    def rank_order(cls):
        """ORDER BY terms: national before provincial, city, district; then by name."""
        rank = case({level: i for i, level in enumerate(HonourLevel)}, value=cls.honour_level)
        return (rank, cls.name)

    @property
    def active_members(self):
        return [m for m in self.members if m.active]
