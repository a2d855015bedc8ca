"""Inquiries, agreements and statements, for the parties the site shows them to."""
from __future__ import annotations

from flask import g
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from exchange.access import agreements as agreement_access
from exchange.access import get_visible
from exchange.access import inquiries as inquiry_access
from exchange.agreements import statements
from exchange.agreements.models import Agreement
from exchange.api import body, schemas
from exchange.api.boundary import create, validate
from exchange.api.doc import answers, api
from exchange.api.paging import PageArgs, keyset
from exchange.auth.permissions import login_required
from exchange.inquiries import services as inquiries
from exchange.inquiries.forms import MessageForm
from exchange.inquiries.models import Inquiry


@login_required
@answers()
@api.response(200, schemas.Me)
def me():
    """Who the token speaks for, and what it may do."""
    user = current_user
    return {"id": user.id, "name": user.name, "role": user.role, "studio": user.studio,
            "enterprise": user.enterprise, "scope": g.api_token.scope}


@login_required
@answers(400)
@api.arguments(PageArgs, location="query", as_kwargs=True)
@api.response(200, schemas.Inquiry(many=True))
def inquiry_list(**args):
    """The caller's inquiries (their enterprise's or studio's; every one for staff), the
    latest active first."""
    return keyset(inquiries.visible_to(current_user), (Inquiry.updated_at, Inquiry.id), args)


@login_required
@answers(404)
@api.etag
@api.response(200, schemas.InquiryDetail)
def inquiry_read(inquiry_id: int):
    """The inquiry and its thread."""
    return get_visible(Inquiry, inquiry_id, inquiry_access.can_read)


@login_required
@answers(400, 403, 404)
@api.arguments(body.MessageBody)
@api.response(201, schemas.Message)
def message_create(values: dict, inquiry_id: int):
    """Write in the thread, as a party or its mediator (the site's rules and limits)."""
    inquiry = get_visible(Inquiry, inquiry_id, inquiry_access.is_party)
    form = validate(MessageForm, MultiDict({"body": values["body"]}))
    return create(lambda: inquiries.post(current_user, inquiry, form.body.data, None),
                  schemas.Message().dump)


@login_required
@answers(400)
@api.arguments(PageArgs, location="query", as_kwargs=True)
@api.response(200, schemas.Agreement(many=True))
def agreement_list(**args):
    """The agreements the caller is a party to, mediates or (staff) oversees; newest
    first."""
    return keyset(agreement_access.visible_to(current_user), (Agreement.id,), args)


@login_required
@answers(404)
@api.etag
@api.response(200, schemas.Agreement)
def agreement_read(agreement_id: int):
    """The agreement, its terms, what was received and each beneficiary's share."""
    return get_visible(Agreement, agreement_id, agreement_access.can_view)


@login_required
@answers()
@api.etag
@api.response(200, schemas.Share(many=True))
def my_statement():
    """The caller's own shares as a beneficiary (an inventor's statement): allocated,
    paid out and payable, per agreement."""
    return [{"agreement": {"id": agreement.id, "title": agreement.achievement.title},
             "beneficiary": share.beneficiary, "allocated": share.allocated,
             "paid": share.paid, "payable": share.payable}
            for agreement, shares in statements.for_user(current_user.id)
            for share in shares]
