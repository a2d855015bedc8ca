from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from exchange.access import STAFF_ROLES, STUDIO_ROLES, get_visible
from exchange.access import achievements as achievement_access
from exchange.access import feedback as feedback_access
from exchange.access import needs as need_access
from exchange.achievements.models import Achievement
from exchange.auth.permissions import login_required, public, roles_required
from exchange.auth.roles import Role
from exchange.extensions import limiter
from exchange.feedback.forms import DeclineMatchForm
from exchange.matching import funnel, services
from exchange.matching.forms import SuggestForm
from exchange.needs.models import Need
from exchange.pagination import keep_in_range, requested_page
from exchange.views_common import attempt
from search_index.highlight import highlight

PER_PAGE = 10


def _page(matches: list, model) -> dict:
    """The requested page of `matches`: only the strong ones unless ?all=1 asks for every
    match (services.is_strong); how many weaker ones there are, for the link to them."""
    show_all = request.args.get("all") == "1"
    shown = matches if show_all else services.strong(matches)
    number = requested_page()
    pages = max(1, -(-len(shown) // PER_PAGE))
    keep_in_range(number, pages)
    on_page = shown[(number - 1) * PER_PAGE:number * PER_PAGE]
    return {"rows": services.with_rows(on_page, model),
            "page": number, "pages": pages, "show_all": show_all,
            "weaker": len(matches) - len(services.strong(matches))}


def _marked(text: str, terms) -> Markup:
    return Markup(highlight(text, list(terms)))


@public
def need_matches(need_id: int):
    need = get_visible(Need, need_id, need_access.can_view)
    found, declined = services.undeclined_for_need(need)
    page = _page(found, Achievement)
    html = render_template("matching/matches.html", subject=need, kind="need",
                           marked=_marked, declined=len(declined),
                           may_decline=feedback_access.can_decline_for(current_user, need),
                           decline_form=DeclineMatchForm(), **page)
    # Recorded once the page is drawn: the commit expires the rows the template reads.
    shown = [(match, row.id) for match, row in page["rows"] if row is not None]
    attempt(lambda: funnel.record_shown(current_user, need, shown))
    return html


@login_required
def decline(need_id: int, achievement_id: int):
    """The need's owner declines a suggested achievement, with a coded reason: it leaves
    the need's matches and the studio learns why."""
    need = get_visible(Need, need_id, need_access.can_view)
    item = get_visible(Achievement, achievement_id, achievement_access.can_view)
    form = DeclineMatchForm()
    if form.validate_on_submit():
        attempt(lambda: services.decline(current_user, need, item, form.reason_code.data,
                                         form.reason_text.data),
                lambda _r: _("The match was declined; the studio sees your reason."))
    else:
        flash(_("Choose a reason to decline the match."), "danger")
    return redirect(url_for("matching.need_matches", need_id=need.id))


@public
def achievement_matches(achievement_id: int):
    item = get_visible(Achievement, achievement_id, achievement_access.can_view)
    found = services.for_achievement(item, services.SHOWN)
    return render_template("matching/matches.html", subject=item, kind="achievement",
                           marked=_marked, **_page(found, Need))


# The form asks as the user pauses typing: a person's pace, never a crawler's.
@limiter.limit("60/minute", key_func=lambda: f"suggest:{current_user.get_id()}")
@roles_required(Role.ENTERPRISE, *STUDIO_ROLES, *STAFF_ROLES)
def keyword_suggestions():
    """Keywords proposed for the need or achievement being written (the forms' chips)."""
    form = SuggestForm()
    if not form.validate_on_submit():
        return jsonify(errors=form.errors), 400
    found = services.suggest_keywords(form.title.data or "", form.text.data or "",
                                      form.chosen)
    return jsonify(suggestions=[{"keyword": s.keyword, "count": s.count,
                                 "in_title": s.in_title} for s in found])
