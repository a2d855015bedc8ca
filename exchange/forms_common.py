"""WTForms validators shared by the domain forms, with messages in our own catalog."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Form,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Email, Length, StopValidation, ValidationError

from exchange.auth.validators import credit_code_error, password_problems
from exchange.inputs import CONTROL_MESSAGE, DB_INT_MAX, DB_INT_MIN, has_control_chars


def no_control_chars(multiline: bool):
    def check(form, field) -> None:
        values = field.raw_data or ()
        if any(isinstance(v, str) and has_control_chars(v, multiline=multiline)
               for v in values):
            raise StopValidation(CONTROL_MESSAGE)

    return check


def within_database_range(form, field) -> None:
    if field.data is not None and not DB_INT_MIN <= field.data <= DB_INT_MAX:
        raise StopValidation(_l("The number is too large."))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _RootInputRules:
    """Meta of every form: each text field (StringField and its kind: e-mail, password,
    hidden, textarea) refuses C0 control characters, and each whole-number field numbers
    beyond the database's INTEGER, before the field's own validators run."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        check = None
        if issubclass(field_class, StringField):
            check = no_control_chars(multiline=issubclass(field_class, TextAreaField))
        elif issubclass(field_class, IntegerField):
            check = within_database_range
        elif issubclass(field_class, SelectField):
            # No choice has blanks around it; Optional() would let '\r\n' through as data.
            kwargs = dict(unbound_field.kwargs)
            kwargs["filters"] = [_strip, *(kwargs.get("filters") or ())]
            unbound_field = UnboundField(field_class, *unbound_field.args, **kwargs)
        if check is not None:
            args, kwargs = list(unbound_field.args), dict(unbound_field.kwargs)
            if len(args) > 1:  # validators given positionally
                args[1] = [check, *(args[1] or ())]
            else:
                kwargs["validators"] = [check, *(kwargs.get("validators") or ())]
            unbound_field = UnboundField(field_class, *args, **kwargs)
        return super().bind_field(form, unbound_field, options)


class AppForm(FlaskForm):
    """The base of every form the app shows (a test holds every form to it)."""

    class Meta(_RootInputRules):
        pass


class AppSubForm(Form):
    """The base of rows inside a FieldList(FormField(...)): no CSRF of their own."""

    class Meta(_RootInputRules):
        pass


required = DataRequired(message=_l("This field is required."))


def length(max: int, min: int = -1) -> Length:
    if min > 0:
        return Length(min=min, max=max,
                      message=_l("Enter between %(min)d and %(max)d characters."))
    return Length(max=max, message=_l("Enter at most %(max)d characters."))


email_address = Email(message=_l("Enter a valid e-mail address."), check_deliverability=False)

CREDIT_CODE_MESSAGES = {
    "length": _l("A unified social credit code has exactly 18 characters."),
    "charset": _l("Only digits and upper-case letters other than I, O, Z, S and V are used."),
    "region": _l("Characters 3 to 8 are the administrative division code and must be digits."),
    "check": _l("The check character (the 18th) does not match: please check the code."),
}


def credit_code(form, field) -> None:
    reason = credit_code_error(field.data or "")
    if reason:
        raise ValidationError(CREDIT_CODE_MESSAGES[reason])


PASSWORD_MESSAGES = {
    "short": _l("Use at least 10 characters."),
    "classes": _l("Use both letters and digits."),
    "common": _l("This password is too common or too easy to guess."),
    "repeated": _l("Do not repeat the same characters."),
    "personal": _l("Do not use your name or e-mail address in the password."),
}


def strong_password(email_field: str | None = "email", name_field: str | None = "name"):
    def check(form, field) -> None:
        email = getattr(form, email_field).data if email_field else ""
        name = getattr(form, name_field).data if name_field else ""
        problems = password_problems(field.data or "", email or "", name or "")
        if problems:
            raise ValidationError(" ".join(str(PASSWORD_MESSAGES[p]) for p in problems))

    return check


def valid_filters(form, names) -> dict:
    """A GET filter form's valid, non-blank values (validated here): anything invalid is
    dropped (and shown as an error); blanks count as absent, as Optional() lets them
    through unvalidated ('\r\n' in a year would reach int())."""
    form.validate()
    data = {}
    for name in names:
        if name not in form:
            continue
        value = _strip(form[name].data)
        if value and not form[name].errors:
            data[name] = value
    return data


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3+ choice objects."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
