"""The union's review queue: what waits for staff, first come first reviewed. Publishing
and returning with a reason are the items' actions (`…/actions`)."""
from __future__ import annotations

from exchange.access import STAFF_ROLES
from exchange.achievements import services as achievements
from exchange.achievements.models import Achievement
from exchange.api import schemas
from exchange.api.doc import answers, api
from exchange.api.paging import PageArgs, keyset
from exchange.auth.permissions import roles_required
from exchange.needs import services as needs
from exchange.needs.models import Need


@roles_required(*STAFF_ROLES)
@answers(400, 403)
@api.arguments(PageArgs, location="query", as_kwargs=True)
@api.response(200, schemas.AchievementSummary(many=True))
def achievement_queue(**args):
    """Achievements submitted for review, the longest waiting first."""
    return keyset(achievements.review_queue({}), (Achievement.updated_at, Achievement.id),
                  args, descending=False)


@roles_required(*STAFF_ROLES)
@answers(400, 403)
@api.arguments(PageArgs, location="query", as_kwargs=True)
@api.response(200, schemas.NeedSummary(many=True))
def need_queue(**args):
    """Needs submitted for review, the longest waiting first."""
    return keyset(needs.review_queue({}), (Need.updated_at, Need.id), args, descending=False)
