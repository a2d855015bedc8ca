from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class MatchStage(LabelledEnum):
    """How far a suggested match went: the funnel the union reads to judge the matcher."""

    SHOWN = "shown"  # on the need's matches (page or API), to a member of its enterprise
    OPENED = "opened"  # its achievement opened from there
    INQUIRY = "inquiry"  # an inquiry about the achievement, answering the need
    AGREEMENT = "agreement"  # that inquiry's agreement came into force


MatchStage.set_labels({
    MatchStage.SHOWN: _l("Shown"),
    MatchStage.OPENED: _l("Opened"),
    MatchStage.INQUIRY: _l("Inquiry"),
    MatchStage.AGREEMENT: _l("Agreement"),
})

# Score bands of the funnel page: [lower, upper) of the match score when it was shown.
SCORE_BANDS = ((0.0, 0.25), (0.25, 0.4), (0.4, 0.55), (0.55, 0.7), (0.7, 1.01))
