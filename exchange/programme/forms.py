"""Forms for the activity log, the yearly targets and the dashboard's filters. The
rules live in the services; the activity form shows every rule a submission breaks at
once, beside its field."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from exchange.db_types import local_today
from exchange.extensions import db
from exchange.forms_common import AppForm, choices, valid_filters
from exchange.inputs import parse_id
from exchange.programme import figures, services
from exchange.programme.kinds import ActivityKind
from exchange.reference import services as reference
from exchange.studios.models import Studio

REQUIRED = _l("This field is required.")
WHOLE_NUMBER = _l("Enter a whole number from %(min)d to %(max)d.")


class WholeNumberField(IntegerField):
    """An IntegerField whose parse error reads like our other messages."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a whole number, without units or separators."))) \
                from error


class DayField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a date as YYYY-MM-DD."))) from error


def studio_choices(first_label) -> list:
    rows = db.session.execute(db.select(Studio.id, Studio.name).order_by(Studio.name))
    return choices([("", first_label), *((str(i), name) for i, name in rows)])


class ActivityForm(AppForm):
    # The service checks the studio and the kind, so a tampered value gets our message.
    studio = SelectField(_l("Studio"), validate_choice=False)
    kind = SelectField(_l("Kind of activity"), validate_choice=False,
                       validators=[DataRequired(REQUIRED)])
    held_on = DayField(_l("Held on"), validators=[InputRequired(REQUIRED)])
    topic = StringField(_l("Topic"), validators=[DataRequired(REQUIRED)],
                        description=_l("e.g. 数控机床主轴装调技能培训, 高炉煤气余热回收攻关"))
    participants = WholeNumberField(
        _l("Participants"), validators=[InputRequired(REQUIRED)],
        description=_l("For a training, the person-times (人次) trained; otherwise the people "
                       "who took part."),
        render_kw={"min": 0, "max": services.MAX_PARTICIPANTS})
    description = TextAreaField(_l("Details"), validators=[Optional()],
                                render_kw={"rows": 5},
                                description=_l("What was done and what came of it."))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            self.studio.choices = studio_choices(_l("Choose the studio"))
            self.studio.flags.required = True
        else:
            del self.studio  # studio users always record for their own studio
        self.kind.choices = choices([("", _l("Choose the kind")), *ActivityKind.choices()])
        self.clean: dict = {}

    def fill_from(self, activity) -> None:
        for name in services.CONTENT_FIELDS:
            getattr(self, name).data = getattr(activity, name)
        self.kind.data = activity.kind.value
        if "studio" in self:
            self.studio.data = str(activity.studio_id)

    def studio_id(self) -> int | None:
        text = self.studio.data if "studio" in self else ""
        return parse_id(text)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.clean = {
            "kind": self.kind.data or None, "held_on": self.held_on.data,
            "topic": (self.topic.data or "").strip(), "participants": self.participants.data,
            "description": (self.description.data or "").strip(),
        }
        broken = False
        for problem in services.problems(self.clean):
            field = self[problem.field]
            if not field.errors:  # a parse or required error already says what is wrong
                field.errors = [*field.errors, str(problem.message)]
                broken = True
        return valid and not broken


class ActivityFilterForm(AppForm):
    """GET filters for the log; changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    # No year in the address means this year: the figures staff check are yearly.
    year = SelectField(_l("Year"), validators=[Optional()],
                       default=lambda: str(local_today().year))
    kind = SelectField(_l("Kind of activity"), validators=[Optional()])
    studio = SelectField(_l("Studio"), validators=[Optional()])
    verified = SelectField(_l("Verification"), validators=[Optional()], choices=choices([
        ("", _l("Verified or not")), ("yes", _l("Verified")),
        ("no", _l("Awaiting verification"))]))
    district = SelectField(_l("District"), validators=[Optional()])
    industry = SelectField(_l("Industry section"), validators=[Optional()])

    def __init__(self, *args, staff: bool = False, first_year: int | None = None, **kwargs):
        this_year = local_today().year
        first = min(first_year or this_year, this_year)
        super().__init__(*args, **kwargs)
        self.year.choices = choices([("", _l("All years")),
                                     *((str(y), str(y)) for y in range(this_year, first - 1, -1))])
        self.kind.choices = choices([("", _l("All kinds")), *ActivityKind.choices()])
        if staff:
            self.studio.choices = studio_choices(_l("All studios"))
            self.district.choices = reference.district_filter_choices()
            self.industry.choices = reference.section_filter_choices()
        else:
            del self.studio, self.district, self.industry

    def values(self) -> dict:
        return valid_filters(self, ("year", "kind", "studio", "verified", "district",
                                    "industry"))


class TargetsForm(AppForm):
    training = WholeNumberField(
        _l("Training (person-times)"),
        validators=[InputRequired(REQUIRED), NumberRange(0, services.MAX_TARGET, WHOLE_NUMBER)])
    innovations = WholeNumberField(
        _l("Technical innovations and breakthroughs (items)"),
        validators=[InputRequired(REQUIRED), NumberRange(0, services.MAX_TARGET, WHOLE_NUMBER)])
    patents = WholeNumberField(
        _l("Patents (items)"),
        validators=[InputRequired(REQUIRED), NumberRange(0, services.MAX_TARGET, WHOLE_NUMBER)])
    party_building = WholeNumberField(
        _l("City-level or higher studios with party building (studios)"),
        validators=[InputRequired(REQUIRED), NumberRange(0, services.MAX_TARGET, WHOLE_NUMBER)])
    submit = SubmitField(_l("Save targets"))

    def fill_from(self, target) -> None:
        for name in services.TARGET_FIELDS:
            self[name].data = getattr(target, name)

    def values(self) -> dict:
        return {name: self[name].data for name in services.TARGET_FIELDS}


class EntryActionForm(AppForm):
    """Verify or delete an entry: only the CSRF token, and where to go back to."""

    next = HiddenField(render_kw={"id": False})  # one per row: no repeated element ids


FIRST_YEAR = 2020


class DashboardFilterForm(AppForm):
    """GET filters; changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    year = SelectField(_l("Year"), validators=[Optional()])
    district = SelectField(_l("District"), validators=[Optional()])
    industry = SelectField(_l("Industry section"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = local_today().year
        self.year.choices = choices([(str(y), str(y))
                                     for y in range(this_year, FIRST_YEAR - 1, -1)])
        self.district.choices = reference.district_filter_choices()
        self.industry.choices = reference.section_filter_choices()

    def filters(self) -> figures.Filters:
        self.validate()
        year = int(self.year.data) if self.year.data and not self.year.errors \
            else local_today().year
        pick = {name: (self[name].data or None) if not self[name].errors else None
                for name in ("district", "industry")}
        return figures.Filters(year, **pick)
