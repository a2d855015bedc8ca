"""Error pages in the user's language. The transaction is rolled back before rendering."""
from __future__ import annotations

import logging

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

from exchange.api import problems
from exchange.extensions import api_request, db

log = logging.getLogger(__name__)
PAGES = {400, 403, 404, 413, 429, 500}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if api_request():
            return problems.from_http_error(error)
        db.session.rollback()
        code = error.code or 500
        template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
        return render_template(template, error=error), code

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        propagate = app.config["PROPAGATE_EXCEPTIONS"]
        if propagate if propagate is not None else (app.testing or app.debug):
            raise error  # tests and the debugger see the real traceback
        log.exception("unhandled error")
        db.session.rollback()
        if api_request():
            return problems.problem(500)
        return render_template("errors/500.html", error=InternalServerError()), 500

    @app.teardown_request
    def rollback_uncommitted(exc):
        # The request boundary owns the transaction: whatever a view did not commit is undone.
        if exc is not None:
            db.session.rollback()
