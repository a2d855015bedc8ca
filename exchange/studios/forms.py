from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, Regexp

from exchange.auth.validators import normalize_credit_code
from exchange.forms_common import (
    AppForm,
    MultiCheckboxField,
    choices,
    credit_code,
    email_address,
    length,
    required,
)
from exchange.reference import services as reference
from exchange.studios.models import HonourLevel, InnovationKind, PartyBuilding


class StudioForm(AppForm):
    name = StringField(_l("Studio name"), validators=[required, length(120, 4)],
                       description=_l("For example 何光华劳模创新工作室"))
    leader_name = StringField(_l("Leading model worker"), validators=[required, length(40)])
    honour_level = SelectField(_l("Honour level"),
                               choices=choices(HonourLevel.choices()))
    employer_unit = StringField(_l("Employer unit"), validators=[required, length(120)])
    employer_unit_credit_code = StringField(
        _l("Employer unit's unified social credit code"),
        validators=[Optional(), credit_code],
        filters=[lambda value: normalize_credit_code(value) if value else ""],
        description=_l("The seller's code on technology-contract registration sheets."))
    district_id = SelectField(_l("District"), coerce=int, validators=[required])
    industry_code = SelectField(_l("Industry (GB/T 4754-2017)"), validators=[required])
    innovation_kinds = MultiCheckboxField(
        _l("Innovation kinds"), choices=choices(InnovationKind.choices()),
        validators=[required],
    )
    is_demonstration = BooleanField(_l("Demonstration studio"))
    party_building = SelectField(_l("Party-building coverage"),
                                 choices=choices(PartyBuilding.choices()))
    founded_year = IntegerField(
        _l("Founding year"),
        validators=[
            Optional(),
            NumberRange(1949, 2100, _l("Enter a year between %(min)s and %(max)s.")),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), length(5000)],
                                render_kw={"rows": 6})
    contact_name = StringField(_l("Contact person"), validators=[Optional(), length(40)])
    contact_phone = StringField(
        _l("Contact phone"),
        validators=[Optional(), length(32),
                    Regexp(r"^[0-9+\-() ]{5,32}$", message=_l("Enter a valid phone number."))],
    )
    contact_email = EmailField(_l("Contact e-mail"),
                               validators=[Optional(), email_address, length(254)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = choices((d.id, d.name) for d in reference.districts())
        self.industry_code.choices = reference.division_choices()


class StudioTitlesForm(AppForm):
    """The titles the union awards: staff only, with the reason kept in the history."""

    honour_level = SelectField(_l("Honour level"), choices=choices(HonourLevel.choices()))
    is_demonstration = BooleanField(_l("Demonstration studio"))
    party_building = SelectField(_l("Party-building coverage"),
                                 choices=choices(PartyBuilding.choices()))
    reason = TextAreaField(_l("Reason for the change"),
                           validators=[required, length(500)], render_kw={"rows": 2},
                           description=_l("For example the decision's document number and "
                                          "date; shown in the studio's title history."))
    submit = SubmitField(_l("Save titles"))


class StudioFilterForm(AppForm):
    """GET filters for the public list; no CSRF because it changes nothing."""

    class Meta:
        csrf = False

    q = StringField(_l("Name contains"), validators=[Optional(), length(60)])
    district = SelectField(_l("District"), validators=[Optional()])
    industry = SelectField(_l("Industry section"), validators=[Optional()])
    honour = SelectField(
        _l("Honour level"), validators=[Optional()],
        choices=choices(
            [("", _l("All honour levels")), *HonourLevel.choices()]
        ),
    )

    # Set by the programme dashboard's links, not shown in the filter bar.
    coverage = SelectField(validators=[Optional()], choices=choices(
        [("", ""), ("covered", ""), ("uncovered", "")]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.district.choices = reference.district_filter_choices()
        self.industry.choices = reference.section_filter_choices()
