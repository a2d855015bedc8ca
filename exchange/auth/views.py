from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from exchange.auth import account_mail, services, throttle
from exchange.auth.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ConfirmForm,
    EnterpriseRegistrationForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    RoleForm,
)
from exchange.auth.models import User
from exchange.auth.permissions import login_required, public, roles_required
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.navigation import safe_next
from exchange.views_common import attempt


@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        refusal = throttle.check(form.email.data)
        if refusal is not None:
            form.form_errors.append(_(
                "Too many login attempts. Please try again in %(seconds)d seconds.",
                seconds=refusal.retry_after))
            response = make_response(render_template("auth/login.html", form=form), 429)
            response.headers["Retry-After"] = str(refusal.retry_after)
            return response
        _done, user = attempt(lambda: services.authenticate(form.email.data,
                                                            form.password.data))
        if user is not None:
            throttle.succeeded(form.email.data)
            login_user(user)
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return _remember_device(user, redirect(safe_next()))
        throttle.failed(form.email.data)
        form.form_errors.append(_("Wrong e-mail or password, or the account is deactivated."))
    return render_template("auth/login.html", form=form)


def _remember_device(user: User, response):
    """Note the browser (a long-lived cookie); a new one is announced by mail."""
    _done, token = attempt(lambda: account_mail.note_sign_in(
        user, request.cookies.get(account_mail.DEVICE_COOKIE),
        request.headers.get("User-Agent", ""), request.remote_addr or ""))
    if token:
        response.set_cookie(account_mail.DEVICE_COOKIE, token, max_age=400 * 86400,
                            httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"]
                            or request.is_secure)
    return response


@login_required
def logout():
    # Ends the account's sessions on every device: a copy of this cookie (a shared
    # computer, a stolen cookie) is worthless from now on.
    attempt(lambda: services.end_sessions(current_user))
    logout_user()
    flash(_("You have logged out on every device."), "info")
    return redirect(url_for("main.index"))


@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = EnterpriseRegistrationForm()
    if form.validate_on_submit():
        ok, user = attempt(
            lambda: services.register_enterprise(
                form.company_name.data, form.credit_code.data, form.name.data,
                form.email.data, form.password.data, locale=str(get_locale())),
            lambda _user: _("Your enterprise account is ready. We sent a confirmation "
                            "link to your e-mail address: open it to post needs and "
                            "open inquiries."), form)
        if ok:
            login_user(user)
            return _remember_device(user, redirect(url_for("main.index")))
    return render_template("auth/register.html", form=form)


@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        ok, _none = attempt(
            lambda: services.change_password(current_user, form.current_password.data,
                                             form.password.data),
            lambda _result: _("Your password has been changed."), form)
        if ok:
            # The other sessions ended with the old version; this one carries the new one.
            login_user(current_user._get_current_object())
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)


@public
def accept_invitation(token: str):
    invitation = services.find_invitation(token)
    if invitation is None:
        abort(404)
    if current_user.is_authenticated:
        flash(_("Log out first to accept an invitation for another account."), "warning")
        return redirect(url_for("main.index"))
    form = AcceptInvitationForm()
    if invitation.is_usable() and form.validate_on_submit():
        ok, user = attempt(
            lambda: services.accept_invitation(invitation, form.name.data, form.password.data),
            lambda _user: _("Welcome to %(studio)s.", studio=invitation.studio.name), form)
        if ok:
            login_user(user)
            return redirect(url_for("studios.detail", studio_id=invitation.studio_id))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        attempt(lambda: account_mail.request_reset(form.email.data))
        # The same answer whether or not the address has an account.
        return render_template("auth/reset_sent.html", email=form.email.data,
                               minutes=current_app.config["RESET_TOKEN_AGE"] // 60)
    return render_template("auth/forgot_password.html", form=form)


@public
def reset_password(token: str):
    if account_mail.user_for_reset(token) is None:
        return render_template("auth/link_invalid.html", reset=True), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        ok, user = attempt(lambda: account_mail.reset_password(token, form.password.data),
                           lambda _user: _("Your new password is set. You were signed out "
                                           "on every other device."), form)
        if ok:
            logout_user()
            login_user(user)
            return _remember_device(user, redirect(url_for("main.index")))
    return render_template("auth/reset_password.html", form=form)


@public
def verify_email(token: str):
    # A refusal is the page below, not a flash too: the form only collects it.
    ok, user = attempt(lambda: account_mail.verify(token),
                       lambda _user: _("Thank you: your e-mail address is confirmed."),
                       form=ConfirmForm(meta={"csrf": False}))
    if not ok:
        return render_template("auth/link_invalid.html", reset=False), 400
    return redirect(url_for("main.index"))


@login_required
def resend_verification():
    if ConfirmForm().validate_on_submit():
        attempt(lambda: account_mail.send_verification(current_user),
                lambda _r: _("We sent a new confirmation link to %(email)s.",
                             email=current_user.email))
    return redirect(request.referrer if (request.referrer or "").startswith(
        request.host_url) else url_for("main.index"))


# --- administration ------------------------------------------------------------------

@roles_required(Role.ADMIN)
def users():
    query = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    status = request.args.get("status", "")
    if role and role not in {r.value for r in Role}:
        role = ""
    page = db.paginate(
        services.search_users(query, role, status),
        per_page=current_app.config["PER_PAGE"], error_out=False,
    )
    return render_template(
        "admin/users.html", page=page, q=query, role=role, status=status,
        roles=list(Role),
    )


def _target(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@roles_required(Role.ADMIN)
def user_detail(user_id: int):
    user = _target(user_id)
    return render_template(
        "admin/user_detail.html", user=user, role_form=RoleForm(role=user.role.value),
        confirm_form=ConfirmForm(),
    )


@roles_required(Role.ADMIN)
def change_role(user_id: int):
    user = _target(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        attempt(lambda: services.set_role(current_user, user, Role(form.role.data)),
                lambda _result: _("Role changed to %(role)s.", role=user.role.label))
    else:
        flash(_("The role could not be changed: please try again."), "danger")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@roles_required(Role.ADMIN)
def toggle_active(user_id: int):
    user = _target(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        attempt(lambda: services.set_active(current_user, user, not user.active),
                lambda _result: _("Account reactivated.") if user.active
                else _("Account deactivated."))
    return redirect(url_for("admin.user_detail", user_id=user.id))
