"""Stored links are built from endpoint names, inside a request or outside one."""
from __future__ import annotations

from exchange.navigation import path_for


def test_path_for_inside_and_outside_a_request(app):
    with app.app_context():
        outside = path_for("achievements.detail", achievement_id=42)
    with app.test_request_context("/"):
        inside = path_for("achievements.detail", achievement_id=42)
    assert outside == inside == "/achievements/42"
