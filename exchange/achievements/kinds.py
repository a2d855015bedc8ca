"""Enumerations of the achievement domain with their translated labels."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class AchievementType(LabelledEnum):
    INVENTION_PATENT = "invention_patent"
    UTILITY_MODEL = "utility_model"
    DESIGN_PATENT = "design_patent"
    SOFTWARE_COPYRIGHT = "software_copyright"
    TECHNICAL_INNOVATION = "technical_innovation"
    TECHNICAL_BREAKTHROUGH = "technical_breakthrough"
    PROCESS_METHOD = "process_method"
    MANAGEMENT_INNOVATION = "management_innovation"
    SERVICE_INNOVATION = "service_innovation"
    MECHANISM_INNOVATION = "mechanism_innovation"

    @property
    def is_patent(self) -> bool:
        return self in PATENT_KIND_DIGITS


AchievementType.set_labels({
    AchievementType.INVENTION_PATENT: _l("Invention patent"),
    AchievementType.UTILITY_MODEL: _l("Utility model patent"),
    AchievementType.DESIGN_PATENT: _l("Design patent"),
    AchievementType.SOFTWARE_COPYRIGHT: _l("Software copyright"),
    AchievementType.TECHNICAL_INNOVATION: _l("Technical innovation"),
    AchievementType.TECHNICAL_BREAKTHROUGH: _l("Technical breakthrough"),
    AchievementType.PROCESS_METHOD: _l("Process or method"),
    AchievementType.MANAGEMENT_INNOVATION: _l("Management innovation"),
    AchievementType.SERVICE_INNOVATION: _l("Service innovation"),
    AchievementType.MECHANISM_INNOVATION: _l("Mechanism innovation"),
})

# The 5th digit of a CNIPA application number gives the kind: 1/8 invention (8: PCT
# national phase), 2/9 utility model (9: PCT), 3 design.
PATENT_KIND_DIGITS = {
    AchievementType.INVENTION_PATENT: frozenset("18"),
    AchievementType.UTILITY_MODEL: frozenset("29"),
    AchievementType.DESIGN_PATENT: frozenset("3"),
}


class LegalStatus(LabelledEnum):
    PENDING = "pending"
    GRANTED = "granted"
    LAPSED = "lapsed"


LegalStatus.set_labels({
    LegalStatus.PENDING: _l("Application pending"),
    LegalStatus.GRANTED: _l("Granted"),
    LegalStatus.LAPSED: _l("Lapsed"),
})


class TransactionMode(LabelledEnum):
    TRANSFER = "transfer"
    LICENSE_EXCLUSIVE = "license_exclusive"
    LICENSE_SOLE = "license_sole"
    LICENSE_GENERAL = "license_general"
    EQUITY = "equity"
    TECHNICAL_SERVICE = "technical_service"
    JOINT_DEVELOPMENT = "joint_development"


TransactionMode.set_labels({
    TransactionMode.TRANSFER: _l("Transfer"),
    TransactionMode.LICENSE_EXCLUSIVE: _l("Exclusive licence"),
    TransactionMode.LICENSE_SOLE: _l("Sole licence"),
    TransactionMode.LICENSE_GENERAL: _l("Non-exclusive licence"),
    TransactionMode.EQUITY: _l("Equity contribution"),
    TransactionMode.TECHNICAL_SERVICE: _l("Technical service"),
    TransactionMode.JOINT_DEVELOPMENT: _l("Joint development"),
})


class State(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    TRADED = "traded"

    @property
    def editable(self) -> bool:
        return self in (State.DRAFT, State.RETURNED)


State.set_labels({
    State.DRAFT: _l("Draft"),
    State.SUBMITTED: _l("Awaiting review"),
    State.PUBLISHED: _l("Published"),
    State.RETURNED: _l("Returned"),
    State.WITHDRAWN: _l("Withdrawn"),
    State.TRADED: _l("Traded"),
})

# Technology readiness levels after GB/T 22900-2022.
TRL_DESCRIPTIONS = {
    1: _l("Basic principles observed and reported"),
    2: _l("Technology concept or application formulated"),
    3: _l("Key functions proven analytically and experimentally"),
    4: _l("Components or modules validated in a laboratory environment"),
    5: _l("Components or modules validated in a relevant environment"),
    6: _l("System or subsystem prototype demonstrated in a relevant environment (pilot)"),
    7: _l("System prototype demonstrated in the operational environment"),
    8: _l("Actual system completed and qualified through test and demonstration"),
    9: _l("Actual system proven in successful operation (industrial scale)"),
}

# How the programme counts achievements (双创双提升 targets): innovations and
# breakthroughs, patents, and the states in which an achievement counts (a withdrawn
# one never does). The dashboard and the lists it links to share these.
INNOVATION_TYPES = (AchievementType.TECHNICAL_INNOVATION, AchievementType.TECHNICAL_BREAKTHROUGH,
                    AchievementType.PROCESS_METHOD, AchievementType.MANAGEMENT_INNOVATION,
                    AchievementType.SERVICE_INNOVATION, AchievementType.MECHANISM_INNOVATION)
PATENT_TYPES = (AchievementType.INVENTION_PATENT, AchievementType.UTILITY_MODEL,
                AchievementType.DESIGN_PATENT)
COUNTED_STATES = (State.PUBLISHED, State.TRADED)
TYPE_GROUPS = {"innovation": INNOVATION_TYPES, "patent": PATENT_TYPES}
