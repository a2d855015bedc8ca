"""What a studio records in its activity log."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class ActivityKind(LabelledEnum):
    TRAINING = "training"
    TACKLING = "tackling"
    PARTY_BUILDING = "party_building"


ActivityKind.set_labels({
    ActivityKind.TRAINING: _l("Training (培训)"),
    ActivityKind.TACKLING: _l("Technical tackling project (攻关项目)"),
    ActivityKind.PARTY_BUILDING: _l("Party-building activity (党建活动)"),
})
