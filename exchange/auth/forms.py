from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import EqualTo

from exchange.auth.roles import Role
from exchange.forms_common import (
    AppForm,
    choices,
    credit_code,
    email_address,
    length,
    required,
    strong_password,
)

_confirm = EqualTo("password", message=_l("The two passwords do not match."))


class LoginForm(AppForm):
    email = EmailField(_l("E-mail"), validators=[required, length(254)])
    password = PasswordField(_l("Password"), validators=[required, length(200)])
    submit = SubmitField(_l("Log in"))


class EnterpriseRegistrationForm(AppForm):
    company_name = StringField(_l("Company name"), validators=[required, length(120, 2)])
    credit_code = StringField(
        _l("Unified social credit code"), validators=[required, credit_code],
        description=_l("18 characters, as printed on the business licence."),
    )
    name = StringField(_l("Your name"), validators=[required, length(80)])
    email = EmailField(_l("E-mail"), validators=[required, email_address, length(254)])
    password = PasswordField(
        _l("Password"), validators=[required, length(200), strong_password()],
        description=_l("At least 10 characters with letters and digits."),
    )
    confirm = PasswordField(_l("Repeat password"), validators=[required, _confirm])
    submit = SubmitField(_l("Register"))


class AcceptInvitationForm(AppForm):
    name = StringField(_l("Your name"), validators=[required, length(80)])
    password = PasswordField(
        _l("Password"), validators=[required, length(200), strong_password(email_field=None)],
        description=_l("At least 10 characters with letters and digits."),
    )
    confirm = PasswordField(_l("Repeat password"), validators=[required, _confirm])
    submit = SubmitField(_l("Create my account"))


class ForgotPasswordForm(AppForm):
    email = EmailField(_l("E-mail"), validators=[required, email_address, length(254)])
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(AppForm):
    password = PasswordField(
        _l("New password"),
        validators=[required, length(200), strong_password(email_field=None, name_field=None)],
        description=_l("At least 10 characters with letters and digits."),
    )
    confirm = PasswordField(_l("Repeat new password"), validators=[required, _confirm])
    submit = SubmitField(_l("Set the new password"))


class ChangePasswordForm(ResetPasswordForm):
    """The new password as on a reset, proved by the current one."""

    current_password = PasswordField(_l("Current password"), validators=[required])
    submit = SubmitField(_l("Change password"))


class InvitationForm(AppForm):
    email = EmailField(_l("E-mail"), validators=[required, email_address, length(254)])
    role = SelectField(
        _l("Role"),
        choices=choices(Role.choices([Role.STUDIO_MEMBER, Role.STUDIO_LEADER])),
        default=Role.STUDIO_MEMBER.value,
    )
    submit = SubmitField(_l("Create invitation"))


class RoleForm(AppForm):
    role = SelectField(_l("Role"), choices=choices(Role.choices()))
    submit = SubmitField(_l("Change role"))


class ConfirmForm(AppForm):
    """An empty form: its CSRF token guards a POST-only action such as deactivate."""

    submit = SubmitField(_l("Confirm"))
