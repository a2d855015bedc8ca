"""Every URL of the API: /api/v1/… (documented by flask-smorest from the operations'
decorators), the Swagger UI's local files, and the account's token pages."""
from __future__ import annotations

from flask import Blueprint

from exchange.api import catalogue as read
from exchange.api import deals, review, views, work
from exchange.api.doc import api as api_bp

__all__ = ["api_bp", "pages_bp"]

GET, POST, PATCH = ["GET"], ["POST"], ["PATCH"]
CATALOGUE, NEEDS, ACHIEVEMENTS = ["catalogue"], ["needs"], ["achievements"]
DEALS, ACCOUNT, REVIEW = ["inquiries and agreements"], ["account"], ["review"]
ACHIEVEMENT, NEED = "/achievements/<int:achievement_id>", "/needs/<int:need_id>"

# Read, as visitors see it.
api_bp.add_url_rule("/achievements", view_func=read.achievement_list, methods=GET,
                    tags=CATALOGUE)
api_bp.add_url_rule(ACHIEVEMENT, view_func=read.achievement_read, methods=GET,
                    tags=CATALOGUE)
api_bp.add_url_rule("/studios", view_func=read.studio_list, methods=GET, tags=CATALOGUE)
api_bp.add_url_rule("/studios/<int:studio_id>", view_func=read.studio_read, methods=GET,
                    tags=CATALOGUE)
api_bp.add_url_rule("/needs", view_func=read.need_list, methods=GET, tags=CATALOGUE)
api_bp.add_url_rule(NEED, view_func=read.need_read, methods=GET, tags=CATALOGUE)
api_bp.add_url_rule(NEED + "/matches", view_func=work.need_matches, methods=GET, tags=NEEDS)
api_bp.add_url_rule("/search", view_func=read.search_read, methods=GET, tags=CATALOGUE)
api_bp.add_url_rule("/figures", view_func=read.figures_read, methods=GET, tags=CATALOGUE)

# Signed-in work, each as the site allows it.
api_bp.add_url_rule("/me", view_func=deals.me, methods=GET, tags=ACCOUNT)
api_bp.add_url_rule("/me/needs", view_func=work.my_needs, methods=GET, tags=NEEDS)
api_bp.add_url_rule("/me/achievements", view_func=work.my_achievements, methods=GET,
                    tags=ACHIEVEMENTS)
api_bp.add_url_rule("/me/statement", view_func=deals.my_statement, methods=GET, tags=DEALS)
api_bp.add_url_rule("/needs", view_func=work.need_create, methods=POST, tags=NEEDS)
api_bp.add_url_rule(NEED, view_func=work.need_update, methods=PATCH, tags=NEEDS)
api_bp.add_url_rule(NEED + "/actions", view_func=work.need_act, methods=POST, tags=NEEDS)
api_bp.add_url_rule("/achievements", view_func=work.achievement_create, methods=POST,
                    tags=ACHIEVEMENTS)
api_bp.add_url_rule(ACHIEVEMENT, view_func=work.achievement_update, methods=PATCH,
                    tags=ACHIEVEMENTS)
api_bp.add_url_rule(ACHIEVEMENT + "/actions", view_func=work.achievement_act, methods=POST,
                    tags=ACHIEVEMENTS)
api_bp.add_url_rule(ACHIEVEMENT + "/attachments", view_func=work.attachment_create,
                    methods=POST, tags=ACHIEVEMENTS)
api_bp.add_url_rule("/keyword-suggestions", view_func=work.keyword_suggestions,
                    methods=POST, tags=NEEDS + ACHIEVEMENTS)
api_bp.add_url_rule("/inquiries", view_func=deals.inquiry_list, methods=GET, tags=DEALS)
api_bp.add_url_rule("/inquiries/<int:inquiry_id>", view_func=deals.inquiry_read,
                    methods=GET, tags=DEALS)
api_bp.add_url_rule("/inquiries/<int:inquiry_id>/messages", view_func=deals.message_create,
                    methods=POST, tags=DEALS)
api_bp.add_url_rule("/agreements", view_func=deals.agreement_list, methods=GET, tags=DEALS)
api_bp.add_url_rule("/agreements/<int:agreement_id>", view_func=deals.agreement_read,
                    methods=GET, tags=DEALS)
api_bp.add_url_rule("/review/achievements", view_func=review.achievement_queue,
                    methods=GET, tags=REVIEW)
api_bp.add_url_rule("/review/needs", view_func=review.need_queue, methods=GET, tags=REVIEW)

# Pages: the docs' files, and the account's tokens.
pages_bp = Blueprint("api_pages", __name__)
pages_bp.add_url_rule("/api/docs/assets/<path:filename>", view_func=views.asset)
pages_bp.add_url_rule("/account/tokens", methods=["GET", "POST"], view_func=views.tokens)
pages_bp.add_url_rule("/account/tokens/<int:token_id>/revoke", methods=POST,
                      view_func=views.revoke)
