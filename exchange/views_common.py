"""What the domains' POST views share: running a service change at the request boundary
(`attempt`, the one place a request commits), and the workflow action (submit, approve,
return, withdraw…) on an item of a domain whose workflow module has
`apply(actor, item, action, reason)`."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Optional

from exchange.extensions import db
from exchange.forms_common import AppForm, length
from exchange.services_base import DomainError, Refused, attach_error


class ActionForm(AppForm):
    action = HiddenField()
    reason = TextAreaField(_l("Reason"), validators=[Optional(), length(2000)],
                           render_kw={"rows": 2})


Done = Callable[[object], "str | tuple[str, str] | None"]


def attempt(change: Callable[[], object], done: Done | None = None, form=None,
            kept: Callable[[object], bool] | None = None) -> tuple[bool, object]:
    """The request boundary: every change a request makes runs through here, and this is
    the one place a request commits.

    Runs `change()` (a service call that only flushes). When an access rule refuses it
    (`Refused`), nothing of it stays and the answer is 403. When a rule refuses the values
    (`DomainError`), nothing of it stays and the rule's message goes on `form` (its field)
    or, without a form, into a flash: returns (False, None). A change that reports its own
    failure in its result (an import with bad rows) names the test in `kept`: when
    `kept(result)` is false nothing stays and (False, result) is returned. Any other
    exception leaves nothing either and goes on. Otherwise commit, then flash what
    `done(result)` says: a message (success), a `(message, category)` pair, or None."""
    try:
        result = change()
        if kept is not None and not kept(result):
            db.session.rollback()
            return False, result
    except Refused:
        db.session.rollback()
        abort(403)
    except DomainError as error:
        db.session.rollback()
        if form is None:
            flash(str(error.message), "danger")
        else:
            attach_error(form, error)
        return False, None
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    said = done(result) if done is not None else None
    if isinstance(said, tuple):
        flash(*said)
    elif said is not None:
        flash(said, "success")
    return True, result


def take_action(apply: Callable, item, done: Callable[[str], str], review_url: str,
                item_url: str):
    """The action form's POST; `done(state label)` is the success message. Returns to
    the page the action was taken from (the review list or the item)."""
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("The action could not be taken: please try again."), "danger")
    else:
        attempt(lambda: apply(current_user, item, form.action.data, form.reason.data),
                lambda step: done(step.to_state.label))
    return redirect(review_url if request.form.get("next") == "review" else item_url)
