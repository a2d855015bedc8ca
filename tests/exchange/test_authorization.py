"""The authorization matrix: every route x every role -> allow, login redirect, or 403.

Later issues add rows for their routes; `test_every_route_is_in_the_matrix` fails until
they do, and `test_every_view_declares_its_access_rule` until each view has a decorator.
"""
import io

import pytest

from exchange.achievements import attachments
from exchange.auth import services as auth_services
from exchange.auth.models import User
from exchange.auth.permissions import ACCESS_ATTR
from exchange.auth.roles import Role
from exchange.extensions import db as _db
from exchange.notifications import services as notifications
from tests.support import factories

ROLES = ("visitor", "studio_member", "studio_leader", "enterprise", "union_staff", "admin")
ALLOW, LOGIN, DENY = "allow", "login", "deny"
EVERYONE = dict.fromkeys(ROLES, ALLOW)


def only(*roles: str) -> dict:
    return {r: ALLOW if r in roles else LOGIN if r == "visitor" else DENY for r in ROLES}


SIGNED_IN = only(*ROLES[1:])
STAFF = only("union_staff", "admin")
OWN_STUDIO_MANAGERS = only("studio_leader", "union_staff", "admin")
STUDIO = only("studio_member", "studio_leader")
OWN_STUDIO_AND_STAFF = only("studio_member", "studio_leader", "union_staff", "admin")
HIDDEN = "hidden"  # 404: an unpublished item is not revealed to those who may not see it
UNPUBLISHED = {**OWN_STUDIO_AND_STAFF, "visitor": HIDDEN, "enterprise": HIDDEN}
# An inquiry's thread: the enterprise, the studio (and the mediator, none assigned here).
PARTIES = {**only("studio_member", "studio_leader", "enterprise"), "union_staff": HIDDEN,
           "admin": HIDDEN}
# ...which any staff member reads while no mediator is assigned, to assign one (D.11).
UNASSIGNED_READERS = {**PARTIES, "union_staff": ALLOW, "admin": ALLOW}
OTHER_STUDIOS_DRAFT = {**only(), "studio_member": HIDDEN, "studio_leader": HIDDEN}
# Another studio's log entry: unknown to the studio roles, like a missing id (issue 16).
OTHER_STUDIOS_ENTRY = {**STAFF, "studio_member": HIDDEN, "studio_leader": HIDDEN}

# (endpoint, method, path with {placeholders}, expected per role[, form data])
MATRIX = [
    ("main.index", "GET", "/", EVERYONE),
    ("main.set_language", "GET", "/language/en", EVERYONE),
    ("main.healthz", "GET", "/healthz", EVERYONE),
    ("main.favicon", "GET", "/favicon.ico", EVERYONE),
    ("auth.login", "GET", "/auth/login", EVERYONE),
    ("auth.logout", "POST", "/auth/logout", SIGNED_IN),
    ("auth.register", "GET", "/auth/register", EVERYONE),
    ("auth.change_password", "GET", "/auth/password", SIGNED_IN),
    ("auth.accept_invitation", "GET", "/auth/invitations/{token}", EVERYONE),
    ("admin.users", "GET", "/admin/users", only("admin")),
    ("admin.user_detail", "GET", "/admin/users/{target}", only("admin")),
    ("admin.change_role", "POST", "/admin/users/{target}/role", only("admin")),
    ("admin.toggle_active", "POST", "/admin/users/{target}/active", only("admin")),
    ("studios.index", "GET", "/studios/", EVERYONE),
    ("studios.detail", "GET", "/studios/{studio}", EVERYONE),
    ("studios.mine", "GET", "/studios/mine", only("studio_member", "studio_leader")),
    ("studios.create", "GET", "/studios/new", STAFF),
    ("studios.edit", "GET", "/studios/{studio}/edit", OWN_STUDIO_MANAGERS),
    ("studios.edit", "GET", "/studios/{other_studio}/edit", STAFF),
    ("studios.members", "GET", "/studios/{studio}/members", OWN_STUDIO_MANAGERS),
    ("studios.members", "GET", "/studios/{other_studio}/members", STAFF),
    ("studios.remove_member", "POST", "/studios/{studio}/members/{member}/remove",
     OWN_STUDIO_MANAGERS),
    ("studios.remove_member", "POST", "/studios/{other_studio}/members/{other_member}/remove",
     STAFF),
    ("studios.revoke_invitation", "POST", "/studios/{studio}/invitations/{invitation}/revoke",
     OWN_STUDIO_MANAGERS),
    ("studios.revoke_invitation", "POST",
     "/studios/{other_studio}/invitations/{other_invitation}/revoke", STAFF),
    ("studios.titles", "GET", "/studios/{studio}/titles", STAFF),
    ("studios.titles", "POST", "/studios/{studio}/titles", STAFF,
     {"honour_level": "national", "party_building": "none", "reason": "市总工会命名文件"}),
    ("audit.index", "GET", "/admin/audit", only("admin")),
    ("audit.export", "GET", "/admin/audit/export.csv", only("admin")),
    ("audit.export", "GET", "/admin/audit/export.xlsx", only("admin")),
]
MATRIX += [
    ("achievements.index", "GET", "/achievements/", EVERYONE),
    ("achievements.detail", "GET", "/achievements/{published}", EVERYONE),
    ("achievements.detail", "GET", "/achievements/{draft}", UNPUBLISHED),
    ("achievements.create", "GET", "/achievements/new", STUDIO),
    ("achievements.edit", "GET", "/achievements/{draft}/edit", STUDIO),
    ("achievements.edit", "GET", "/achievements/{other_draft}/edit", OTHER_STUDIOS_DRAFT),
    ("achievements.edit", "GET", "/achievements/{published}/edit", only()),
    ("achievements.delete", "POST", "/achievements/{draft}/delete", STUDIO),
    ("achievements.act", "POST", "/achievements/{submitted}/action", STAFF,
     {"action": "publish"}),
    ("achievements.act", "POST", "/achievements/{draft}/action", STUDIO, {"action": "submit"}),
    ("achievements.act", "POST", "/achievements/{published}/action",
     only("studio_leader", "union_staff", "admin"), {"action": "withdraw"}),
    ("achievements.upload", "POST", "/achievements/{draft}/attachments", STUDIO),
    ("achievements.download", "GET", "/achievements/{published}/attachments/{attachment}",
     SIGNED_IN),
    ("achievements.download", "GET", "/achievements/{draft}/attachments/{draft_attachment}",
     UNPUBLISHED),
    ("achievements.remove_attachment", "POST",
     "/achievements/{draft}/attachments/{draft_attachment}/delete", STUDIO),
    ("achievements.review", "GET", "/achievements/review", STAFF),
    ("achievements.studio", "GET", "/achievements/studio/{studio}", OWN_STUDIO_AND_STAFF),
    ("achievements.studio", "GET", "/achievements/studio/{other_studio}", STAFF),
    ("achievements.studio_export", "GET", "/achievements/studio/{studio}/export.csv",
     OWN_STUDIO_AND_STAFF),
    ("achievements.studio_export", "GET", "/achievements/studio/{other_studio}/export.xlsx",
     STAFF),
    ("achievements.export", "GET", "/achievements/export.xlsx", SIGNED_IN),
    ("achievements.import_template", "GET", "/achievements/import/template.xlsx",
     OWN_STUDIO_AND_STAFF),
    ("achievements.import_file", "GET", "/achievements/import", STUDIO),
    ("achievements.import_confirm", "POST", "/achievements/import/confirm", STUDIO),
    ("search.index", "GET", "/search/?q=主轴", EVERYONE),
    ("needs.index", "GET", "/needs/", EVERYONE),
    ("needs.detail", "GET", "/needs/{need}", EVERYONE),
    ("needs.detail", "GET", "/needs/{need_draft}", {**STAFF, "enterprise": ALLOW,
                                                    "visitor": HIDDEN, "studio_member": HIDDEN,
                                                    "studio_leader": HIDDEN}),
    ("needs.detail", "GET", "/needs/{other_need_draft}", {**STAFF, "visitor": HIDDEN,
                                                          "studio_member": HIDDEN,
                                                          "studio_leader": HIDDEN,
                                                          "enterprise": HIDDEN}),
    ("needs.create", "GET", "/needs/new", only("enterprise")),
    ("needs.edit", "GET", "/needs/{need_draft}/edit", {**only("enterprise"),
                                                       "union_staff": DENY, "admin": DENY}),
    ("needs.edit", "GET", "/needs/{need}/edit", only()),
    ("needs.delete", "POST", "/needs/{need_draft}/delete", only("enterprise")),
    ("needs.act", "POST", "/needs/{need_submitted}/action", STAFF, {"action": "publish"}),
    ("needs.act", "POST", "/needs/{need_draft}/action", only("enterprise"),
     {"action": "submit"}),
    ("needs.mine", "GET", "/needs/mine", only("enterprise")),
    ("needs.review", "GET", "/needs/review", STAFF),
    ("inquiries.index", "GET", "/inquiries/", SIGNED_IN),
    ("inquiries.open_inquiry", "POST", "/inquiries/open/{published}", only("enterprise"),
     {"body": "能否提供试用？"}),
    ("inquiries.detail", "GET", "/inquiries/{inquiry}", UNASSIGNED_READERS),
    ("inquiries.detail", "GET", "/inquiries/{negotiating_inquiry}",
     {**PARTIES, "union_staff": ALLOW}),  # the mediator; the admin is no party
    ("inquiries.post", "POST", "/inquiries/{inquiry}/messages", PARTIES, {"body": "你好"}),
    # Closing: the mediator, or a party withdrawing (either side, issue 17).
    ("inquiries.move", "POST", "/inquiries/{inquiry}/state", PARTIES,
     {"target": "closed", "reason_code": "alternative", "reason": "不再需要"}),
    ("inquiries.assign", "GET", "/inquiries/{inquiry}/assign", STAFF),
    ("inquiries.download", "GET", "/inquiries/{inquiry}/attachments/{inquiry_file}",
     UNASSIGNED_READERS),
    ("favourites.index", "GET", "/favourites/", only("enterprise")),
    ("matching.need_matches", "GET", "/needs/{need}/matches", EVERYONE),
    ("matching.need_matches", "GET", "/needs/{other_need_draft}/matches",
     {**STAFF, "visitor": HIDDEN, "studio_member": HIDDEN, "studio_leader": HIDDEN,
      "enterprise": HIDDEN}),
    ("matching.achievement_matches", "GET", "/achievements/{published}/matches", EVERYONE),
    ("matching.achievement_matches", "GET", "/achievements/{draft}/matches", UNPUBLISHED),
    ("matching.keyword_suggestions", "POST", "/matching/keyword-suggestions", SIGNED_IN),
    ("favourites.toggle", "POST", "/favourites/{published}", only("enterprise")),
    ("favourites.toggle", "POST", "/favourites/{draft}", {**only(), "enterprise": HIDDEN}),
    ("agreements.index", "GET", "/agreements/", SIGNED_IN),
    ("agreements.create", "POST", "/inquiries/{negotiating_inquiry}/agreement",
     only("union_staff")),
    ("agreements.detail", "GET", "/agreements/{agreement}", SIGNED_IN),
    ("agreements.edit", "GET", "/agreements/{agreement_draft}/versions/1/edit",
     only("union_staff")),
    ("agreements.propose", "POST", "/agreements/{agreement_draft}/versions/1/propose",
     only("union_staff"), {"acknowledge": "y"}),
    ("agreements.withdraw", "POST", "/agreements/{agreement_proposed}/versions/1/withdraw",
     only("union_staff")),
    ("agreements.accept", "POST", "/agreements/{agreement_proposed}/versions/1/accept",
     only("enterprise"), {"party": "enterprise", "confirm": "y"}),
    ("agreements.request_changes", "POST",
     "/agreements/{agreement_proposed}/versions/1/changes", only("enterprise", "studio_leader"),
     {"reason": "请调整付款期限"}),
    ("agreements.approve", "POST", "/agreements/{agreement_accepted}/versions/1/approve", STAFF),
    ("agreements.refuse", "POST", "/agreements/{agreement_accepted}/versions/1/refuse", STAFF,
     {"reason": "分成比例需复核"}),
    ("agreements.amend", "POST", "/agreements/{agreement}/amend", only("union_staff")),
    ("agreements.close", "POST", "/agreements/{agreement}/close", STAFF,
     {"state": "completed"}),
    ("agreements.report", "POST", "/agreements/{agreement}/installments/{agreement_line}/report",
     STAFF, {"base": "100"}),
    ("agreements.receipt", "GET", "/agreements/{agreement}/receipts/new", STAFF),
    ("agreements.payout", "GET", "/agreements/{agreement}/payouts/new", STAFF),
    ("agreements.reverse", "GET", "/agreements/{agreement}/entries/{agreement_entry}/reverse",
     STAFF),
    ("ledger.agreement_export", "GET", "/agreements/{agreement}/statement.xlsx", SIGNED_IN),
    ("ledger.mine", "GET", "/statements/mine", SIGNED_IN),
    ("ledger.mine_export", "GET", "/statements/mine.csv", SIGNED_IN),
    ("ledger.studio", "GET", "/studios/{studio}/statement", OWN_STUDIO_AND_STAFF),
    ("ledger.studio", "GET", "/studios/{other_studio}/statement", STAFF),
    ("ledger.trial_balance", "GET", "/ledger/", STAFF),
    ("ledger.trial_balance_export", "GET", "/ledger/trial-balance.xlsx", STAFF),
    ("ledger.beancount", "GET", "/ledger/ledger.beancount", STAFF),
    ("notifications.index", "GET", "/notifications/", SIGNED_IN),
    ("notifications.open_one", "GET", "/notifications/{note}", SIGNED_IN),
    ("notifications.read_all", "POST", "/notifications/read", SIGNED_IN),
]
# Open licences (issue 19): the catalogue and announced declarations are public; the
# leader prepares, staff review, a confirmed enterprise takes; the sheet is for the parties.
LEADER_ONLY = {**only("studio_leader"), "enterprise": HIDDEN}
MATRIX += [
    ("openlicences.index", "GET", "/open-licences/", EVERYONE),
    ("openlicences.review", "GET", "/open-licences/review", STAFF),
    ("openlicences.studio", "GET", "/open-licences/studio", STUDIO),
    ("openlicences.detail", "GET", "/open-licences/{declaration}", EVERYONE),
    ("openlicences.detail", "GET", "/open-licences/{declaration_draft}", UNPUBLISHED),
    ("openlicences.start", "POST", "/achievements/{published}/open-licence",
     only("studio_leader")),
    ("openlicences.edit", "GET", "/open-licences/{declaration_draft}/edit", LEADER_ONLY),
    ("openlicences.submit", "POST", "/open-licences/{declaration_draft}/submit", LEADER_ONLY,
     {"confirm": ["fees_paid", "not_pledged", "not_suspended"], "acknowledge": "y"}),
    ("openlicences.step", "POST", "/open-licences/{declaration_submitted}/steps/consent",
     {**STAFF, "enterprise": HIDDEN}, {"reason": "厂办函〔2026〕21号"}),
    ("openlicences.text", "GET", "/open-licences/{declaration}/text", EVERYONE),
    ("openlicences.pdf", "GET", "/open-licences/{declaration}/declaration.pdf", EVERYONE),
    ("openlicences.take", "GET", "/open-licences/{declaration}/take", only("enterprise")),
    ("openlicences.filing_pack", "GET", "/open-licences/licences/{licence}/filing-pack",
     {**only("studio_leader", "enterprise", "union_staff", "admin"), "studio_member": HIDDEN}),
    ("agreements.unregistered", "GET", "/agreements/unregistered", STAFF),
    ("agreements.sheet", "GET", "/agreements/{agreement}/registration",
     only("studio_leader", "enterprise", "union_staff", "admin")),
    ("agreements.sheet_xlsx", "GET", "/agreements/{agreement}/registration.xlsx",
     only("studio_leader", "enterprise", "union_staff", "admin")),
    ("agreements.record_registration", "POST", "/agreements/{agreement}/registration", STAFF,
     {"number": "320202026009999", "registered_on": "2026-11-02", "office": "技术市场办",
      "amount": "1000"}),
]
MATRIX += [
    ("programme.activities", "GET", "/programme/activities", OWN_STUDIO_AND_STAFF),
    ("programme.create", "GET", "/programme/activities/new", OWN_STUDIO_AND_STAFF),
    ("programme.create", "POST", "/programme/activities/new", OWN_STUDIO_AND_STAFF,
     {"kind": "training", "held_on": "2024-05-06", "topic": "焊接技能培训",
      "participants": "30"}),
    ("programme.edit", "GET", "/programme/activities/{activity}/edit", OWN_STUDIO_AND_STAFF),
    ("programme.edit", "GET", "/programme/activities/{other_activity}/edit",
     OTHER_STUDIOS_ENTRY),
    ("programme.verify", "POST", "/programme/activities/{activity}/verify", STAFF),
    ("programme.delete", "POST", "/programme/activities/{activity}/delete",
     OWN_STUDIO_AND_STAFF),
    ("programme.delete", "POST", "/programme/activities/{other_activity}/delete",
     OTHER_STUDIOS_ENTRY),
    ("programme.targets", "GET", "/programme/targets", STAFF),
    ("programme.targets", "POST", "/programme/targets?year=2027", STAFF,
     {"training": "2000", "innovations": "500", "patents": "50", "party_building": "42"}),
    ("programme.dashboard_page", "GET", "/programme/dashboard", STAFF),
    ("programme.matching_funnel", "GET", "/programme/matching", STAFF),
    ("programme.report", "GET", "/programme/report?year=2026", STAFF),
    ("programme.report_xlsx", "GET", "/programme/report.xlsx", STAFF),
    ("programme.public_page", "GET", "/programme/figures", EVERYONE),
    # Issue 17: accounts by e-mail, notification channels, jobs.
    ("auth.forgot_password", "GET", "/auth/password/forgot", EVERYONE),
    ("auth.forgot_password", "POST", "/auth/password/forgot", EVERYONE,
     {"email": "nobody@test.example.cn"}),
    ("auth.reset_password", "GET", "/auth/password/reset/{reset_token}", EVERYONE),
    ("auth.verify_email", "GET", "/auth/verify/{verify_token}", EVERYONE),
    ("auth.resend_verification", "POST", "/auth/verify", SIGNED_IN),
    ("notifications.preferences", "GET", "/notifications/preferences", SIGNED_IN),
    ("notifications.unsubscribe", "GET", "/notifications/unsubscribe/{unsubscribe_token}",
     EVERYONE),
    ("jobs.failed", "GET", "/admin/jobs", only("admin")),
    ("jobs.retry", "POST", "/admin/jobs/{failed_job}/retry", only("admin")),
    ("jobs.discard", "POST", "/admin/jobs/{failed_job}/discard", only("admin")),
    # An import's progress is its importer's: another member of the studio does not see it.
    ("achievements.import_progress", "GET", "/achievements/import/jobs/{import_job}",
     {**STUDIO, "studio_leader": HIDDEN}),
    ("achievements.import_status", "GET", "/achievements/import/jobs/{import_job}/status",
     {**STUDIO, "studio_leader": HIDDEN}),
    ("deadlines.overdue", "GET", "/deadlines/overdue", STAFF),
    ("matching.decline", "POST", "/needs/{need}/matches/{published}/decline",
     {**only("enterprise"), "visitor": LOGIN}, {"reason_code": "price"}),
    ("subscriptions.index", "GET", "/subscriptions/", SIGNED_IN),
    ("subscriptions.create", "POST", "/subscriptions/new", SIGNED_IN,
     {"kind": "achievements", "keywords": "主轴"}),
    ("subscriptions.save_search", "POST", "/subscriptions/search", SIGNED_IN,
     {"kind": "achievements", "q": "主轴", "filters": "{}"}),
    ("subscriptions.studio_needs", "POST", "/subscriptions/studio-needs", STUDIO),
    # Someone else's subscription is unknown to everybody but its owner (the enterprise).
    ("subscriptions.delete", "POST", "/subscriptions/{subscription}/delete",
     {**dict.fromkeys(ROLES, HIDDEN), "visitor": LOGIN, "enterprise": ALLOW}),
]
OWNER_ONLY = {**dict.fromkeys(ROLES, HIDDEN), "visitor": LOGIN, "enterprise": ALLOW}
DRAFT_NEED = {**STAFF, "enterprise": ALLOW, "visitor": HIDDEN, "studio_member": HIDDEN,
              "studio_leader": HIDDEN}
# The API answers with a token (a visitor sends none: 401 where a page asks to log in).
# A write that passes the access rules and reaches the values' rules (422) is allowed.
MATRIX += [
    ("api-docs.openapi_json", "GET", "/api/v1/openapi.json", EVERYONE),
    ("api-docs.openapi_swagger_ui", "GET", "/api/docs", EVERYONE),
    ("api_pages.asset", "GET", "/api/docs/assets/swagger-ui.css", EVERYONE),
    ("api_pages.tokens", "GET", "/account/tokens", SIGNED_IN),
    ("api_pages.revoke", "POST", "/account/tokens/{api_token}/revoke", OWNER_ONLY),
    ("webhooks.index", "GET", "/account/webhooks", SIGNED_IN),
    ("webhooks.detail", "GET", "/account/webhooks/{webhook}", OWNER_ONLY),
    ("webhooks.ping", "POST", "/account/webhooks/{webhook}/ping", OWNER_ONLY),
    ("webhooks.enable", "POST", "/account/webhooks/{webhook}/enable", OWNER_ONLY),
    ("webhooks.delete", "POST", "/account/webhooks/{webhook}/delete", OWNER_ONLY),
    ("api.achievement_list", "GET", "/api/v1/achievements", EVERYONE),
    ("api.achievement_read", "GET", "/api/v1/achievements/{published}", EVERYONE),
    ("api.achievement_read", "GET", "/api/v1/achievements/{draft}", UNPUBLISHED),
    ("api.studio_list", "GET", "/api/v1/studios", EVERYONE),
    ("api.studio_read", "GET", "/api/v1/studios/{studio}", EVERYONE),
    ("api.need_list", "GET", "/api/v1/needs", EVERYONE),
    ("api.need_read", "GET", "/api/v1/needs/{need}", EVERYONE),
    ("api.need_read", "GET", "/api/v1/needs/{need_draft}", DRAFT_NEED),
    ("api.need_matches", "GET", "/api/v1/needs/{need}/matches", EVERYONE),
    ("api.need_matches", "GET", "/api/v1/needs/{need_draft}/matches", DRAFT_NEED),
    ("api.search_read", "GET", "/api/v1/search?q=主轴", EVERYONE),
    ("api.figures_read", "GET", "/api/v1/figures", EVERYONE),
    ("api.me", "GET", "/api/v1/me", SIGNED_IN),
    ("api.my_needs", "GET", "/api/v1/me/needs", only("enterprise")),
    ("api.my_achievements", "GET", "/api/v1/me/achievements", STUDIO),
    ("api.my_statement", "GET", "/api/v1/me/statement", SIGNED_IN),
    ("api.need_create", "POST", "/api/v1/needs", only("enterprise"), {}),
    ("api.need_update", "PATCH", "/api/v1/needs/{need_draft}", only("enterprise"),
     {"title": "新的需求标题五个字"}),
    ("api.need_act", "POST", "/api/v1/needs/{need_draft}/actions", only("enterprise"),
     {"action": "submit"}),
    ("api.need_act", "POST", "/api/v1/needs/{need_submitted}/actions", STAFF,
     {"action": "publish"}),
    ("api.achievement_create", "POST", "/api/v1/achievements", STUDIO, {}),
    ("api.keyword_suggestions", "POST", "/api/v1/keyword-suggestions", SIGNED_IN, {}),
    ("api.achievement_update", "PATCH", "/api/v1/achievements/{draft}", STUDIO,
     {"title": "新的成果标题"}),
    ("api.achievement_act", "POST", "/api/v1/achievements/{draft}/actions", STUDIO,
     {"action": "submit"}),
    ("api.achievement_act", "POST", "/api/v1/achievements/{submitted}/actions", STAFF,
     {"action": "publish"}),
    ("api.attachment_create", "POST", "/api/v1/achievements/{draft}/attachments", STUDIO,
     "file"),
    ("api.inquiry_list", "GET", "/api/v1/inquiries", SIGNED_IN),
    ("api.inquiry_read", "GET", "/api/v1/inquiries/{inquiry}", UNASSIGNED_READERS),
    ("api.message_create", "POST", "/api/v1/inquiries/{inquiry}/messages", PARTIES,
     {"body": "你好"}),
    ("api.agreement_list", "GET", "/api/v1/agreements", SIGNED_IN),
    ("api.agreement_read", "GET", "/api/v1/agreements/{agreement}", SIGNED_IN),
    ("api.achievement_queue", "GET", "/api/v1/review/achievements", STAFF),
    ("api.need_queue", "GET", "/api/v1/review/needs", STAFF),
]
IGNORED_ENDPOINTS = {"static", "bootstrap.static"}


class LazyIds(dict):
    """Builds only the objects a row's path names: most rows need one or two of them."""

    def __init__(self, builders):
        super().__init__()
        self.builders = builders

    def __missing__(self, key):
        self[key] = value = self.builders[key]()
        _db.session.commit()
        return value


@pytest.fixture
def ids(db, studio, other_studio, users):
    staff, author = users["union_staff"], users["studio_member"]

    def invitation(target):
        invite, token = auth_services.invite(staff, target, f"x{target.id}@invite.example.cn",
                                             Role.STUDIO_MEMBER)
        return invite.id, token

    def other_member():
        return factories.make_user(Role.STUDIO_MEMBER, studio=other_studio).id

    def item(state, owner=None):
        return factories.make_achievement(owner or author, state).id

    def attachment(key):
        from exchange.achievements.models import Achievement

        owner = _db.session.get(Achievement, lazy[key])
        return attachments.store(author, owner, io.BytesIO(b"%PDF-1.4 matrix"), "a.pdf").id

    def inquiry_file():
        from werkzeug.datastructures import FileStorage

        from exchange.inquiries import services as inquiries
        from exchange.inquiries.models import Inquiry

        thread = _db.session.get(Inquiry, lazy["inquiry"])
        upload = FileStorage(io.BytesIO(b"%PDF-1.4 thread"), filename="quote.pdf")
        return inquiries.post(users["enterprise"], thread, "报价单", upload).attachments[0].id

    def agreement(state):
        return factories.make_agreement(users["enterprise"],
                                        factories.make_achievement(author, "published"),
                                        staff, state).id

    def agreement_entry():
        from datetime import date

        from exchange.agreements import money
        from exchange.agreements.models import Agreement

        deal = _db.session.get(Agreement, lazy["agreement"])
        return money.record_receipt(deal, staff, key="matrix", amount_fen=100_000,
                                    on=date.today(), reference="回单").transaction_id

    def agreement_line():
        from exchange.agreements.models import Agreement

        return _db.session.get(Agreement, lazy["agreement"]).in_force.installments[0].id

    def webhook():
        from exchange.webhooks.models import Webhook

        hook = Webhook(user_id=users["enterprise"].id, url="https://hooks.example.com/x",
                       events=["match"], secret="whsec_matrix")
        _db.session.add(hook)
        _db.session.flush()
        return hook.id

    def api_token():
        from exchange.api import services as api_services

        return api_services.create(users["enterprise"], "矩阵", "read", 30)[0].id

    def declaration(state):
        leader = users["studio_leader"]
        return factories.make_declaration(leader, factories.make_achievement(author, "published"),
                                          state, staff=staff, approver=users["admin"]).id

    def licence():
        from exchange.openlicences import licences
        from exchange.openlicences.models import Declaration

        taken = licences.take(_db.session.get(Declaration, lazy["declaration"]),
                              users["enterprise"], confirmed=True)
        _db.session.commit()
        return taken.id

    lazy = LazyIds({
        "webhook": webhook, "api_token": api_token, "licence": licence,
        "declaration": lambda: declaration("effective"),
        "declaration_draft": lambda: declaration("draft"),
        "declaration_submitted": lambda: declaration("submitted"),
        "negotiating_inquiry": lambda: factories.make_inquiry(
            users["enterprise"], factories.make_achievement(author, "published"),
            "negotiating", mediator=staff).id,
        "agreement": lambda: agreement("active"),
        "agreement_draft": lambda: agreement("draft"),
        "agreement_proposed": lambda: agreement("proposed"),
        "agreement_accepted": lambda: agreement("accepted"),
        "agreement_entry": agreement_entry,
        "agreement_line": agreement_line,
        "studio": lambda: studio.id, "other_studio": lambda: other_studio.id,
        "member": lambda: author.id, "target": lambda: users["enterprise"].id,
        "other_member": other_member,
        "invitation": lambda: invitation(studio)[0],
        "token": lambda: invitation(studio)[1],
        "other_invitation": lambda: invitation(other_studio)[0],
        "draft": lambda: item("draft"), "published": lambda: item("published"),
        "submitted": lambda: item("submitted"),
        "other_draft": lambda: item("draft", _db.session.get(User, lazy["other_member"])),
        "attachment": lambda: attachment("published"),
        "draft_attachment": lambda: attachment("draft"),
        "need": lambda: factories.make_need(users["enterprise"], "published").id,
        "inquiry_file": lambda: inquiry_file(),
        "inquiry": lambda: factories.make_inquiry(
            users["enterprise"], factories.make_achievement(author, "published")).id,
        "need_draft": lambda: factories.make_need(users["enterprise"]).id,
        "need_submitted": lambda: factories.make_need(users["enterprise"], "submitted").id,
        "other_need_draft": lambda: factories.make_need(
            factories.make_user(Role.ENTERPRISE, name="企业丁")).id,
        "note": lambda: notifications.notify(author.id, "achievement_published", "/",
                                             title="x").id,
        "activity": lambda: factories.make_activity(studio, author).id,
        "reset_token": lambda: factories.reset_token(author),
        "verify_token": lambda: factories.verify_token(users["enterprise"]),
        "unsubscribe_token": lambda: factories.unsubscribe_token(author),
        "failed_job": lambda: factories.make_failed_job().id,
        "import_job": lambda: factories.make_import_job(author).id,
        "subscription": lambda: factories.make_subscription(users["enterprise"]).id,
        "other_activity": lambda: factories.make_activity(
            other_studio, _db.session.get(User, lazy["other_member"])).id,
    })
    return lazy


def classify(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/auth/login" in location:
        return LOGIN
    if response.status_code == 401:  # the API's "log in"
        return LOGIN
    if response.status_code == 422 and response.mimetype == "application/problem+json":
        return ALLOW  # the access rules let it through to the values' rules
    if response.status_code == 403:
        return DENY
    if response.status_code == 404:
        return HIDDEN
    if response.status_code < 400:
        return ALLOW
    return f"HTTP {response.status_code}"


def _data(row) -> dict | None:
    return row[4] if len(row) > 4 else None


# A GET changes nothing, so one test asks it as every role in turn, on the same objects;
# a POST may (a removed member, a deleted draft), so each role gets its own test and data.
READS = [pytest.param(row[2], row[3], _data(row), id=f"{row[0]}:{row[2]}")
         for row in MATRIX if row[1] == "GET"]
WRITES = [pytest.param(row[1], row[2], role, row[3][role], _data(row),
                       id=f"{row[0]}:{row[1]}:{row[2]}:{role}")
          for row in MATRIX if row[1] in ("POST", "PATCH") for role in ROLES]


@pytest.fixture
def api_client_for(app, users):
    """api_client_for(role) -> a test client sending that role's write token."""
    def make(role: str):
        client = app.test_client()
        if role != "visitor":
            secret = factories.make_token(users[role])
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return client

    return make


def _caller(client_for, api_client_for, path: str, role: str):
    return (api_client_for if path.startswith("/api/v1/") else client_for)(role)


@pytest.mark.parametrize(("path", "expected", "data"), READS)
def test_reads(client_for, api_client_for, ids, path, expected, data):
    url = path.format_map(ids)
    found = {role: classify(_caller(client_for, api_client_for, path, role).get(url, data=data))
             for role in ROLES}
    assert found == expected, f"GET {path}"


@pytest.mark.parametrize(("method", "path", "role", "expected", "data"), WRITES)
def test_writes(client_for, api_client_for, ids, method, path, role, expected, data):
    url = path.format_map(ids)
    client = _caller(client_for, api_client_for, path, role)
    if not path.startswith("/api/v1/"):
        response = client.post(url, data=data)
    elif data == "file":
        response = client.post(url, data={"file": (io.BytesIO(b"%PDF-1.4 api"), "a.pdf")})
    elif method == "PATCH":  # with the ETag the role reads, as a client would
        etag = client.get(url).headers.get("ETag") or '"none"'
        response = client.patch(url, json=data, headers={"If-Match": etag})
    else:
        response = client.post(url, json=data)
    assert classify(response) == expected, f"{method} {path} as {role}"


def test_every_route_is_in_the_matrix(app):
    covered = {row[0] for row in MATRIX}
    registered = {rule.endpoint for rule in app.url_map.iter_rules()} - IGNORED_ENDPOINTS
    assert registered - covered == set(), "add these routes to MATRIX"
    assert covered - registered == set(), "MATRIX names routes that do not exist"


def test_every_view_declares_its_access_rule(app):
    undeclared = [
        endpoint for endpoint, view in app.view_functions.items()
        if endpoint not in IGNORED_ENDPOINTS and not hasattr(view, ACCESS_ATTR)
    ]
    assert undeclared == []
