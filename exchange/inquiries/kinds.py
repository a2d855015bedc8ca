from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class InquiryState(LabelledEnum):
    OPEN = "open"
    NEGOTIATING = "negotiating"
    AGREED = "agreed"
    CLOSED = "closed"


InquiryState.set_labels({
    InquiryState.OPEN: _l("Open"),
    InquiryState.NEGOTIATING: _l("In negotiation"),
    InquiryState.AGREED: _l("Agreed"),
    InquiryState.CLOSED: _l("Closed"),
})

# state -> states a mediator may move it to; closing needs a reason.
MOVES = {
    InquiryState.OPEN: (InquiryState.NEGOTIATING, InquiryState.CLOSED),
    InquiryState.NEGOTIATING: (InquiryState.AGREED, InquiryState.CLOSED),
    InquiryState.AGREED: (),
    InquiryState.CLOSED: (),
}

# How far a need got, by the states of the inquiries answering it (the programme
# dashboard's funnel and the need lists it links to): matched = any inquiry at all.
FUNNEL_STAGES = {
    "matched": tuple(InquiryState),
    "negotiating": (InquiryState.NEGOTIATING, InquiryState.AGREED),
    "agreed": (InquiryState.AGREED,),
}
