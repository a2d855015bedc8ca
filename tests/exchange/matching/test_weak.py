"""Weak matches are hidden by default, behind "show weaker matches"."""
import pytest

from exchange.matching import services
from exchange.matching.engine import Match
from tests.exchange.matching.test_app import catalogue  # noqa: F401 (a fixture)
from tests.support import factories


@pytest.fixture
def app_config():
    # Between the wind-turbine seal's score (~0.38) and the lathe guide's (~0.55).
    return {"MATCH_MIN_SCORE": 0.45}


def test_weak_matches_are_hidden_until_asked_for(client, db, users, catalogue):  # noqa: F811
    spindle, lathe, wind = catalogue
    need = factories.make_need(users["enterprise"], "published")
    matches = {m.id: m for m in services.for_need(need, 50)}
    assert matches[f"achievement:{wind.id}"].score < 0.45  # shares only 主轴
    default = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    assert f'data-match="achievement:{spindle.id}"' in default
    assert f'data-match="achievement:{lathe.id}"' in default
    assert f'data-match="achievement:{wind.id}"' not in default
    assert 'id="weaker-matches"' in default and "显示 1 个较弱的匹配" in default
    everything = client.get(f"/needs/{need.id}/matches?all=1").get_data(as_text=True)
    assert all(f'data-match="{m}"' in everything for m in matches)
    assert 'id="strong-matches"' in everything
    # The home panel lists strong matches only.
    panel = services.recent_for_enterprise(users["enterprise"].enterprise_id)
    assert [m.id for _need, found in panel for m in found] == [
        f"achievement:{spindle.id}", f"achievement:{lathe.id}"]


def test_a_match_sharing_no_term_is_weak_whatever_its_score(app, db):
    with app.test_request_context():
        def match(score, terms=(), keywords=()):
            return Match(id="achievement:1", score=score, terms=terms, keywords=keywords,
                         factors=(), profile=None)

        assert not services.is_strong(match(0.9))  # industry, mode, price alone
        assert services.is_strong(match(0.46, terms=("主轴",)))
        assert services.is_strong(match(0.46, keywords=("主轴",)))
        assert not services.is_strong(match(0.44, terms=("主轴",)))
