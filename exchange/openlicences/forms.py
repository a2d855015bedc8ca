"""Forms of the open-licence declaration, its review steps, and taking a licence."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField
from wtforms.fields.core import Label
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from exchange.agreements.forms import REQUIRED, TermsForm
from exchange.agreements.kinds import DealType, Exclusivity, PaymentKind, RoyaltyBase, RoyaltyPeriod
from exchange.db_types import local_today
from exchange.forms_common import AppForm, MultiCheckboxField, choices, email_address, length
from exchange.money import fen_to_input
from exchange.openlicences.kinds import FEE_METHODS, Art86


@dataclass
class DeclaredTerms:
    """A DeclarationForm's content in domain units (fen, basis points)."""

    patentee: str
    patentee_email: str
    payment_kind: PaymentKind
    amount_fen: int | None
    entry_fee_fen: int | None
    royalty_rate_bp: int | None
    royalty_base: RoyaltyBase | None
    royalty_period: RoyaltyPeriod | None
    payment_days: int
    term_start: date
    term_end: date
    notes: str
    evaluation_report_id: int | None
    beneficiaries: list[dict]


class DeclarationForm(TermsForm):
    """The terms form of agreements, narrowed to what art. 50 lets a declaration say: an
    ordinary licence, a fee paid one-off, as a royalty, or as an entry fee plus royalty."""

    patentee = StringField(_l("Patentee (专利权人)"),
                           validators=[DataRequired(REQUIRED), length(120)],
                           description=_l("For a service invention, usually the employer "
                                          "unit."))
    patentee_email = EmailField(
        _l("The patentee's address for licence notices"),
        validators=[DataRequired(REQUIRED), email_address, length(254)],
        description=_l("Each enterprise's written notice (art. 51) is mailed here."))
    payment_days = IntegerField(
        _l("Days to pay after the notice"), default=30,
        validators=[InputRequired(REQUIRED),
                    NumberRange(1, 180, _l("Enter a number between %(min)s and %(max)s."))])
    evaluation_report_id = SelectField(
        _l("Patent evaluation report (专利权评价报告)"), validators=[Optional()],
        description=_l("Required for a utility model or a design (Patent Law art. 50): "
                       "attach it to the achievement first."))

    def __init__(self, *args, accounts=(), attachments=(), **kwargs):
        super().__init__(*args, accounts=accounts, **kwargs)
        self.payment_kind.choices = choices((k.value, k.label) for k in FEE_METHODS)
        self.evaluation_report_id.choices = choices(
            [("", "—")] + [(str(a.id), a.filename) for a in attachments])
        self.consideration.label = Label(self.consideration.id, _l("One-off fee (yuan)"))
        # Always an ordinary licence; the fee falls due `payment_days` after each notice,
        # so the agreements form's deal, exclusivity and due date are fixed here.
        self.deal_type.data = DealType.LICENSE.value
        self.exclusivity.data = Exclusivity.ORDINARY.value
        self.first_due_on.data = self.first_due_on.data or local_today()
        self.declared: DeclaredTerms | None = None

    def fill_from_declaration(self, declaration) -> None:
        self.fill_payment(declaration)
        for name in ("patentee", "patentee_email", "payment_days"):
            getattr(self, name).data = getattr(declaration, name)
        self.consideration.data = fen_to_input(declaration.amount_fen)
        self.evaluation_report_id.data = str(declaration.evaluation_report_id or "")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        terms = self.terms
        self.declared = DeclaredTerms(
            patentee=self.patentee.data.strip(), patentee_email=self.patentee_email.data,
            payment_kind=terms.payment_kind,
            amount_fen=(terms.consideration_fen
                        if terms.payment_kind == PaymentKind.LUMP_SUM else None),
            entry_fee_fen=terms.entry_fee_fen, royalty_rate_bp=terms.royalty_rate_bp,
            royalty_base=terms.royalty_base, royalty_period=terms.royalty_period,
            payment_days=self.payment_days.data, term_start=terms.term_start,
            term_end=terms.term_end, notes=terms.notes,
            evaluation_report_id=(int(self.evaluation_report_id.data)
                                  if self.evaluation_report_id.data else None),
            beneficiaries=terms.beneficiaries)
        return True


class SubmitForm(AppForm):
    confirm = MultiCheckboxField(_l("What the platform cannot check (art. 86)"),
                                 choices=choices(Art86.choices()), validators=[Optional()])
    acknowledge = BooleanField(_l("I have read these warnings and submit the split as it "
                                  "stands."))


class AnnouncementForm(AppForm):
    on = DateField(_l("Announced on"), validators=[InputRequired(REQUIRED)])
    number = StringField(_l("Announcement number"),
                         validators=[DataRequired(REQUIRED), length(40)])


class TakeForm(AppForm):
    confirm = BooleanField(_l("On behalf of my enterprise I notify the patentee in writing "
                              "that we take this open licence on the announced terms, and we "
                              "will pay as announced (Patent Law art. 51)."))
