"""专利开放许可: declarations (art. 50, 85, 86), four-eyes review, taking a licence in one
step (art. 51), withdrawal, the rule both ways, and the registration sheet."""
from __future__ import annotations

import io
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from flask_babel import force_locale

from exchange.achievements import attachments
from exchange.achievements.kinds import AchievementType
from exchange.agreements import money, registration, statements
from exchange.agreements import services as agreements
from exchange.agreements.kinds import (
    AgreementState,
    DealType,
    Exclusivity,
    PaymentKind,
    RoyaltyBase,
    RoyaltyPeriod,
)
from exchange.agreements.models import Agreement
from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.extensions import db
from exchange.mail.models import Mail
from exchange.money import format_yuan
from exchange.openlicences import licences, services
from exchange.openlicences.kinds import DeclarationState
from exchange.search import sync
from exchange.services_base import DomainError
from tests.support import factories

ALL_CONFIRMED = ["fees_paid", "not_pledged", "not_suspended"]


def english(message) -> str:
    with force_locale("en"):
        return str(message)


@pytest.fixture
def people(users):
    return {**users, "second_staff": factories.make_user(Role.UNION_STAFF, name="审批人")}


def declare(achievement, people, *, effective=True, fee_fen=3_000_000):
    """A lump-sum declaration taken through review to CNIPA's announcement."""
    leader = people["studio_leader"]
    declaration = services.start(achievement, leader)
    declaration.amount_fen = fee_fen
    services.submit(declaration, leader, ALL_CONFIRMED, acknowledged=True)
    if effective:
        services.record_consent(declaration, people["union_staff"], "厂办函〔2026〕21号")
        services.approve(declaration, people["second_staff"])
        services.record_announcement(declaration, people["second_staff"],
                                     local_today() - timedelta(days=1), "CN-OL-2026-001")
    db.session.commit()
    return declaration


@pytest.fixture
def patent(people):
    return factories.make_achievement(people["studio_member"], "published")


def test_art86_refuses_a_declaration_while_an_exclusive_licence_is_in_force(people, patent):
    agreement = factories.make_agreement(people["enterprise"], patent, people["union_staff"],
                                         "active", approver=people["second_staff"])
    agreement.in_force.deal_type = DealType.LICENSE
    agreement.in_force.exclusivity = Exclusivity.EXCLUSIVE
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        services.start(patent, people["studio_leader"])
    assert "86" in english(refused.value.message) and agreement.code in english(
        refused.value.message)


def test_a_utility_model_needs_its_evaluation_report(people):
    item = factories.make_achievement(people["studio_member"], "published",
                                      type=AchievementType.UTILITY_MODEL,
                                      patent_number=factories.valid_patent_number("2", 991))
    declaration = services.start(item, people["studio_leader"])
    with pytest.raises(DomainError) as refused:
        services.submit(declaration, people["studio_leader"], ALL_CONFIRMED, True)
    assert refused.value.field == "evaluation_report_id"
    assert "专利权评价报告" in str(refused.value.message)


def test_the_evaluation_report_is_kept_while_the_declaration_lives(people):
    item = factories.make_achievement(people["studio_member"], "published",
                                      type=AchievementType.UTILITY_MODEL,
                                      patent_number=factories.valid_patent_number("2", 992))
    report = attachments.store(people["studio_member"], item,
                               io.BytesIO(b"%PDF-1.4 report"), "专利权评价报告.pdf")
    declaration = services.start(item, people["studio_leader"])
    declaration.evaluation_report_id = report.id
    services.submit(declaration, people["studio_leader"], ALL_CONFIRMED, True)
    assert declaration.state == DeclarationState.SUBMITTED
    with pytest.raises(DomainError) as refused:
        attachments.remove(item, report)
    assert declaration.code in str(refused.value.message)


def test_the_leader_confirms_what_the_platform_cannot_check(people, patent):
    declaration = services.start(patent, people["studio_leader"])
    with pytest.raises(DomainError) as refused:
        services.submit(declaration, people["studio_leader"], ALL_CONFIRMED[:2], True)
    assert refused.value.field == "confirm"


def test_four_eyes_who_records_the_consent_does_not_approve(people, patent):
    declaration = declare(patent, people, effective=False)
    staff, second = people["union_staff"], people["second_staff"]
    with pytest.raises(DomainError):  # no consent recorded yet
        services.approve(declaration, second)
    services.record_consent(declaration, staff, "厂办函〔2026〕21号")
    with pytest.raises(DomainError) as refused:
        services.approve(declaration, staff)
    assert "four eyes" in english(refused.value.message)
    services.approve(declaration, second)
    assert declaration.state == DeclarationState.APPROVED
    assert declaration.approved_by_id == second.id


def test_taking_a_licence_makes_an_active_agreement_with_the_declared_terms(
        people, patent, outbox, runner):
    declaration = declare(patent, people)
    licence = licences.take(declaration, people["enterprise"], confirmed=True)
    db.session.commit()
    agreement = licence.agreement
    version = agreement.in_force
    assert agreement.state == AgreementState.ACTIVE
    assert (version.deal_type, version.exclusivity) == (DealType.LICENSE, Exclusivity.ORDINARY)
    assert (version.payment_kind, version.consideration_fen) == (PaymentKind.LUMP_SUM,
                                                                3_000_000)
    assert version.term_end == declaration.term_end
    assert [(b.kind, b.name, b.user_id, b.share_bp) for b in version.beneficiaries] == [
        (s.kind, s.name, s.user_id, s.share_bp) for s in declaration.beneficiaries]
    assert [line.amount_fen for line in version.installments] == [3_000_000]
    # The art. 51 notice: kept, in the thread, and mailed to the patentee.
    assert declaration.achievement.patent_number in licence.notice
    assert agreement.inquiry.messages[-1].body == licence.notice
    mail = db.session.execute(db.select(Mail).where(
        Mail.kind == "open_licence_notice")).scalar_one()
    assert mail.to_address == declaration.patentee_email
    assert licence.notice in mail.text_body
    # The first receipt is shared by the declared split, to the fen.
    money.record_receipt(agreement, people["second_staff"], key="ol-1", amount_fen=3_000_001,
                         on=local_today(), reference="工行回单 001")
    db.session.commit()
    allocated = {row.beneficiary.share_bp: row.allocated
                 for row in statements.shares(statements.approved_beneficiaries(agreement))}
    assert sum(allocated.values()) == 3_000_001
    assert allocated[5000] in (1_500_000, 1_500_001)
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0


def test_withdrawal_keeps_licences_and_stops_new_ones(people, patent):
    declaration = declare(patent, people)
    taken = licences.take(declaration, people["enterprise"], confirmed=True)
    services.request_withdrawal(declaration, people["studio_leader"], "拟转让")
    services.approve_withdrawal(declaration, people["union_staff"])
    services.record_withdrawal(declaration, people["union_staff"], local_today(), "CN-W-1")
    db.session.commit()
    assert taken.agreement.state == AgreementState.ACTIVE
    assert patent.open_licence is None
    other = factories.make_user(Role.ENTERPRISE, name="另一企业")
    with pytest.raises(DomainError):
        licences.take(declaration, other, confirmed=True)


def test_no_exclusive_licence_comes_into_force_under_an_open_licence(people, patent):
    declare(patent, people)
    other = factories.make_user(Role.ENTERPRISE, name="另一企业")
    agreement = factories.make_agreement(other, patent, people["union_staff"], "accepted")
    version = agreement.pending
    version.deal_type, version.exclusivity = DealType.LICENSE, Exclusivity.SOLE
    with pytest.raises(DomainError) as refused:
        agreements.approve(version, people["second_staff"])
    assert "51" in english(refused.value.message)
    version.exclusivity = Exclusivity.ORDINARY  # an ordinary licence stays possible
    agreements.approve(version, people["second_staff"])
    assert agreement.state == AgreementState.ACTIVE


def test_the_catalogue_finds_it_through_the_search_index(app, people, patent, client):
    declare(patent, people)
    sync.drain(raise_errors=True)
    page = client.get("/open-licences/?licence=lump_sum")
    assert page.status_code == 200 and patent.title in page.get_data(as_text=True)
    # Its facets link to the page with a value chosen (here: clear the chosen method).
    assert 'href="/open-licences/?licence="' in page.get_data(as_text=True)
    assert 'data-facet="fee"' in page.get_data(as_text=True)
    assert patent.title not in client.get("/open-licences/?licence=royalty").get_data(
        as_text=True)
    assert patent.title in client.get("/search/?licence=open").get_data(as_text=True)
    # The API carries it: the achievement says so, and search filters on it.
    item = client.get(f"/api/v1/achievements/{patent.id}").get_json()
    assert item["open_licence"]["method"] == "lump_sum"
    assert item["open_licence"]["upfront_fen"] == 3_000_000
    declaration_id = patent.open_licence["declaration_id"]
    assert item["open_licence"]["url"].endswith(f"/open-licences/{declaration_id}")
    found = client.get("/api/v1/search?licence=open").get_json()
    assert [hit["id"] for hit in found["hits"]] == [patent.id]


def test_documents_pdf_and_filing_pack(people, patent, client_for):
    declaration = declare(patent, people)
    licence = licences.take(declaration, people["enterprise"], confirmed=True)
    db.session.commit()
    pdf = client_for("visitor").get(f"/open-licences/{declaration.id}/declaration.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    pack = client_for("enterprise").get(f"/open-licences/licences/{licence.id}/filing-pack")
    names = zipfile.ZipFile(io.BytesIO(pack.data)).namelist()
    assert pack.status_code == 200 and len(names) == 3
    assert client_for("studio_member").get(
        f"/open-licences/licences/{licence.id}/filing-pack").status_code == 404


def test_take_in_the_browser_flow_needs_the_confirmation(people, patent, client_for):
    declaration = declare(patent, people)
    enterprise = client_for("enterprise")
    page = enterprise.post(f"/open-licences/{declaration.id}/take", data={})
    assert page.status_code == 200 and "请勾选确认" in page.get_data(as_text=True)
    answer = enterprise.post(f"/open-licences/{declaration.id}/take", data={"confirm": "y"})
    assert answer.status_code == 302 and "/agreements/" in answer.location
    assert db.session.execute(db.select(Agreement)).scalar_one().state == AgreementState.ACTIVE


def test_registration_sheet_from_a_real_agreement(people, patent, client_for):
    people["studio_leader"].studio.employer_unit_credit_code = "91320200MA1XYZ0000"
    agreement = factories.make_agreement(people["enterprise"], patent, people["union_staff"],
                                         "active", approver=people["second_staff"])
    with force_locale("en"):
        rows = dict(registration.sheet(agreement).rows)
    assert rows["Contract type"].startswith("Technology transfer: patent right")
    assert rows["Buyer's unified social credit code"] == agreement.enterprise.credit_code
    assert rows["Seller"] == agreement.employer_unit
    assert rows["Contract price"] == "¥" + format_yuan(agreement.in_force.consideration_fen)
    assert rows["Registration"] == "Not registered"
    staff = client_for("union_staff")
    assert f">{agreement.code}<" in staff.get("/agreements/unregistered").get_data(as_text=True)
    answer = staff.post(f"/agreements/{agreement.id}/registration", data={
        "number": "320202026000123", "registered_on": local_today().isoformat(),
        "office": "无锡市技术市场管理办公室", "amount": "90000"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert agreement.registration.transaction_amount_fen == 9_000_000
    assert f">{agreement.code}<" not in staff.get("/agreements/unregistered").get_data(
        as_text=True)
    sheet = staff.get(f"/agreements/{agreement.id}/registration.xlsx")
    assert sheet.status_code == 200 and sheet.data.startswith(b"PK")
    board = staff.get("/programme/dashboard").get_data(as_text=True)
    assert 'data-figure="registered">1<' in board
    district = board[board.index('id="contracts-district"'):]
    assert patent.studio.district.name in district[:district.index("</table>")]
    assert "¥90,000" in district[:district.index("</table>")]


def test_concurrent_clicks_take_exactly_one_licence(app, people, patent):
    """Four confirmed POSTs released together (a double click, several tabs): one
    agreement; the other requests are told, none fails."""
    url = f"/open-licences/{declare(patent, people).id}/take"
    clients = [factories.login(app.test_client(), people["enterprise"]) for _ in range(4)]
    barrier = threading.Barrier(len(clients), timeout=30)

    def click(client):
        barrier.wait()
        return client.post(url, data={"confirm": "y"})

    with ThreadPoolExecutor(len(clients)) as pool:
        responses = list(pool.map(click, clients))
    db.session.expire_all()
    assert len(db.session.execute(db.select(Agreement)).scalars().all()) == 1
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 302]


def test_a_declaration_states_its_fee_before_it_is_submitted(people):
    """The draft starts from the achievement's price; 面议 leaves the fee to the leader."""
    item = factories.make_achievement(people["studio_member"], "published",
                                      price_negotiable=True, price_fen=None)
    declaration = services.start(item, people["studio_leader"])
    assert declaration.amount_fen is None
    with pytest.raises(DomainError) as refused:
        services.submit(declaration, people["studio_leader"], ALL_CONFIRMED, True)
    assert refused.value.field == "payment_kind"


def test_a_step_with_a_missing_field_says_which(people, patent, client_for):
    declaration = declare(patent, people, effective=False)
    services.record_consent(declaration, people["union_staff"], "厂办函〔2026〕21号")
    services.approve(declaration, people["second_staff"])
    db.session.commit()
    page = client_for("union_staff").post(
        f"/open-licences/{declaration.id}/steps/announce", data={"number": "CN-OL-1"},
        follow_redirects=True).get_data(as_text=True)
    assert "公告日期：" in page
    assert declaration.state == DeclarationState.APPROVED


def test_an_entry_fee_and_royalty_licence_gets_its_schedule(people, patent):
    """入门费+提成: the entry fee falls due the declared days after the notice, then one
    royalty line per declared period from the notice to the term's end."""
    leader = people["studio_leader"]
    declaration = services.start(patent, leader)
    declaration.payment_kind, declaration.amount_fen = PaymentKind.ENTRY_FEE_ROYALTY, None
    declaration.entry_fee_fen, declaration.royalty_rate_bp = 1_000_000, 250
    declaration.royalty_base, declaration.royalty_period = RoyaltyBase.SALES, RoyaltyPeriod.YEAR
    declaration.payment_days = 15
    declaration.term_end = local_today() + relativedelta(years=2)
    services.submit(declaration, leader, ALL_CONFIRMED, acknowledged=True)
    services.record_consent(declaration, people["union_staff"], "厂办函〔2026〕22号")
    services.approve(declaration, people["second_staff"])
    services.record_announcement(declaration, people["second_staff"], local_today(), "CN-2")
    version = licences.take(declaration, people["enterprise"], confirmed=True).agreement.in_force
    lines = [(line.kind.value, line.amount_fen) for line in version.installments]
    assert lines == [("entry_fee", 1_000_000), ("royalty", None), ("royalty", None)]
    assert version.installments[0].due_on == local_today() + timedelta(days=15)
    assert version.installments[1].period_start == local_today()
    assert (version.royalty_rate_bp, version.royalty_base) == (250, RoyaltyBase.SALES)


def test_the_studio_lists_its_declarations(people, patent, client_for):
    declaration = declare(patent, people, effective=False)
    page = client_for("studio_member").get("/open-licences/studio").get_data(as_text=True)
    assert f">{declaration.code}<" in page and "待工会审核" in page
    other = factories.make_studio()
    stranger = factories.make_user(Role.STUDIO_MEMBER, studio=other, name="外人")
    client = factories.login(client_for("visitor"), stranger)
    assert f">{declaration.code}<" not in client.get("/open-licences/studio").get_data(
        as_text=True)
