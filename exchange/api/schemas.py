"""What the API shows of each object: marshmallow schemas, which are also the OpenAPI
document's components. Money is integer fen with its currency; timestamps are ISO 8601
with their offset; enumerations are their stored codes."""
from __future__ import annotations

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields

from exchange.access import achievements as achievement_access
from exchange.access import needs as need_access
from exchange.achievements.kinds import AchievementType, LegalStatus, State, TransactionMode
from exchange.agreements import statements
from exchange.agreements.kinds import (
    AgreementState,
    BeneficiaryKind,
    DealType,
    Exclusivity,
    PaymentKind,
    RoyaltyBase,
    RoyaltyPeriod,
)
from exchange.inquiries.kinds import InquiryState
from exchange.needs.kinds import NeedState
from exchange.studios.models import HonourLevel

Stamp = fields.AwareDateTime
FEN = {"description": "integer fen (1 yuan = 100 fen)"}


def _codes(enum):
    return fields.List(fields.Enum(enum, by_value=True), required=True)


class Ref(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class Titled(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)


class StudioSummary(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    leader_name = fields.String(required=True)
    honour_level = fields.Enum(HonourLevel, by_value=True, required=True)
    is_demonstration = fields.Boolean(required=True)
    employer_unit = fields.String(required=True)
    district_code = fields.String(required=True, attribute="district.code")
    industry_code = fields.String(required=True)


class Studio(StudioSummary):
    founded_year = fields.Integer(allow_none=True)
    description = fields.String(required=True)
    url = fields.Function(lambda s: url_for("studios.detail", studio_id=s.id, _external=True),
                          required=True, metadata={"description": "the studio's page"})


class Attachment(Schema):
    id = fields.Integer(required=True)
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True, metadata={"description": "bytes"})
    sha256 = fields.String(required=True)
    url = fields.Function(
        lambda a: url_for("achievements.download", achievement_id=a.achievement_id,
                          attachment_id=a.id, _external=True), required=True)


class OpenLicence(Schema):
    """The open licence in force on a patent (专利开放许可): anyone may take it as announced."""

    method = fields.String(required=True, metadata={
        "enum": ["lump_sum", "royalty", "entry_fee_royalty"]})
    upfront_fen = fields.Integer(required=True, metadata={
        "description": "the one-off fee or the entry fee, integer fen"})
    url = fields.Function(
        lambda o: url_for("openlicences.detail", declaration_id=o["declaration_id"],
                          _external=True), required=True)


class AchievementSummary(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    type = fields.Enum(AchievementType, by_value=True, required=True)
    legal_status = fields.Enum(LegalStatus, by_value=True, allow_none=True)
    patent_number = fields.String(allow_none=True)
    industry_code = fields.String(required=True)
    trl = fields.Integer(required=True)
    keywords = fields.List(fields.String(), required=True)
    transaction_modes = _codes(TransactionMode)
    price_fen = fields.Integer(allow_none=True, metadata=FEN)
    price_negotiable = fields.Boolean(required=True)
    currency = fields.String(required=True)
    state = fields.Enum(State, by_value=True, required=True)
    published_at = Stamp(allow_none=True)
    updated_at = Stamp(required=True)
    studio = fields.Nested(Ref, required=True)
    open_licence = fields.Nested(OpenLicence, allow_none=True)


class Achievement(AchievementSummary):
    abstract = fields.String(required=True)
    benefit_fen = fields.Integer(allow_none=True, metadata=FEN)
    attachments = fields.Method("_attachments", required=True, metadata={
        "type": "array", "items": {"$ref": "#/components/schemas/Attachment"},
        "description": "for signed-in callers, as on the site"})
    return_reason = fields.String(allow_none=True, attribute="last_return_reason")
    url = fields.Function(
        lambda a: url_for("achievements.detail", achievement_id=a.id, _external=True),
        required=True)

    def _attachments(self, item) -> list:
        if not achievement_access.can_download(current_user, item):
            return []
        return Attachment(many=True).dump(item.attachments)


class NeedSummary(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    keywords = fields.List(fields.String(), required=True)
    industry_code = fields.String(required=True)
    district_code = fields.String(required=True)
    transaction_modes = _codes(TransactionMode)
    budget_min_fen = fields.Integer(allow_none=True, metadata=FEN)
    budget_max_fen = fields.Integer(allow_none=True, metadata=FEN)
    budget_negotiable = fields.Boolean(required=True)
    currency = fields.Constant("CNY", required=True)
    deadline = fields.Date(required=True)
    state = fields.Enum(NeedState, by_value=True, required=True)
    published_at = Stamp(allow_none=True)
    updated_at = Stamp(required=True)
    enterprise = fields.Nested(Ref, required=True)


class Need(NeedSummary):
    description = fields.String(required=True)
    contact_name = fields.Method("_contact_name", metadata={
        "type": ["string", "null"],
        "description": "only for who may contact the enterprise (the site's rule)"})
    contact_phone = fields.Method("_contact_phone", metadata={"type": ["string", "null"]})
    return_reason = fields.String(allow_none=True, attribute="last_return_reason")
    url = fields.Function(lambda n: url_for("needs.detail", need_id=n.id, _external=True),
                          required=True)

    def _contact_name(self, need):
        return need.contact_name if need_access.can_see_contact(current_user, need) else None

    def _contact_phone(self, need):
        return need.contact_phone if need_access.can_see_contact(current_user, need) else None


class Factor(Schema):
    name = fields.String(required=True)
    value = fields.Float(required=True, metadata={"description": "in [0, 1]"})
    weight = fields.Float(required=True)
    contribution = fields.Float(required=True)


class Match(Schema):
    score = fields.Float(required=True)
    strong = fields.Boolean(required=True)
    terms = fields.List(fields.String(), required=True,
                        metadata={"description": "key terms of the need the achievement has"})
    keywords = fields.List(fields.String(), required=True,
                           metadata={"description": "keywords both sides list"})
    factors = fields.List(fields.Nested(Factor), required=True)
    inferred = fields.List(fields.String(), required=True, metadata={
        "description": "keywords the platform inferred from the need's text (it listed "
                       "few), which the achievement carries"})
    expanded = fields.List(fields.String(), required=True, metadata={
        "description": "terms the platform added from the index (keywords listed beside "
                       "the need's, or by its best matches), which the achievement has"})
    achievement = fields.Nested(AchievementSummary, required=True)


class KeywordSuggestion(Schema):
    keyword = fields.String(required=True)
    count = fields.Integer(required=True, metadata={"description": "times the text has it"})
    in_title = fields.Boolean(required=True)


class Span(Schema):
    text = fields.String(required=True)
    highlights = fields.List(fields.List(fields.Integer()), required=True, metadata={
        "description": "[start, end) character offsets of the matched words in text"})


class SearchHit(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"description": "achievement or need"})
    score = fields.Float(required=True)
    title = fields.Nested(Span, required=True)
    snippet = fields.Nested(Span, required=True)


class FacetValue(Schema):
    value = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class SearchResult(Schema):
    total = fields.Integer(required=True)
    mode = fields.String(required=True, metadata={
        "description": "and: every word matched; or: some words matched (relaxed)"})
    suggestions = fields.List(fields.String(), required=True)
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValue)),
                         required=True)
    hits = fields.List(fields.Nested(SearchHit), required=True)


class Figures(Schema):
    year = fields.Integer(required=True)
    studios = fields.Integer(required=True)
    published_achievements = fields.Integer(required=True)
    patents = fields.Integer(required=True)
    open_needs = fields.Integer(required=True)
    agreements_in_force = fields.Integer(required=True)
    training_person_times = fields.Integer(required=True, metadata={
        "description": "this calendar year, verified activities"})


class Message(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"description": "message or event"})
    author = fields.Nested(Ref, required=True)
    body = fields.String(required=True)
    created_at = Stamp(required=True)


class Inquiry(Schema):
    id = fields.Integer(required=True)
    state = fields.Enum(InquiryState, by_value=True, required=True)
    achievement = fields.Nested(Titled, required=True)
    need = fields.Nested(Titled, allow_none=True)
    enterprise = fields.Nested(Ref, required=True)
    created_at = Stamp(required=True)
    updated_at = Stamp(required=True)


class InquiryDetail(Inquiry):
    messages = fields.List(fields.Nested(Message), required=True)


class Me(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True, attribute="role.value")
    studio = fields.Nested(Ref, allow_none=True)
    enterprise = fields.Nested(Ref, allow_none=True)
    scope = fields.String(required=True, metadata={"enum": ["read", "write"]})


class Beneficiary(Schema):
    name = fields.String(required=True)
    kind = fields.Enum(BeneficiaryKind, by_value=True, required=True)
    share_bp = fields.Integer(required=True, metadata={"description": "basis points"})


class Terms(Schema):
    number = fields.Integer(required=True)
    state = fields.String(required=True, attribute="state.value")
    deal_type = fields.Enum(DealType, by_value=True, required=True)
    exclusivity = fields.Enum(Exclusivity, by_value=True, allow_none=True)
    consideration_fen = fields.Integer(allow_none=True, metadata=FEN)
    currency = fields.String(required=True)
    term_start = fields.Date(required=True)
    term_end = fields.Date(required=True)
    payment_kind = fields.Enum(PaymentKind, by_value=True, required=True)
    entry_fee_fen = fields.Integer(allow_none=True, metadata=FEN)
    royalty_rate_bp = fields.Integer(allow_none=True)
    royalty_base = fields.Enum(RoyaltyBase, by_value=True, allow_none=True)
    royalty_period = fields.Enum(RoyaltyPeriod, by_value=True, allow_none=True)
    beneficiaries = fields.List(fields.Nested(Beneficiary), required=True)


class Agreement(Schema):
    id = fields.Integer(required=True)
    state = fields.Enum(AgreementState, by_value=True, required=True)
    achievement = fields.Nested(Titled, required=True)
    studio = fields.Nested(Ref, required=True)
    enterprise = fields.Nested(Ref, required=True)
    employer_unit = fields.String(required=True)
    created_at = Stamp(required=True)
    activated_at = Stamp(allow_none=True)
    closed_at = Stamp(allow_none=True)
    terms = fields.Function(
        lambda a: Terms().dump(a.in_force or a.pending or a.versions[-1]),
        metadata={"description": "the version in force, else the one proposed, else the "
                                 "latest", "$ref": "#/components/schemas/Terms"})
    received_fen = fields.Function(lambda a: statements.revenue(a), required=True,
                                   metadata={**FEN, "type": "integer"})
    shares = fields.Function(
        lambda a: ShareLine(many=True).dump(
            statements.shares(statements.approved_beneficiaries(a))),
        required=True, metadata={"type": "array", "items": {
            "$ref": "#/components/schemas/ShareLine"}, "description": "each beneficiary's "
            "share of the receipts: allocated, paid out, payable"})


class ShareLine(Schema):
    beneficiary = fields.String(required=True, attribute="beneficiary.name")
    kind = fields.Enum(BeneficiaryKind, by_value=True, required=True,
                       attribute="beneficiary.kind")
    share_bp = fields.Integer(required=True, attribute="beneficiary.share_bp")
    allocated_fen = fields.Integer(required=True, attribute="allocated", metadata=FEN)
    paid_fen = fields.Integer(required=True, attribute="paid", metadata=FEN)
    payable_fen = fields.Integer(required=True, attribute="payable", metadata=FEN)
    currency = fields.Constant("CNY", required=True)


class Share(ShareLine):
    agreement = fields.Nested(Titled, required=True)
