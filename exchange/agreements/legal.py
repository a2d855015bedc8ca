"""Legal minimums shown to the mediator as warnings (DESIGN.md, Inquiries and agreements).

They are defaults for units without rules or agreements of their own, so they warn and
never block; proposing terms that trip one needs an acknowledgement, which is recorded.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from exchange.achievements.kinds import AchievementType, LegalStatus
from exchange.agreements.kinds import BeneficiaryKind, DealType

# 促进科技成果转化法 art. 45: shares of the income that go to the people who made it.
INCOME_MINIMUM_BP = {
    DealType.TRANSFER: 5000,
    DealType.LICENSE: 5000,
    DealType.EQUITY: 5000,
    DealType.SERVICE: 500,
    DealType.CO_DEVELOPMENT: 500,
}
# 专利法实施细则 (2023) art. 93: reward per granted patent, in fen.
PATENT_REWARD_FEN = {
    AchievementType.INVENTION_PATENT: 400_000,
    AchievementType.UTILITY_MODEL: 150_000,
    AchievementType.DESIGN_PATENT: 150_000,
}


@dataclass(frozen=True)
class LegalWarning:
    code: str
    message: object  # lazy text


def inventor_share_bp(beneficiaries) -> int:
    return sum(b.share_bp for b in beneficiaries if b.kind == BeneficiaryKind.INVENTOR)


def warnings_for(deal_type: DealType, beneficiaries, achievement) -> list[LegalWarning]:
    found = []
    minimum = INCOME_MINIMUM_BP[deal_type]
    share = inventor_share_bp(beneficiaries)
    if share < minimum:
        if deal_type in (DealType.TRANSFER, DealType.LICENSE):
            message = _l("Art. 45 of the Law on Promoting the Transformation of Scientific "
                         "and Technological Achievements: at least 50%% of the net income "
                         "from a transfer or licence goes to the people who made the "
                         "achievement; the inventors here receive %(share)s%%.",
                         share=_percent(share))
        elif deal_type == DealType.EQUITY:
            message = _l("Art. 45: at least 50%% of the shares or contributions obtained "
                         "by an equity contribution go to the people who made the "
                         "achievement; the inventors here receive %(share)s%%.",
                         share=_percent(share))
        else:
            message = _l("Art. 45: when the unit implements the achievement itself or "
                         "jointly, at least 5%% of the operating profit goes to the people "
                         "who made it for 3 to 5 years; the inventors here receive "
                         "%(share)s%%.", share=_percent(share))
        found.append(LegalWarning("art45", message))
    reward = PATENT_REWARD_FEN.get(achievement.type)
    if reward and achievement.legal_status == LegalStatus.GRANTED:
        found.append(LegalWarning("art93", _l(
            "Art. 93 of the Implementing Regulations of the Patent Law (2023): the unit "
            "owes the inventors a reward of at least ¥%(amount)s for this patent within "
            "3 months of grant, and remuneration under art. 94 follows art. 45.",
            amount=f"{reward // 100:,}")))
    return found


def _percent(bp: int) -> str:
    return f"{bp / 100:.2f}".rstrip("0").rstrip(".")
