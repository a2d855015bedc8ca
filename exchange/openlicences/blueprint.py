"""Every URL of open licences (专利开放许可): the catalogue, declarations and their steps,
taking a licence, and the documents."""
from __future__ import annotations

from flask import Blueprint

from exchange.openlicences import views

bp = Blueprint("openlicences", __name__)

bp.add_url_rule("/open-licences/", view_func=views.index)
bp.add_url_rule("/open-licences/review", view_func=views.review)
bp.add_url_rule("/open-licences/studio", view_func=views.studio)
bp.add_url_rule("/open-licences/<int:declaration_id>", view_func=views.detail)
bp.add_url_rule("/achievements/<int:achievement_id>/open-licence", methods=["POST"],
                view_func=views.start)
bp.add_url_rule("/open-licences/<int:declaration_id>/edit", methods=["GET", "POST"],
                view_func=views.edit)
bp.add_url_rule("/open-licences/<int:declaration_id>/submit", methods=["POST"],
                view_func=views.submit)
bp.add_url_rule("/open-licences/<int:declaration_id>/steps/<name>", methods=["POST"],
                view_func=views.step)
bp.add_url_rule("/open-licences/<int:declaration_id>/text", view_func=views.text)
bp.add_url_rule("/open-licences/<int:declaration_id>/declaration.pdf", view_func=views.pdf)
bp.add_url_rule("/open-licences/<int:declaration_id>/take", methods=["GET", "POST"],
                view_func=views.take)
bp.add_url_rule("/open-licences/licences/<int:licence_id>/filing-pack",
                view_func=views.filing_pack)
