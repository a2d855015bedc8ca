"""Statements: a person's shares, a studio's agreements, the trial balance, exports."""
from __future__ import annotations

import io

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from exchange import downloads
from exchange.access import agreements as access
from exchange.agreements import exports, statements
from exchange.agreements.views import load
from exchange.auth.permissions import STAFF_ROLES, login_required, roles_required
from exchange.extensions import db
from exchange.inputs import db_int
from exchange.studios.models import Studio
from ledger.beancount import write_beancount


@login_required
def mine():
    groups = statements.for_user(current_user.id)
    overall = statements.totals([s for _a, shares in groups for s in shares])
    return render_template("agreements/mine.html", groups=groups, overall=overall)


@login_required
def mine_export(fmt: str):
    return downloads.send_tables(exports.user_tables(current_user.id), "statement", fmt)


@login_required
def agreement_export(agreement_id: int, fmt: str):
    agreement = load(agreement_id)
    return downloads.send_tables(exports.agreement_tables(agreement), agreement.code, fmt)


@login_required
def studio(studio_id: int):
    studio = db.get_or_404(Studio, studio_id)
    if not access.can_read_statement(current_user, studio.id):
        abort(403)
    lines = statements.for_studio(studio.id)
    overall = statements.Totals(*(sum(getattr(line.totals, f) for line in lines)
                                  for f in ("revenue", "allocated", "paid", "payable")))
    return render_template("agreements/studio.html", studio=studio, lines=lines,
                           overall=overall)


@roles_required(*STAFF_ROLES)
def trial_balance():
    totals = statements.trial_balance_totals()
    page = statements.paginate_rows(statements.trial_balance_select(),
                                    request.args.get("page", 1, type=db_int),
                                    current_app.config["PER_PAGE"] * 5)
    return render_template(
        "agreements/trial_balance.html", page=page, totals=totals,
        holders=statements.holders(r.ref for r in page.items),
        debit=sum(t.debit for t in totals), credit=sum(t.credit for t in totals))


@roles_required(*STAFF_ROLES)
def trial_balance_export(fmt: str):
    return downloads.send_tables([exports.trial_balance_table()], "trial-balance", fmt)


@roles_required(*STAFF_ROLES)
def beancount():
    out = io.StringIO()
    write_beancount(db.session.connection(), out, title=_("Innovation Exchange ledger"))
    return downloads.send(out.getvalue().encode("utf-8"),
                          downloads.dated("ledger", "beancount"), downloads.MEDIA["beancount"])


