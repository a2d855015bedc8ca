"""WTForms validators shared by the domain forms, with messages in our own catalog."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectMultipleField, widgets
from wtforms.validators import DataRequired, Email, Length, ValidationError

from exchange.auth.validators import credit_code_error, password_problems

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


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3+ choice objects."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
