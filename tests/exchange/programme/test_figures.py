"""The dashboard's figures against counts made by hand from the fixture data.

Every item is dated explicitly (year 2025, with neighbours in 2024 and 2026); each one that
must not count says why next to it.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from exchange.achievements.kinds import AchievementType as T
from exchange.achievements.kinds import LegalStatus
from exchange.agreements import money
from exchange.agreements import services as agreement_services
from exchange.agreements.kinds import AgreementState, DealType, Exclusivity, Party
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.programme import figures, figures_areas, figures_money
from exchange.programme.figures import Filters
from exchange.programme.kinds import ActivityKind
from exchange.programme.models import DEFAULT_TARGETS, Activity, Target
from exchange.reference.models import District
from exchange.studios.models import HonourLevel, PartyBuilding
from tests.support import factories

YEAR = 2025
PATENT_DIGIT = {T.INVENTION_PATENT: "1", T.UTILITY_MODEL: "2", T.DESIGN_PATENT: "3"}


def at(y: int, m: int, d: int, hour: int = 4) -> datetime:
    """An instant in UTC; 04:00 UTC is noon in Shanghai, well inside the local day."""
    return datetime(y, m, d, hour, tzinfo=UTC)


def district_id(code: str) -> int:
    return db.session.execute(db.select(District.id).where(District.code == code)).scalar_one()


def achievement(author, kind: T, state: str = "published", on: datetime | None = None,
                **overrides):
    if kind in PATENT_DIGIT:
        overrides.setdefault("patent_number", factories.valid_patent_number(
            PATENT_DIGIT[kind], next(_serial)))
    else:
        overrides.update(patent_number=None, legal_status=None)
    item = factories.make_achievement(author, state, type=kind, **overrides)
    item.published_at = on
    db.session.commit()
    return item


_serial = iter(range(500_000, 10_000_000))


def activity(studio, author, kind: ActivityKind, held_on: date, participants: int,
             verified: bool = True):
    db.session.add(Activity(
        studio_id=studio.id, kind=kind, held_on=held_on, topic="数控机床装调技能培训",
        participants=participants, created_by_id=author.id,
        verified_at=at(held_on.year, held_on.month, held_on.day) if verified else None))
    db.session.commit()


@pytest.fixture
def places(db, studio, other_studio):
    """A: 梁溪 34 city, no party building (the `studio` fixture). B: 锡山 65 provincial with
    a party organisation. C: 梁溪 13 district-level with a pioneer post (below city level).
    D: 滨湖 'C' national with a pioneer post. E: 锡山 34 national, none."""
    other_studio.district_id = district_id("320205")
    other_studio.industry_code = "65"
    other_studio.honour_level = HonourLevel.PROVINCIAL
    other_studio.party_building = PartyBuilding.PARTY_ORGANISATION
    db.session.commit()
    return {
        "A": studio, "B": other_studio,
        "C": factories.make_studio(district_id=district_id("320213"), industry_code="13",
                                   honour_level="district", party_building="pioneer_post"),
        "D": factories.make_studio(district_id=district_id("320211"), industry_code="C",
                                   honour_level="national", party_building="pioneer_post"),
        "E": factories.make_studio(district_id=district_id("320205"), industry_code="34",
                                   honour_level="national", party_building="none"),
    }


@pytest.fixture
def member_b(places):
    return factories.make_user(Role.STUDIO_MEMBER, studio=places["B"], name="成员乙")


@pytest.fixture
def world(db, users, places, member_b):
    a_member = users["studio_member"]
    # Activities: 2025 verified trainings are A 30, B 20, D 5 (55 person-times).
    activity(places["A"], a_member, ActivityKind.TRAINING, date(2025, 4, 1), 30)
    activity(places["A"], a_member, ActivityKind.TRAINING, date(2025, 5, 1), 100,
             verified=False)  # unverified
    activity(places["A"], a_member, ActivityKind.TRAINING, date(2024, 12, 31), 7)  # 2024
    activity(places["A"], a_member, ActivityKind.TACKLING, date(2025, 6, 1), 50)  # no training
    activity(places["B"], member_b, ActivityKind.TRAINING, date(2025, 6, 1), 20)
    activity(places["D"], a_member, ActivityKind.TRAINING, date(2025, 12, 31), 5)
    # Achievements of A (industry 34).
    achievement(a_member, T.INVENTION_PATENT, on=at(2025, 3, 10))
    achievement(a_member, T.TECHNICAL_INNOVATION, on=at(2025, 3, 20))
    achievement(a_member, T.PROCESS_METHOD, "traded", on=at(2025, 7, 1))  # traded counts
    achievement(a_member, T.TECHNICAL_BREAKTHROUGH, "withdrawn", on=at(2025, 5, 1))
    achievement(a_member, T.MANAGEMENT_INNOVATION, "draft")
    achievement(a_member, T.UTILITY_MODEL, "returned")
    achievement(a_member, T.UTILITY_MODEL, on=at(2024, 12, 31),  # noon 31 Dec: 2024
                legal_status=LegalStatus.PENDING)
    # 17:00 UTC on 31 Dec 2024 is 01:00 on 1 Jan 2025 in Shanghai: January 2025.
    achievement(a_member, T.SERVICE_INNOVATION, on=datetime(2024, 12, 31, 17, tzinfo=UTC))
    # Achievements of B (studio industry 65, district 锡山).
    achievement(member_b, T.DESIGN_PATENT, on=at(2025, 11, 5), industry_code="65",
                legal_status=LegalStatus.PENDING)
    achievement(member_b, T.SOFTWARE_COPYRIGHT, on=at(2025, 2, 1), industry_code="65")
    achievement(member_b, T.MECHANISM_INNOVATION, on=at(2025, 8, 8), industry_code="34")
    unknown = achievement(member_b, T.INVENTION_PATENT, on=at(2025, 9, 9), industry_code="65")
    unknown.legal_status = None
    achievement(member_b, T.INVENTION_PATENT, "withdrawn", on=at(2025, 9, 9),
                industry_code="65")
    db.session.commit()
    return places


# --- progress ---------------------------------------------------------------------------

def _actual(f: Filters) -> dict[str, int]:
    return {p.key: p.actual for p in figures_areas.progress(f)}


def test_progress_counts_only_what_the_programme_counts(world):
    assert _actual(Filters(YEAR)) == {"training": 55, "innovations": 4, "patents": 3,
                                      "party_building": 2}
    assert _actual(Filters(2024)) == {"training": 7, "innovations": 0, "patents": 1,
                                      "party_building": 2}  # coverage is not year-bound
    assert _actual(Filters(2026)) == {"training": 0, "innovations": 0, "patents": 0,
                                      "party_building": 2}


PROGRESS_BY_FILTER = {  # (district, industry) -> training, innovations, patents, covered
    ("320213", None): (30, 3, 1, 0),
    ("320205", None): (20, 1, 2, 1),
    ("320211", None): (5, 0, 0, 1),
    ("320282", None): (0, 0, 0, 0),
    (None, "C"): (35, 4, 1, 1),  # trainings and coverage by the studio's industry
    (None, "34"): (30, 4, 1, 0),  # a division: D's studio is filed under section C only
    (None, "I"): (20, 0, 2, 1),
    ("320205", "C"): (0, 1, 0, 0),
}


def test_progress_filters(world):
    """Every filter on one world (building it is what takes the time)."""
    found = {place: tuple(_actual(Filters(YEAR, *place)).values())
             for place in PROGRESS_BY_FILTER}
    assert found == PROGRESS_BY_FILTER


def test_targets_come_from_the_years_row_or_the_defaults(world):
    assert {p.key: p.target for p in figures_areas.progress(Filters(YEAR))} == DEFAULT_TARGETS
    assert db.session.get(Target, YEAR) is None  # reading never inserts
    db.session.add(Target(year=YEAR, training=100, innovations=8, patents=0, party_building=2))
    db.session.add(Target(year=2024, training=1, innovations=1, patents=1, party_building=1))
    db.session.commit()
    rows = {p.key: p for p in figures_areas.progress(Filters(YEAR))}
    assert {k: p.target for k, p in rows.items()} == {
        "training": 100, "innovations": 8, "patents": 0, "party_building": 2}
    assert {k: p.percent for k, p in rows.items()} == {
        "training": 55, "innovations": 50, "patents": 0, "party_building": 100}
    assert figures_areas.progress(Filters(2026))[0].target == DEFAULT_TARGETS["training"]


def test_percent_rounds_half_up_and_may_exceed_100():
    assert figures_areas.Progress("training", 1, 8).percent == 13  # 12.5
    assert figures_areas.Progress("training", 3, 2).percent == 150
    assert figures_areas.Progress("training", 5, 0).percent == 0
    assert figures_areas.Progress("training", 0, 42).percent == 0
    assert figures_areas.Progress("training", 2000, 2000).percent == 100


# --- areas ------------------------------------------------------------------------------

def _areas(rows) -> dict:
    return {r.key: (r.training, r.innovations, r.patents, r.studios, r.covered) for r in rows}


def test_by_district_lists_every_district_in_code_order(world):
    rows = figures_areas.by_district(Filters(YEAR, district="320282"))  # f.district is ignored
    codes = db.session.execute(db.select(District.code).order_by(District.code)).scalars()
    assert [r.key for r in rows] == list(codes)
    assert {r.key: r.name for r in rows}["320213"] in ("梁溪区", "Liangxi District")
    zero = (0, 0, 0, 0, 0)
    assert _areas(rows) == {code: zero for code in _areas(rows)} | {
        "320213": (30, 3, 1, 2, 0), "320205": (20, 1, 2, 2, 1), "320211": (5, 0, 0, 1, 1)}


def test_by_district_with_an_industry(world):
    areas = _areas(figures_areas.by_district(Filters(YEAR, industry="I")))
    assert areas["320205"] == (20, 0, 2, 1, 1)
    assert areas["320213"] == areas["320211"] == (0, 0, 0, 0, 0)
    areas = _areas(figures_areas.by_district(Filters(YEAR, industry="34")))
    # Achievements by their own industry (B's mechanism innovation is 34), studios by theirs.
    assert areas["320213"] == (30, 3, 1, 1, 0)
    assert areas["320205"] == (0, 1, 0, 1, 0)


def test_by_industry_per_section(world):
    rows = figures_areas.by_industry(Filters(YEAR, industry="I"))  # f.industry is ignored
    assert [r.key for r in rows] == ["C", "I"]
    assert rows[0].name in ("制造业", "Manufacturing")
    assert _areas(rows) == {"C": (35, 4, 1, 4, 1), "I": (20, 0, 2, 1, 1)}
    assert _areas(figures_areas.by_industry(Filters(YEAR, district="320205"))) == {
        "C": (0, 1, 0, 1, 0), "I": (20, 0, 2, 1, 1)}
    assert _areas(figures_areas.by_industry(Filters(YEAR, district="320211"))) == {
        "C": (5, 0, 0, 1, 1)}


# --- achievements -----------------------------------------------------------------------

def test_achievements_by_month(world):
    months = figures.achievements_by_month(Filters(YEAR))
    assert set(months) == {t.value for t in T}
    assert all(len(counts) == 12 for counts in months.values())

    def one(*months_):
        return [1 if m in months_ else 0 for m in range(1, 13)]

    assert months == {
        "invention_patent": one(3, 9), "utility_model": one(), "design_patent": one(11),
        "software_copyright": one(2), "technical_innovation": one(3),
        "technical_breakthrough": one(), "process_method": one(7),
        "management_innovation": one(), "service_innovation": one(1),
        "mechanism_innovation": one(8)}
    assert figures.achievements_by_month(Filters(2024))["utility_model"] == one(12)
    filtered = figures.achievements_by_month(Filters(YEAR, district="320205", industry="34"))
    assert {k: v for k, v in filtered.items() if any(v)} == {"mechanism_innovation": one(8)}


def test_patents_by_kind_and_status_is_the_whole_stock(world):
    statuses = {"pending": 0, "granted": 0, "lapsed": 0, "unknown": 0}
    assert figures.patents_by_kind_status(Filters(YEAR)) == {
        "invention_patent": statuses | {"granted": 1, "unknown": 1},
        "utility_model": statuses | {"pending": 1},  # published in 2024: still in stock
        "design_patent": statuses | {"pending": 1}}
    assert figures.patents_by_kind_status(Filters(YEAR, district="320213")) == {
        "invention_patent": statuses | {"granted": 1},
        "utility_model": statuses | {"pending": 1}, "design_patent": statuses}
    assert figures.patents_by_kind_status(Filters(YEAR, industry="I")) == {
        "invention_patent": statuses | {"unknown": 1}, "utility_model": statuses,
        "design_patent": statuses | {"pending": 1}}


# --- studios ----------------------------------------------------------------------------

def test_uncovered_studios(world):
    rows = figures.uncovered_studios(Filters(YEAR))
    expected = sorted([world["A"], world["E"]], key=lambda s: s.name)  # C is district-level
    assert [(r.id, r.name, r.honour_level) for r in rows] == [
        (s.id, s.name, s.honour_level.value) for s in expected]
    assert {r.name: r.district for r in rows}[world["E"].name] in ("锡山区", "Xishan District")
    assert [r.id for r in figures.uncovered_studios(Filters(YEAR, district="320205"))] == [
        world["E"].id]
    assert figures.uncovered_studios(Filters(YEAR, industry="I")) == []


def test_public_figures(world, users):
    factories.make_need(users["enterprise"], "published")
    factories.make_need(users["enterprise"], "closed")
    assert figures.public_figures(YEAR) == figures.PublicFigures(
        studios=5, published_achievements=8, patents=4, open_needs=1, agreements_in_force=0,
        training_person_times=55)
    assert figures.public_figures(2024).training_person_times == 7


def test_figures_never_load_rows(world):
    """Counting happens in SQL: no domain row comes back into the session."""
    db.session.expunge_all()
    for f in (Filters(YEAR), Filters(YEAR, "320213", "C")):
        for figure in (figures_areas.progress, figures_areas.by_district, figures_areas.by_industry,
                       figures.achievements_by_month, figures.patents_by_kind_status,
                       figures.needs_funnel, figures_money.agreements_by_deal_type,
                       figures_money.money_by_month):
            figure(f)
    figures.public_figures(YEAR)
    # No money was ever recorded here: twelve empty months.
    assert figures_money.money_by_month(Filters(YEAR)) == [
        figures_money.MoneyMonth(m, 0, 0, 0, 0) for m in range(1, 13)]
    loaded = {type(obj).__name__ for obj in db.session.identity_map.values()}
    assert loaded <= {"District", "Industry"}  # the reference rows that name the areas


# --- needs --------------------------------------------------------------------------------

@pytest.fixture
def needs_world(db, users, studio):
    enterprise = users["enterprise"]

    def on_offer():
        # One live inquiry per enterprise and achievement (issue 15, D.10): one each.
        return factories.make_achievement(users["studio_member"], "published")

    def need(state, on, inquiries=(), **values):
        item = factories.make_need(enterprise, state, **values)
        item.published_at = on
        for inquiry_state in inquiries:
            factories.make_inquiry(enterprise, on_offer(), inquiry_state).need_id = item.id
        db.session.commit()

    liangxi = {"district_code": "320213", "industry_code": "34"}
    xishan = {"district_code": "320205", "industry_code": "65"}
    need("published", at(2025, 2, 1), **liangxi)
    need("published", at(2025, 3, 1), ["open"], **liangxi)
    need("closed", at(2025, 4, 1), ["negotiating"], **xishan)  # closed since: still posted
    need("published", at(2025, 5, 1), ["closed", "agreed"], **xishan)
    need("published", at(2024, 6, 1), ["agreed"], **liangxi)  # 2024
    need("draft", None, ["agreed"], **liangxi)  # never published
    need("submitted", None, **liangxi)
    need("published", at(2025, 6, 1), ["closed"], district_code="320213", industry_code="13")
    factories.make_inquiry(enterprise, on_offer(), "agreed")  # answers no need


FUNNEL_BY_FILTER = {  # (district, industry) -> posted, matched, negotiating, agreed
    (None, None): (5, 4, 2, 1),
    ("320213", None): (3, 2, 0, 0),
    ("320205", None): (2, 2, 2, 1),
    (None, "C"): (3, 2, 0, 0),
    (None, "13"): (1, 1, 0, 0),
    (None, "I"): (2, 2, 2, 1),
    ("320211", None): (0, 0, 0, 0),
}


def test_needs_funnel(needs_world):
    found = {}
    for place in FUNNEL_BY_FILTER:
        funnel = figures.needs_funnel(Filters(YEAR, *place))
        found[place] = (funnel.posted, funnel.matched, funnel.negotiating, funnel.agreed)
        assert funnel.posted >= funnel.matched >= funnel.negotiating >= funnel.agreed, place
    assert found == FUNNEL_BY_FILTER


def test_needs_funnel_other_years(needs_world):
    assert figures.needs_funnel(Filters(2024)) == figures.Funnel(1, 1, 1, 1)
    assert figures.needs_funnel(Filters(2026)) == figures.Funnel(0, 0, 0, 0)


# --- agreements and money -----------------------------------------------------------------

SHARES = [("inventor", "发明人甲", 6000, None), ("studio_fund", "工作室基金", 4000, None)]


@pytest.fixture
def deals(db, users, places, member_b):
    """G1: A's patent (34, 梁溪), activated 2025, amended to a licence. G2: B's patent
    (65, 锡山), activated 2025, terminated later. G3 activated in 2024, G4 never."""
    staff, enterprise = users["union_staff"], users["enterprise"]
    approver = factories.make_user(Role.UNION_STAFF, name="审批人")
    patent_a = achievement(users["studio_member"], T.INVENTION_PATENT, on=at(2024, 1, 5))
    patent_b = achievement(member_b, T.DESIGN_PATENT, on=at(2024, 1, 5), industry_code="65")

    def agreement(item, activated, state="active", buyer=enterprise):
        deal = factories.make_agreement(buyer, item, staff, state, shares=SHARES,
                                        approver=approver)
        deal.activated_at = activated
        db.session.commit()
        return deal

    g1 = agreement(patent_a, at(2025, 4, 1))
    g2 = agreement(patent_b, at(2025, 8, 1))
    # Other buyers: an enterprise has one live inquiry per achievement (issue 15, D.10).
    agreement(patent_a, at(2024, 6, 1), buyer=factories.make_user(Role.ENTERPRISE))
    agreement(patent_a, None, "proposed", buyer=factories.make_user(Role.ENTERPRISE))

    def receipt(deal, key, fen, on):
        money.record_receipt(deal, staff, key=key, amount_fen=fen, on=on, reference=key)
        db.session.commit()

    def payout(deal, key, person, fen, on):
        money.record_payout(deal, staff, key=key, beneficiary_id=person.id, amount_fen=fen,
                            on=on, reference=key)
        db.session.commit()

    def reverse(deal, key, original, on):
        money.reverse(deal, staff, key=key, original_key=original, reason="录入错误", on=on)
        db.session.commit()

    first = g1.in_force.beneficiaries
    receipt(g1, "r0", 30_000, date(2024, 11, 1))
    receipt(g1, "r1", 100_000, date(2025, 1, 15))
    amendment = agreement_services.start_version(g1, staff)
    amendment.deal_type, amendment.exclusivity = DealType.LICENSE, Exclusivity.ORDINARY
    agreement_services.propose(amendment, staff, acknowledged=True)
    agreement_services.accept(amendment, enterprise, Party.ENTERPRISE, confirmed=True)
    agreement_services.accept(amendment, users["studio_leader"], Party.STUDIO, confirmed=True)
    agreement_services.accept(amendment, staff, Party.EMPLOYER_UNIT, "同意函")
    agreement_services.approve(amendment, approver)
    db.session.commit()
    payout(g1, "p1", first[0], 20_000, date(2025, 2, 10))  # a beneficiary of version 1
    payout(g1, "p2", first[1], 10_000, date(2025, 2, 20))
    reverse(g1, "x-p2", "p2", date(2025, 4, 1))  # reversed payout: neither counts
    receipt(g1, "r2", 50_000, date(2025, 3, 3))
    reverse(g1, "x-r2", "r2", date(2025, 3, 5))  # reversed receipt: neither counts
    receipt(g2, "r-g2", 40_000, date(2025, 6, 30))
    payout(g2, "p-g2", g2.in_force.beneficiaries[0], 5_000, date(2025, 12, 31))
    receipt(g1, "r3", 7_000, date(2026, 1, 5))  # after the year
    # A new draft never counts: the deal type is the latest approved version's.
    agreement_services.start_version(g2, staff).deal_type = DealType.EQUITY
    agreement_services.close(g2, staff, AgreementState.TERMINATED, "企业停产")
    db.session.commit()
    return {"g1": g1, "g2": g2}


def test_agreements_by_deal_type(deals):
    zero = dict.fromkeys((d.value for d in DealType), 0)
    assert figures_money.agreements_by_deal_type(Filters(YEAR)) == zero | {"licence": 1,
                                                                      "transfer": 1}
    assert figures_money.agreements_by_deal_type(Filters(2024)) == zero | {"transfer": 1}
    assert figures_money.agreements_by_deal_type(Filters(YEAR, district="320205")) == zero | {
        "transfer": 1}
    assert figures_money.agreements_by_deal_type(Filters(YEAR, industry="C")) == zero | {
        "licence": 1}
    assert figures_money.agreements_by_deal_type(Filters(YEAR, industry="65", district="320213")) \
        == zero


def _money(f: Filters) -> dict[str, list[int]]:
    rows = figures_money.money_by_month(f)
    assert [r.month for r in rows] == list(range(1, 13))
    return {name: [getattr(r, name) for r in rows]
            for name in ("received", "allocated", "paid", "payable")}


def _months(**values) -> list[int]:
    """12 monthly figures from {"jan": n, ...}; a month not named is 0."""
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    return [values.get(name, 0) for name in names]


def _balance(*changes) -> list[int]:
    """End-of-month balances from (month, amount) changes on top of an opening (month 0)."""
    result, running = [], 0
    for month in range(13):
        running += sum(amount for m, amount in changes if m == month)
        if month:
            result.append(running)
    return result


def test_money_by_month(deals):
    assert _money(Filters(YEAR)) == {
        "received": _months(jan=100_000, jun=40_000),
        "allocated": _months(jan=100_000, jun=40_000),
        "paid": _months(feb=20_000, dec=5_000),
        "payable": _balance((0, 30_000), (1, 100_000), (2, -20_000), (6, 40_000),
                            (12, -5_000))}
    assert _money(Filters(2024)) == {
        "received": _months(nov=30_000), "allocated": _months(nov=30_000),
        "paid": _months(), "payable": _balance((11, 30_000))}
    assert _money(Filters(2026))["received"] == _months(jan=7_000)
    assert _money(Filters(2026))["payable"] == [152_000] * 12


def test_money_by_month_filtered(deals):
    assert _money(Filters(YEAR, district="320205")) == {
        "received": _months(jun=40_000), "allocated": _months(jun=40_000),
        "paid": _months(dec=5_000), "payable": _balance((6, 40_000), (12, -5_000))}
    # Industry C is G1's achievement: its payout to a beneficiary of version 1 counts too.
    assert _money(Filters(YEAR, industry="C")) == {
        "received": _months(jan=100_000), "allocated": _months(jan=100_000),
        "paid": _months(feb=20_000),
        "payable": _balance((0, 30_000), (1, 100_000), (2, -20_000))}
    assert _money(Filters(YEAR, district="320282")) == {
        name: _months() for name in ("received", "allocated", "paid", "payable")}


def test_ledger_refs_built_in_sql_match_python(db):
    from sqlalchemy import literal, select

    from exchange.programme.figures_money import ref_of

    for n in (1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456):
        assert db.session.execute(select(ref_of("A", literal(n)))).scalar() == f"A{n:04d}"


def test_money_by_month_counts_a_late_entry_by_its_date(deals, users):
    before = {f: _money(f) for f in (Filters(YEAR), Filters(2026), Filters(YEAR, industry="C"))}
    # Recorded last, dated back into January: the month of its date gets it.
    money.record_receipt(deals["g1"], users["union_staff"], key="late", amount_fen=1_000,
                         on=date(2025, 1, 20), reference="补录")
    db.session.commit()
    for f, figures_before in before.items():
        after = _money(f)
        if f.year == YEAR:
            assert after["received"][0] == after["allocated"][0] == \
                figures_before["received"][0] + 1_000
            assert after["received"][1:] == figures_before["received"][1:]
        assert after["payable"] == [n + 1_000 for n in figures_before["payable"]]


def test_money_by_month_is_in_cny_only(deals):
    from ledger import core, store

    g1 = deals["g1"]
    people = [(b.id, b.share_bp) for b in g1.in_force.beneficiaries]
    before = _money(Filters(YEAR))
    conn = db.session.connection()
    for account in [core.clearing("USD"), core.revenue_account(g1.id, "USD"),
                    *(make(i, "USD") for i, _ in people
                      for make in (core.share_account, core.payable_account))]:
        store.open_account(conn, account)
    store.post(conn, core.receipt("usd-1", date(2025, 5, 5), 9_999, g1.id, people,
                                  currency="USD"))
    db.session.commit()
    assert _money(Filters(YEAR)) == before
    assert _money(Filters(YEAR, industry="C"))["received"] == _months(jan=100_000)
