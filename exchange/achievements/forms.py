from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, Regexp

from exchange.achievements import rules
from exchange.achievements.kinds import (
    TRL_DESCRIPTIONS,
    AchievementType,
    LegalStatus,
    State,
    TransactionMode,
)
from exchange.forms_common import AppForm, MultiCheckboxField, choices, length, valid_filters
from exchange.inputs import parse_id
from exchange.money import fen_to_input
from exchange.reference import services as reference

CONTRIBUTOR_SLOTS = 6


def trl_choices(blank=None):
    pairs = [(str(level), f"TRL {level} · {text}") for level, text in TRL_DESCRIPTIONS.items()]
    return choices(([("", blank)] if blank else []) + pairs)


class AchievementForm(AppForm):
    title = StringField(_l("Title"))
    abstract = TextAreaField(_l("Abstract"), render_kw={"rows": 6},
                             description=_l("What problem it solves, how, and the results."))
    keywords = StringField(
        _l("Keywords"), description=_l("Separate with commas or 、, e.g. 数控机床、主轴、故障诊断")
    )
    type = SelectField(_l("Type"), choices=choices(
        [("", _l("Choose the type")), *AchievementType.choices()]))
    patent_number = StringField(_l("Patent application number"),
                                description=_l("For patents only, e.g. CN202310123455.1"))
    legal_status = SelectField(
        _l("Legal status"), choices=choices([("", _l("— not a patent —")),
                                             *LegalStatus.choices()]),
    )
    industry_code = SelectField(_l("Industry (GB/T 4754-2017)"))
    trl = SelectField(_l("Technology readiness level"))
    transaction_modes = MultiCheckboxField(_l("Transaction modes offered"),
                                           choices=choices(TransactionMode.choices()))
    price = StringField(_l("Asking price (yuan)"))
    price_negotiable = BooleanField(_l("Price negotiable (面议)"))
    benefit = StringField(_l("Economic benefit achieved (yuan)"),
                          description=_l("创效金额: savings or revenue already achieved."))
    # Empty slots are fine; membership of the chosen people is checked by the service.
    contributors = FieldList(SelectField(validate_choice=False), min_entries=CONTRIBUTOR_SLOTS,
                             max_entries=CONTRIBUTOR_SLOTS)
    submit = SubmitField(_l("Save draft"))

    def __init__(self, members, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.industry_code.choices = reference.division_choices()
        self.trl.choices = trl_choices(blank=_l("Choose the readiness level"))
        # The rules module enforces these; the flags only mark them with * in the page.
        for name in ("title", "abstract", "type", "industry_code", "trl", "transaction_modes"):
            self[name].flags.required = True
        member_choices = choices([("", _l("— none —"))] + [(str(m.id), m.name) for m in members])
        for entry in self.contributors:
            entry.choices = member_choices
        self.clean: dict = {}
        self.contributor_ids: list[int] = []

    def fill_from(self, achievement) -> None:
        """Prefill for editing (GET): stored values back into what a person would type."""
        for name in ("title", "abstract", "patent_number", "industry_code", "price_negotiable"):
            getattr(self, name).data = getattr(achievement, name)
        self.keywords.data = "、".join(achievement.keywords or [])
        self.type.data = achievement.type.value
        self.legal_status.data = achievement.legal_status.value if achievement.legal_status else ""
        self.trl.data = str(achievement.trl)
        self.transaction_modes.data = [m.value for m in achievement.transaction_modes]
        self.price.data = fen_to_input(achievement.price_fen)
        self.benefit.data = fen_to_input(achievement.benefit_fen)
        for entry, contributor in zip(self.contributors, achievement.contributors, strict=False):
            entry.data = str(contributor.user_id)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        raw = {name: self[name].data for name in (
            "title", "abstract", "keywords", "type", "patent_number", "legal_status",
            "industry_code", "trl", "transaction_modes", "price", "price_negotiable", "benefit",
        )}
        parsed = rules.parse(raw, [choice.value for choice in self.industry_code.choices])
        for name, messages in parsed.errors.items():
            self[name].errors = [*self[name].errors, *messages]
        self.clean = parsed.values
        self.contributor_ids = [i for i in (parse_id(e.data) for e in self.contributors) if i]
        return valid and parsed.ok


class UploadForm(AppForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Upload"))


class ImportForm(AppForm):
    file = FileField(_l("CSV or XLSX file"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Check file"))


class ConfirmImportForm(AppForm):
    token = HiddenField()
    submit = SubmitField(_l("Import all rows"))


class FilterForm(AppForm):
    """GET filters for lists and exports; changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Title contains"), validators=[Optional(), length(60)])
    text = StringField(_l("Words in title, abstract or keywords"),
                       validators=[Optional(), length(100)])
    type = SelectField(_l("Type"), validators=[Optional()])
    industry = SelectField(_l("Industry"), validators=[Optional()])
    district = SelectField(_l("District"), validators=[Optional()])
    trl = SelectField(_l("TRL"), validators=[Optional()])
    mode = SelectField(_l("Transaction mode"), validators=[Optional()])
    state = SelectField(_l("State"), validators=[Optional()])
    studio = StringField(validators=[Optional()])
    sort = SelectField(_l("Sort"), validators=[Optional()], choices=choices([
        ("newest", _l("Newest first")), ("oldest", _l("Oldest first"))]))

    # Set by the programme dashboard's links, not shown in the filter bar.
    group = SelectField(validators=[Optional()], choices=choices(
        [("", ""), ("innovation", ""), ("patent", "")]))
    year = StringField(validators=[Optional(), Regexp(r"^(19|20|21)\d\d$")])
    month = StringField(validators=[Optional(), Regexp(r"^(1[0-2]|[1-9])$")])
    legal_status = SelectField(validators=[Optional()])

    FILTERS = ("q", "text", "type", "industry", "district", "trl", "mode", "state", "studio",
               "sort", "group", "year", "month", "legal_status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = choices([("", _l("All types")), *AchievementType.choices()])
        self.industry.choices = reference.section_filter_choices()
        self.district.choices = reference.district_filter_choices()
        self.trl.choices = choices([("", _l("Any TRL"))]
                                   + [(str(i), f"TRL {i}") for i in range(1, 10)])
        self.mode.choices = choices([("", _l("Any transaction mode")),
                                     *TransactionMode.choices()])
        self.state.choices = choices([("", _l("Any state")), *State.choices(),
                                      ("counted", _l("Published or traded"))])
        self.legal_status.choices = choices([("", "")] + [(s.value, "") for s in LegalStatus])

    def values(self) -> dict:
        """The valid filters as a dict; anything invalid is dropped (and shown as an error)."""
        data = valid_filters(self, self.FILTERS)
        if data.get("studio") and not parse_id(data["studio"]):
            data.pop("studio")
        return data
