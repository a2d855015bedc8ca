from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp

from exchange.achievements.kinds import TransactionMode
from exchange.achievements.rules import split_keywords
from exchange.db_types import local_today
from exchange.forms_common import AppForm, MultiCheckboxField, choices, length, valid_filters
from exchange.money import MONEY_MESSAGES, fen_to_input, parse_yuan
from exchange.needs.kinds import MAX_DEADLINE_DAYS, NeedState
from exchange.reference import services as reference

MAX_KEYWORDS = 10
# Mainland mobile or landline with area code, optionally with an extension.
PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$")
REQUIRED = _l("This field is required.")


class NeedForm(AppForm):
    title = StringField(
        _l("Need title"), validators=[DataRequired(REQUIRED), length(200, 5)],
        description=_l("The problem in a sentence, e.g. 数控机床主轴异响，需在线诊断"))
    description = TextAreaField(
        _l("Description"), validators=[DataRequired(REQUIRED), length(5000, 20)],
        render_kw={"rows": 7},
        description=_l("What goes wrong, under which conditions, what you tried, and what a "
                       "good solution must achieve."))
    keywords = StringField(_l("Keywords"),
                           description=_l("Up to 10, separated by commas or 、"))
    industry_code = SelectField(_l("Industry (GB/T 4754-2017)"),
                                validators=[DataRequired(REQUIRED)])
    district_code = SelectField(_l("Region"), validators=[DataRequired(REQUIRED)])
    transaction_modes = MultiCheckboxField(_l("Transaction modes you accept"),
                                           choices=choices(TransactionMode.choices()))
    budget_min = StringField(_l("Budget from (yuan)"))
    budget_max = StringField(_l("Budget up to (yuan)"))
    budget_negotiable = BooleanField(_l("Budget negotiable (面议)"))
    deadline = DateField(_l("Deadline"), validators=[InputRequired(REQUIRED)],
                         description=_l("The need closes by itself after this day."))
    contact_name = StringField(_l("Contact person"),
                               validators=[DataRequired(REQUIRED), length(60)])
    contact_phone = StringField(
        _l("Contact phone"),
        validators=[DataRequired(REQUIRED),
                    Regexp(PHONE, message=_l("Enter a mobile number or a landline with its "
                                             "area code, e.g. 0510-82701234."))])
    submit = SubmitField(_l("Save draft"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.industry_code.choices = reference.division_choices()
        self.district_code.choices = choices([("", _l("Choose the region"))]
                                             + [(d.code, d.name) for d in reference.districts()])
        self.transaction_modes.flags.required = True
        self.clean: dict = {}

    def fill_from(self, need) -> None:
        for name in ("title", "description", "industry_code", "district_code",
                     "budget_negotiable", "deadline", "contact_name", "contact_phone"):
            getattr(self, name).data = getattr(need, name)
        self.keywords.data = "、".join(need.keywords or [])
        self.transaction_modes.data = [m.value for m in need.transaction_modes]
        self.budget_min.data = fen_to_input(need.budget_min_fen)
        self.budget_max.data = fen_to_input(need.budget_max_fen)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        errors: dict[str, list] = {}
        keywords = split_keywords(self.keywords.data)
        if len(keywords) > MAX_KEYWORDS:
            errors["keywords"] = [_l("Give at most %(n)d keywords.", n=MAX_KEYWORDS)]
        if any(len(k) > 30 for k in keywords):
            errors.setdefault("keywords", []).append(_l("A keyword has at most 30 characters."))
        if not self.transaction_modes.data:
            errors["transaction_modes"] = [_l("Choose at least one transaction mode.")]
        money = {}
        for name in ("budget_min", "budget_max"):
            text = (self[name].data or "").strip()
            try:
                money[name] = parse_yuan(text) if text else None
            except ValueError as error:
                errors[name] = [MONEY_MESSAGES[str(error)]]
                money[name] = None
        low, high = money["budget_min"], money["budget_max"]
        if low is not None and high is not None and high < low:
            errors["budget_max"] = [_l("The upper end is below the lower end.")]
        if high is None and not self.budget_negotiable.data and "budget_max" not in errors:
            errors["budget_max"] = [_l("Give the most you would pay, or tick 面议.")]
        today = local_today()
        if self.deadline.data and not errors.get("deadline"):
            if self.deadline.data <= today:
                errors["deadline"] = [_l("Choose a day after today.")]
            elif self.deadline.data > today + timedelta(days=MAX_DEADLINE_DAYS):
                errors["deadline"] = [_l("Choose a day within two years.")]
        for name, messages in errors.items():
            self[name].errors = [*self[name].errors, *messages]
        self.clean = {
            "title": (self.title.data or "").strip(),
            "description": (self.description.data or "").strip(),
            "keywords": keywords, "industry_code": self.industry_code.data,
            "district_code": self.district_code.data,
            "transaction_modes": list(self.transaction_modes.data or []),
            "budget_min_fen": low, "budget_max_fen": high,
            "budget_negotiable": bool(self.budget_negotiable.data),
            "deadline": self.deadline.data,
            "contact_name": (self.contact_name.data or "").strip(),
            "contact_phone": (self.contact_phone.data or "").strip(),
        }
        return valid and not errors


class NeedFilterForm(AppForm):
    """GET filters for need lists; changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    text = StringField(_l("Words in title, description or keywords"),
                       validators=[Optional(), length(100)])
    industry = SelectField(_l("Industry"), validators=[Optional()])
    district = SelectField(_l("Region"), validators=[Optional()])
    mode = SelectField(_l("Transaction mode"), validators=[Optional()])
    state = SelectField(_l("State"), validators=[Optional()])

    # Set by the programme dashboard's funnel links, not shown in the filter bar.
    year = StringField(validators=[Optional(), Regexp(r"^(19|20|21)\d\d$")])
    stage = SelectField(validators=[Optional()], choices=choices(
        [("", ""), ("matched", ""), ("negotiating", ""), ("agreed", "")]))

    FILTERS = ("text", "industry", "district", "mode", "state", "year", "stage")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.industry.choices = reference.section_filter_choices()
        self.district.choices = reference.district_filter_choices()
        self.mode.choices = choices([("", _l("Any transaction mode")),
                                     *TransactionMode.choices()])
        self.state.choices = choices([("", _l("Any state")), *NeedState.choices(),
                                      ("posted", _l("Published, open or closed"))])

    def values(self) -> dict:
        return valid_filters(self, self.FILTERS)
