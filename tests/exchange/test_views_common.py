"""The request boundary: one place commits, refusals are 403, rules roll back."""
from __future__ import annotations

import errno

import pytest
from flask import get_flashed_messages
from werkzeug.exceptions import Forbidden

from exchange.reference.models import Industry
from exchange.services_base import DomainError, Refused
from exchange.views_common import attempt


def _add_industry(db, code="Z99"):
    db.session.add(Industry(code=code, section="Z", name_zh="测试行业", name_en="Test"))
    db.session.flush()


def _industries(db):
    return db.session.execute(db.select(Industry.code).where(Industry.code == "Z99")).all()


def test_a_refusal_is_not_an_os_error():
    assert not issubclass(Refused, OSError)


def test_a_refusal_answers_403_and_keeps_nothing(app, db):
    def change():
        _add_industry(db)
        raise Refused("not yours")

    with app.test_request_context("/", method="POST"):
        with pytest.raises(Forbidden):
            attempt(change, lambda _: "done")
        assert _industries(db) == []


def test_a_file_system_permission_error_is_not_a_refusal(app, db):
    """A real EACCES inside a change is a server error, never a quiet 403."""
    def change():
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/attachments/x")

    with app.test_request_context("/", method="POST"):
        with pytest.raises(PermissionError):
            attempt(change, lambda _: "done")


def test_a_rule_rolls_back_and_says_why(app, db):
    def change():
        _add_industry(db)
        raise DomainError("名称不能为空。")

    with app.test_request_context("/", method="POST"):
        assert attempt(change, lambda _: "done") == (False, None)
        assert _industries(db) == []
        assert get_flashed_messages(with_categories=True) == [("danger", "名称不能为空。")]


def test_a_change_commits_and_says_what_done_returns(app, db):
    with app.test_request_context("/", method="POST"):
        ok, result = attempt(lambda: _add_industry(db) or 7,
                             lambda n: (f"已记录 {n} 条。", "info"))
        assert (ok, result) == (True, 7)
        db.session.rollback()  # committed: a rollback keeps it
        assert len(_industries(db)) == 1
        assert get_flashed_messages(with_categories=True) == [("info", "已记录 7 条。")]
