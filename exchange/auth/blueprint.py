"""Every URL of auth: accounts: login, registration, passwords, invitations; administration
of users.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.auth import views

auth_bp = Blueprint("auth", __name__, url_prefix="/auth")
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

auth_bp.add_url_rule("/login", methods=["GET", "POST"], view_func=views.login)
auth_bp.add_url_rule("/logout", methods=["POST"], view_func=views.logout)
auth_bp.add_url_rule("/register", methods=["GET", "POST"], view_func=views.register)
auth_bp.add_url_rule("/password", methods=["GET", "POST"], view_func=views.change_password)
auth_bp.add_url_rule(
    "/invitations/<token>", methods=["GET", "POST"], view_func=views.accept_invitation
)
auth_bp.add_url_rule("/password/forgot", methods=["GET", "POST"],
                     view_func=views.forgot_password)
auth_bp.add_url_rule("/password/reset/<token>", methods=["GET", "POST"],
                     view_func=views.reset_password)
auth_bp.add_url_rule("/verify/<token>", view_func=views.verify_email)
auth_bp.add_url_rule("/verify", methods=["POST"], view_func=views.resend_verification)
admin_bp.add_url_rule("/users", view_func=views.users)
admin_bp.add_url_rule("/users/<int:user_id>", view_func=views.user_detail)
admin_bp.add_url_rule("/users/<int:user_id>/role", methods=["POST"], view_func=views.change_role)
admin_bp.add_url_rule(
    "/users/<int:user_id>/active", methods=["POST"], view_func=views.toggle_active
)
