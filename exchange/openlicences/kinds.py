"""The vocabularies of an open-licence declaration."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.agreements.kinds import PaymentKind
from exchange.enums import LabelledEnum


class DeclarationState(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    EFFECTIVE = "effective"
    WITHDRAWAL_REQUESTED = "withdrawal_req"
    WITHDRAWAL_APPROVED = "withdrawal_ok"
    WITHDRAWN = "withdrawn"


DeclarationState.set_labels({
    DeclarationState.DRAFT: _l("Being prepared"),
    DeclarationState.SUBMITTED: _l("Awaiting union review"),
    DeclarationState.APPROVED: _l("Approved, awaiting CNIPA announcement"),
    DeclarationState.EFFECTIVE: _l("Announced, in force"),
    DeclarationState.WITHDRAWAL_REQUESTED: _l("Withdrawal awaiting union review"),
    DeclarationState.WITHDRAWAL_APPROVED: _l("Withdrawal awaiting CNIPA announcement"),
    DeclarationState.WITHDRAWN: _l("Withdrawn"),
})

# Announced and not yet announced withdrawn: licences can be taken (a withdrawal only
# takes effect when CNIPA announces it, art. 50), and no exclusive or sole licence on
# the patent may come into force (art. 51).
IN_FORCE = (DeclarationState.EFFECTIVE, DeclarationState.WITHDRAWAL_REQUESTED,
            DeclarationState.WITHDRAWAL_APPROVED)
# The fee methods the law names (一次性支付, 提成, 入门费+提成); instalments are for
# negotiated deals.
FEE_METHODS = (PaymentKind.LUMP_SUM, PaymentKind.ROYALTY, PaymentKind.ENTRY_FEE_ROYALTY)


class Art86(LabelledEnum):
    """What the platform cannot know and the leader confirms (实施细则 art. 86)."""

    FEES_PAID = "fees_paid"
    NOT_PLEDGED = "not_pledged"
    NOT_SUSPENDED = "not_suspended"


Art86.set_labels({
    Art86.FEES_PAID: _l("The patent's annual fees are paid."),
    Art86.NOT_PLEDGED: _l("The patent is not pledged, or the pledgee has consented in "
                          "writing."),
    Art86.NOT_SUSPENDED: _l("No proceedings on the patent are suspended (no ownership "
                            "dispute or preservation order)."),
})
