"""Load and query the shipped reference data."""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from exchange.extensions import db
from exchange.reference.models import District, Industry

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def read_csv(name: str) -> tuple[dict, ...]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def industry_rows() -> list[dict]:
    """Rows for the industries table; divisions point at their section."""
    return [
        {
            "code": row["code"],
            "section": row["section"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "parent_code": None if row["code"] == row["section"] else row["section"],
        }
        for row in read_csv("gbt4754_2017.csv")
    ]


def district_rows() -> list[dict]:
    return [
        {**row, "sort_order": int(row["sort_order"])} for row in read_csv("districts.csv")
    ]


def sync_reference_data() -> dict[str, int]:
    """Insert or update shipped rows; never deletes (rows may be referenced). Flushes only."""
    counts = {"districts": 0, "industries": 0}
    existing_d = {d.code: d for d in db.session.execute(db.select(District)).scalars()}
    for row in district_rows():
        district = existing_d.get(row["code"]) or District(code=row["code"])
        for key in ("name_zh", "name_en", "sort_order"):
            setattr(district, key, row[key])
        if district.id is None:
            db.session.add(district)
            counts["districts"] += 1
    existing_i = {i.code: i for i in db.session.execute(db.select(Industry)).scalars()}
    # Sections first so divisions' foreign keys resolve on flush.
    for row in sorted(industry_rows(), key=lambda r: r["parent_code"] is not None):
        industry = existing_i.get(row["code"])
        if industry is None:
            industry = Industry(code=row["code"])
            db.session.add(industry)
            counts["industries"] += 1
        for key in ("section", "name_zh", "name_en", "parent_code"):
            setattr(industry, key, row[key])
    db.session.flush()
    return counts


def districts() -> list[District]:
    return list(
        db.session.execute(db.select(District).order_by(District.sort_order)).scalars()
    )


def sections() -> list[Industry]:
    return list(
        db.session.execute(
            db.select(Industry).where(Industry.parent_code.is_(None)).order_by(Industry.code)
        ).scalars()
    )


def divisions() -> list[Industry]:
    return list(
        db.session.execute(
            db.select(Industry).where(Industry.parent_code.is_not(None)).order_by(Industry.code)
        ).scalars()
    )


def division_choices() -> list[SelectChoice]:
    """Divisions for a <select>, grouped under their section (<optgroup>), after an empty
    placeholder: nothing is preselected, so a forgotten choice is refused, not "01 农业"."""
    names = {s.code: f"{s.code} {s.name}" for s in sections()}
    return [SelectChoice("", _l("Choose the industry"))] + [
        SelectChoice(d.code, d.label, optgroup=names[d.section]) for d in divisions()]


def district_filter_choices() -> list[SelectChoice]:
    """'All districts' then each district by code, for GET filter forms."""
    return [SelectChoice("", _l("All districts"))] + [
        SelectChoice(d.code, d.name) for d in districts()]


def section_filter_choices() -> list[SelectChoice]:
    """'All industries' then each GB/T 4754 section, for GET filter forms."""
    return [SelectChoice("", _l("All industries"))] + [
        SelectChoice(s.code, f"{s.code} {s.name}") for s in sections()]
