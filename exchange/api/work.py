"""Signed-in work on needs and achievements, exactly as the site allows it: the same
forms check the values, the same services and workflow rules change them."""
from __future__ import annotations

from flask import url_for
from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import Schema

from exchange.access import STAFF_ROLES, STUDIO_ROLES, get_visible
from exchange.access import achievements as achievement_access
from exchange.access import needs as need_access
from exchange.achievements import attachments
from exchange.achievements import services as achievements
from exchange.achievements import workflow as achievement_workflow
from exchange.achievements.forms import AchievementForm
from exchange.achievements.models import Achievement
from exchange.api import body, schemas
from exchange.api.boundary import change, create, validate
from exchange.api.doc import answers, api
from exchange.api.paging import PageArgs, keyset
from exchange.auth.permissions import public, require, roles_required
from exchange.auth.roles import Role
from exchange.matching import funnel
from exchange.matching import services as matching
from exchange.matching.forms import SuggestForm
from exchange.needs import services as needs
from exchange.needs import workflow as need_workflow
from exchange.needs.forms import NeedForm
from exchange.needs.models import Need

ENTERPRISE, STUDIO = (Role.ENTERPRISE,), STUDIO_ROLES
FORM_NAMES = {**body.MONEY_FIELDS, **{f"contributors-{i}": "contributors" for i in range(9)}}


def _act(apply, item, values: dict):
    """A workflow action as the site's action form takes it: the same rules and refusals."""
    change(lambda: apply(current_user, item, values["action"], values["reason"]))
    return item


def _need_form(values: dict) -> NeedForm:
    return validate(NeedForm, body.formdata(values), FORM_NAMES)


def _need_location(need: Need) -> str:
    return url_for("api.need_read", need_id=need.id, _external=True)


@roles_required(*ENTERPRISE)
@answers(400, 403)
@api.arguments(body.NeedBody)
@api.response(201, schemas.Need)
def need_create(values: dict):
    """A draft need of the caller's enterprise (the site's form rules)."""
    form = _need_form(values)
    return create(lambda: needs.save(current_user, None, form.clean),
                  schemas.Need().dump, _need_location, FORM_NAMES)


@roles_required(*ENTERPRISE)
@answers(400, 403, 404)
@api.etag
@api.arguments(body.NeedBody)
@api.response(200, schemas.Need)
def need_update(values: dict, need_id: int):
    """Change a draft or returned need: the fields sent replace the stored ones."""
    need = get_visible(Need, need_id, need_access.can_view)
    require(need_access.can_edit(current_user, need))
    api.check_etag(need, schemas.Need)
    form = _need_form({**body.NeedBody().dump(need), **values})
    return change(lambda: needs.save(current_user, need, form.clean), FORM_NAMES)


@roles_required(*ENTERPRISE, *STAFF_ROLES)
@answers(400, 403, 404)
@api.arguments(body.ActionBody)
@api.response(200, schemas.Need)
def need_act(values: dict, need_id: int):
    """A step of the need's life as on the site: submit, recall, close_solved (the
    enterprise); publish, return with a reason (staff)."""
    return _act(need_workflow.apply, get_visible(Need, need_id, need_access.can_view), values)


@roles_required(*ENTERPRISE)
@answers(400, 403)
@api.arguments(PageArgs, location="query", as_kwargs=True)
@api.response(200, schemas.NeedSummary(many=True))
def my_needs(**args):
    """The caller's enterprise's needs in every state, the latest changed first."""
    return keyset(needs.enterprise_list(current_user.enterprise_id, {}),
                  (Need.updated_at, Need.id), args)


@public
@answers(404)
@api.response(200, schemas.Match(many=True))
def need_matches(need_id: int):
    """The achievements that may solve the need, best first, with why: the shared terms
    and keywords and each factor's part of the score (as on the need's page)."""
    need = get_visible(Need, need_id, need_access.can_view)
    found, _declined = matching.undeclined_for_need(need)
    rows = [(m, row) for m, row in matching.with_rows(found, Achievement) if row is not None]
    change(lambda: funnel.record_shown(current_user, need, [(m, row.id) for m, row in rows]))
    return [{"score": m.score, "strong": matching.is_strong(m), "terms": m.terms,
             "keywords": m.keywords, "factors": m.factors, "inferred": m.inferred,
             "expanded": m.expanded, "achievement": row} for m, row in rows]


@roles_required(*ENTERPRISE, *STUDIO, *STAFF_ROLES)
@answers(400, 403)
@api.arguments(body.SuggestBody)
@api.response(200, schemas.KeywordSuggestion(many=True))
def keyword_suggestions(values: dict):
    """Keywords for a need or achievement being written: those of the published
    achievements that its title and text carry, the most specific first (as the site's
    forms propose them)."""
    form = validate(SuggestForm, body.formdata(values))
    return matching.suggest_keywords(form.title.data or "", form.text.data or "",
                                     form.chosen)


def _achievement_form(item_studio_id: int, values: dict) -> AchievementForm:
    return validate(AchievementForm, body.formdata(values), FORM_NAMES,
                    members=achievements.studio_members(item_studio_id))


def _achievement_location(item: Achievement) -> str:
    return url_for("api.achievement_read", achievement_id=item.id, _external=True)


@roles_required(*STUDIO)
@answers(400, 403)
@api.arguments(body.AchievementBody)
@api.response(201, schemas.Achievement)
def achievement_create(values: dict):
    """A draft achievement of the caller's studio; its contributors default to the
    caller, as the site's form starts."""
    values.setdefault("contributors", [current_user.id])
    form = _achievement_form(current_user.studio_id, values)
    return create(lambda: achievements.save(current_user, current_user.studio_id, None,
                                            form.clean, form.contributor_ids),
                  schemas.Achievement().dump, _achievement_location, FORM_NAMES)


def _current(item: Achievement) -> dict:
    return {**body.AchievementBody(exclude=("contributors",)).dump(item),
            "contributors": [c.user_id for c in item.contributors]}


@roles_required(*STUDIO)
@answers(400, 403, 404)
@api.etag
@api.arguments(body.AchievementBody)
@api.response(200, schemas.Achievement)
def achievement_update(values: dict, achievement_id: int):
    """Change a draft or returned achievement: the fields sent replace the stored ones."""
    item = get_visible(Achievement, achievement_id, achievement_access.can_view)
    require(achievement_access.can_edit(current_user, item))
    api.check_etag(item, schemas.Achievement)
    form = _achievement_form(item.studio_id, {**_current(item), **values})
    return change(lambda: achievements.save(current_user, item.studio_id, item, form.clean,
                                            form.contributor_ids), FORM_NAMES)


@roles_required(*STUDIO, *STAFF_ROLES)
@answers(400, 403, 404)
@api.arguments(body.ActionBody)
@api.response(200, schemas.Achievement)
def achievement_act(values: dict, achievement_id: int):
    """A step of the achievement's life as on the site: submit, recall, withdraw,
    mark_traded, reopen (the studio); publish, return with a reason (staff)."""
    return _act(achievement_workflow.apply,
                get_visible(Achievement, achievement_id, achievement_access.can_view), values)


@roles_required(*STUDIO)
@answers(400, 403)
@api.arguments(PageArgs, location="query", as_kwargs=True)
@api.response(200, schemas.AchievementSummary(many=True))
def my_achievements(**args):
    """The caller's studio's achievements in every state, the latest changed first."""
    return keyset(achievements.studio_list(current_user.studio_id, {}),
                  (Achievement.updated_at, Achievement.id), args)


class FileBody(Schema):
    file = Upload(required=True)


@roles_required(*STUDIO)
@answers(403, 404, 413)
@api.arguments(FileBody, location="files")
@api.response(201, schemas.Attachment)
def attachment_create(files: dict, achievement_id: int):
    """Attach a file (PDF, image, office document; bounded as on the site)."""
    item = get_visible(Achievement, achievement_id, achievement_access.can_view)
    require(achievement_access.can_edit(current_user, item))
    upload = files["file"]
    return create(lambda: attachments.store(current_user, item, upload.stream,
                                            upload.filename or ""),
                  schemas.Attachment().dump)
