from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class FeedbackReason(LabelledEnum):
    PRICE = "price"
    MATURITY = "maturity"
    MISMATCH = "mismatch"
    ALTERNATIVE = "alternative"
    IP_UNCLEAR = "ip_unclear"
    UNREACHABLE = "unreachable"
    OTHER = "other"  # then the text says what


FeedbackReason.set_labels({
    FeedbackReason.PRICE: _l("Price not suitable"),
    FeedbackReason.MATURITY: _l("Technology not mature enough"),
    FeedbackReason.MISMATCH: _l("Does not fit the need"),
    FeedbackReason.ALTERNATIVE: _l("Already have an alternative"),
    FeedbackReason.IP_UNCLEAR: _l("Intellectual property unclear"),
    FeedbackReason.UNREACHABLE: _l("Could not reach the other side"),
    FeedbackReason.OTHER: _l("Other"),
})


class FeedbackContext(LabelledEnum):
    INQUIRY_CLOSED = "inquiry_closed"
    WITHDRAWN = "withdrawn"
    MATCH_DECLINED = "match_declined"


FeedbackContext.set_labels({
    FeedbackContext.INQUIRY_CLOSED: _l("Inquiry closed by the mediator"),
    FeedbackContext.WITHDRAWN: _l("Withdrawn from the negotiation"),
    FeedbackContext.MATCH_DECLINED: _l("Match declined"),
})
