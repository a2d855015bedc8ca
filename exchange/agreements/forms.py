"""Forms for the terms of an agreement and for the money recorded under it."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional

from exchange.agreements.kinds import (
    BeneficiaryKind,
    DealType,
    Exclusivity,
    PaymentKind,
    RoyaltyBase,
    RoyaltyPeriod,
)
from exchange.agreements.schedule import MAX_ROYALTY_PERIODS, too_many_periods
from exchange.db_types import local_today
from exchange.forms_common import AppForm, AppSubForm, choices, length
from exchange.money import (
    MONEY_MESSAGES,
    PERCENT_MESSAGES,
    bp_to_input,
    fen_to_input,
    parse_percent_bp,
    parse_yuan,
)

REQUIRED = _l("This field is required.")
BENEFICIARY_ROWS = 8
INSTALLMENT_ROWS = 6
def _member(enum_class, value):
    try:
        return enum_class(value)
    except ValueError:
        return None


class BeneficiaryRow(AppSubForm):
    kind = SelectField(_l("Kind"), choices=choices([("", "—")] + BeneficiaryKind.choices()),
                       validators=[Optional()])
    person = StringField(_l("Name"), validators=[Optional(), length(120)])
    user_id = SelectField(_l("Account"), validators=[Optional()])
    share = StringField(_l("Share (%)"), validators=[Optional()])


class InstallmentRow(AppSubForm):
    due_on = DateField(_l("Due on"), validators=[Optional()])
    amount = StringField(_l("Amount (yuan)"), validators=[Optional()])


@dataclass
class Terms:
    """The validated content of a TermsForm, in domain units (fen, basis points)."""

    deal_type: DealType
    exclusivity: Exclusivity | None
    consideration_fen: int | None
    term_start: date
    term_end: date
    payment_kind: PaymentKind
    first_due_on: date | None
    instalments: list[tuple[date, int]]
    entry_fee_fen: int | None
    royalty_rate_bp: int | None
    royalty_base: RoyaltyBase | None
    royalty_period: RoyaltyPeriod | None
    beneficiaries: list[dict] = field(default_factory=list)
    notes: str = ""


class TermsForm(AppForm):
    deal_type = SelectField(_l("Deal type"), choices=choices(DealType.choices()),
                            validators=[DataRequired(REQUIRED)])
    exclusivity = SelectField(
        _l("Licence exclusivity"),
        choices=choices([("", "—")] + Exclusivity.choices()), validators=[Optional()])
    consideration = StringField(
        _l("Consideration (yuan)"),
        description=_l("The total price; leave empty for a royalty-only deal."))
    term_start = DateField(_l("Term from"), validators=[InputRequired(REQUIRED)])
    term_end = DateField(_l("Term until"), validators=[InputRequired(REQUIRED)])
    payment_kind = SelectField(_l("Payment terms"), choices=choices(PaymentKind.choices()),
                               validators=[DataRequired(REQUIRED)])
    first_due_on = DateField(_l("Lump sum or entry fee due on"), validators=[Optional()])
    instalments = FieldList(FormField(InstallmentRow), min_entries=INSTALLMENT_ROWS,
                            max_entries=INSTALLMENT_ROWS)
    entry_fee = StringField(_l("Entry fee (yuan)"))
    royalty_rate = StringField(_l("Royalty rate (%)"))
    royalty_base = SelectField(_l("Royalty on"), validators=[Optional()],
                               choices=choices([("", "—")] + RoyaltyBase.choices()))
    royalty_period = SelectField(_l("Reporting period"), validators=[Optional()],
                                 choices=choices([("", "—")] + RoyaltyPeriod.choices()))
    beneficiaries = FieldList(FormField(BeneficiaryRow), min_entries=BENEFICIARY_ROWS,
                              max_entries=BENEFICIARY_ROWS)
    notes = TextAreaField(_l("Other terms"), validators=[Optional(), length(5000)],
                          render_kw={"rows": 3})

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        account_choices = choices([("", "—")] + [(str(u.id), u.name) for u in accounts])
        for row in self.beneficiaries:
            row.user_id.choices = account_choices
        self.terms: Terms | None = None

    def fill_payment(self, terms) -> None:
        """The payment terms and the shares of `terms` (models.PaymentTerms with its
        `beneficiaries`: a version, or an open-licence declaration)."""
        for name in ("term_start", "term_end", "notes"):
            getattr(self, name).data = getattr(terms, name)
        self.payment_kind.data = terms.payment_kind.value
        self.entry_fee.data = fen_to_input(terms.entry_fee_fen)
        self.royalty_rate.data = bp_to_input(terms.royalty_rate_bp)
        self.royalty_base.data = terms.royalty_base.value if terms.royalty_base else ""
        self.royalty_period.data = terms.royalty_period.value if terms.royalty_period else ""
        for row, person in zip(self.beneficiaries, terms.beneficiaries, strict=False):
            row.kind.data = person.kind.value
            row.person.data = person.name
            row.user_id.data = str(person.user_id or "")
            row.share.data = bp_to_input(person.share_bp)

    def fill_from(self, version) -> None:
        self.fill_payment(version)
        self.deal_type.data = version.deal_type.value
        self.exclusivity.data = version.exclusivity.value if version.exclusivity else ""
        self.consideration.data = fen_to_input(version.consideration_fen)
        fixed = [i for i in version.installments if i.kind.value in ("lump_sum", "entry_fee")]
        self.first_due_on.data = fixed[0].due_on if fixed else None
        parts = [i for i in version.installments if i.kind.value == "instalment"]
        for row, line in zip(self.instalments, parts, strict=False):
            row.due_on.data, row.amount.data = line.due_on, fen_to_input(line.amount_fen)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        errors: dict = {}

        def money(name, required=False):
            text = (self[name].data or "").strip()
            if not text:
                if required:
                    errors[name] = [REQUIRED]
                return None
            try:
                return parse_yuan(text)
            except ValueError as error:
                errors[name] = [MONEY_MESSAGES[str(error)]]
                return None

        deal = _member(DealType, self.deal_type.data)
        kind = _member(PaymentKind, self.payment_kind.data)
        if deal == DealType.LICENSE and not self.exclusivity.data:
            errors["exclusivity"] = [_l("Say whether the licence is exclusive, sole or "
                                        "ordinary.")]
        start, end = self.term_start.data, self.term_end.data
        if start and end and end < start:
            errors["term_end"] = [_l("The term ends before it starts.")]
        consideration = money("consideration",
                              required=kind in (PaymentKind.LUMP_SUM, PaymentKind.INSTALLMENTS))
        entry_fee = money("entry_fee", required=kind == PaymentKind.ENTRY_FEE_ROYALTY)
        if kind in (PaymentKind.LUMP_SUM, PaymentKind.ENTRY_FEE_ROYALTY) \
                and not self.first_due_on.data:
            errors["first_due_on"] = [_l("Give the day the payment falls due.")]
        instalments = self._installments(errors) if kind == PaymentKind.INSTALLMENTS else []
        if kind == PaymentKind.INSTALLMENTS and not errors.get("instalments"):
            if len(instalments) < 2:
                errors["instalments"] = [_l("Give at least two instalments.")]
            elif consideration is not None and sum(a for _, a in instalments) != consideration:
                errors["instalments"] = [_l("The instalments add up to ¥%(sum)s, not the "
                                            "consideration.",
                                            sum=fen_to_input(sum(a for _, a in instalments)))]
        rate = base = period = None
        if kind is not None and kind.has_royalty:
            try:
                rate = parse_percent_bp(self.royalty_rate.data)
                if rate == 0:
                    raise ValueError("range")
            except ValueError as error:
                errors["royalty_rate"] = [PERCENT_MESSAGES[str(error)]]
            for name in ("royalty_base", "royalty_period"):
                if not self[name].data:
                    errors[name] = [REQUIRED]
            base = RoyaltyBase(self.royalty_base.data) if self.royalty_base.data else None
            period = (RoyaltyPeriod(self.royalty_period.data)
                      if self.royalty_period.data else None)
            if period and start and end and end >= start \
                    and too_many_periods(start, end, period.months):
                errors["term_end"] = [_l("A royalty schedule has at most %(n)d periods: "
                                         "shorten the term or choose longer periods.",
                                         n=MAX_ROYALTY_PERIODS)]
        people = self._beneficiaries(errors)
        for name, messages in errors.items():
            # Rendered now (lazy text is not a `string` to the templates' list filters).
            self[name].errors = [*self[name].errors, *(str(m) for m in messages)]
        if valid and not errors:
            self.terms = Terms(
                deal_type=deal, exclusivity=(Exclusivity(self.exclusivity.data)
                                             if deal == DealType.LICENSE else None),
                consideration_fen=consideration, term_start=start, term_end=end,
                payment_kind=kind, first_due_on=self.first_due_on.data,
                instalments=instalments, entry_fee_fen=entry_fee, royalty_rate_bp=rate,
                royalty_base=base, royalty_period=period, beneficiaries=people,
                notes=(self.notes.data or "").strip())
        return valid and not errors

    def _installments(self, errors) -> list[tuple[date, int]]:
        found = []
        for row in self.instalments:
            due, text = row.due_on.data, (row.amount.data or "").strip()
            if due is None and not text:
                continue
            if due is None or not text:
                errors["instalments"] = [_l("Each instalment needs a date and an amount.")]
                continue
            try:
                found.append((due, parse_yuan(text)))
            except ValueError as error:
                errors["instalments"] = [MONEY_MESSAGES[str(error)]]
        return found

    def _beneficiaries(self, errors) -> list[dict]:
        people, problems = [], []
        for row in self.beneficiaries:
            kind, name = row.kind.data, (row.person.data or "").strip()
            share_text = (row.share.data or "").strip()
            if not (kind or name or share_text):
                continue
            if not (kind and name and share_text):
                problems.append(_l("Each beneficiary needs a kind, a name and a share."))
                continue
            try:
                share = parse_percent_bp(share_text)
            except ValueError as error:
                problems.append(PERCENT_MESSAGES[str(error)])
                continue
            people.append({"kind": BeneficiaryKind(kind), "name": name,
                           "user_id": int(row.user_id.data) if row.user_id.data else None,
                           "share_bp": share})
        if not problems:
            total = sum(p["share_bp"] for p in people)
            if not people:
                problems.append(_l("Name at least one beneficiary."))
            elif total != 10000:
                problems.append(_l("The shares add up to %(total)s%%; they must add up to "
                                   "exactly 100%%.", total=bp_to_input(total)))
        if problems:
            errors["beneficiaries"] = list(dict.fromkeys(problems))
        return people


class ProposeForm(AppForm):
    acknowledge = BooleanField(_l("I have explained these warnings to the parties and "
                                  "propose the terms as they stand."))


class ReasonForm(AppForm):
    """Any state change that may carry a note or a reason (acceptance, refusal, closing)."""

    reason = TextAreaField(_l("Note"), validators=[Optional(), length(2000)],
                           render_kw={"rows": 2})


class AcceptForm(ReasonForm):
    """A party's acceptance: binding, so the enterprise and the studio tick a box (the
    service refuses without it)."""

    confirm = BooleanField(_l("I confirm that I accept these terms on behalf of the party "
                              "I represent; they bind it."))


def new_key() -> str:
    return uuid.uuid4().hex


class MoneyForm(AppForm):
    """Money forms carry an idempotency key made when the form is shown: a double click
    or a retried request posts once."""

    key = HiddenField(validators=[DataRequired()])
    amount = StringField(_l("Amount (yuan)"), validators=[DataRequired(REQUIRED)])
    on = DateField(_l("Date"), validators=[InputRequired(REQUIRED)])
    reference = StringField(_l("Reference"), validators=[Optional(), length(120)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.key.data:
            self.key.data = new_key()
        if not self.is_submitted() and self.on.data is None:
            self.on.data = local_today()
        self.amount_fen: int | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.amount.data and not self.amount.errors:
            try:
                self.amount_fen = parse_yuan(self.amount.data)
                if self.amount_fen == 0:
                    raise ValueError("zero")
            except ValueError as error:
                self.amount.errors = [MONEY_MESSAGES.get(str(error),
                                                         _l("Enter an amount above zero."))]
                return False
        if self.on.data and self.on.data > local_today():
            self.on.errors = [*self.on.errors, _l("The date cannot be in the future.")]
            return False
        return valid


class ReceiptForm(MoneyForm):
    reference = StringField(_l("Payer's reference (bank slip, invoice no.)"),
                            validators=[DataRequired(REQUIRED), length(120)])


class PayoutForm(MoneyForm):
    beneficiary_id = SelectField(_l("Pay to"), validators=[DataRequired(REQUIRED)])


class ReverseForm(AppForm):
    key = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason for the reversal"),
                           validators=[DataRequired(REQUIRED), length(500)],
                           render_kw={"rows": 2})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.key.data:
            self.key.data = new_key()


class RoyaltyReportForm(AppForm):
    base = StringField(_l("Reported sales or profit for the period (yuan)"),
                       validators=[DataRequired(REQUIRED)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.base_fen = None
        if valid:
            try:
                self.base_fen = parse_yuan(self.base.data)
            except ValueError as error:
                self.base.errors = [MONEY_MESSAGES[str(error)]]
                return False
        return valid


class RegistrationForm(AppForm):
    """What the registration office's certificate says (技术合同认定登记)."""

    number = StringField(_l("Registration number"),
                         validators=[DataRequired(REQUIRED), length(40)])
    registered_on = DateField(_l("Registered on"), validators=[InputRequired(REQUIRED)])
    office = StringField(_l("Registration office"),
                         validators=[DataRequired(REQUIRED), length(120)])
    amount = StringField(_l("Technology-transaction amount (yuan)"),
                         validators=[DataRequired(REQUIRED)],
                         description=_l("As the office certified it: the price less "
                                        "non-technical costs."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.amount_fen = None
        if self.amount.data and not self.amount.errors:
            try:
                self.amount_fen = parse_yuan(self.amount.data)
            except ValueError as error:
                self.amount.errors = [MONEY_MESSAGES[str(error)]]
                return False
        return valid
