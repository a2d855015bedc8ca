from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired

from exchange.api.models import READ, WRITE
from exchange.api.services import LIFETIMES
from exchange.forms_common import AppForm, choices, length


class TokenForm(AppForm):
    name = StringField(_l("Token name"), validators=[DataRequired(_l("This field is required.")),
                                               length(80)],
                       description=_l("What the token is for, e.g. 采购系统对接"))
    scope = RadioField(_l("Scope"), default=READ, choices=choices([
        (READ, _l("Read: lists, items, matches, statements")),
        (WRITE, _l("Read and write: also create and change needs, achievements, "
                   "messages"))]))
    days = SelectField(_l("Expires after"), default="90", choices=choices(
        [(str(d), _l("%(n)d days", n=d)) for d in LIFETIMES]))
    submit = SubmitField(_l("Create token"))
