"""Events one domain announces and others act on (blinker, shipped with Flask).

A domain sends; the domains that care subscribe in their own `init_app`, so the sender
never imports them (matching reads achievements and needs, never the reverse). Receivers
run synchronously, inside the sender's transaction: what they write commits or rolls back
with the change that caused it. Blinker keeps one connection per receiver function, so an
app factory that runs twice (tests build several apps) does not announce twice.
"""
from __future__ import annotations

from blinker import Namespace

_events = Namespace()

# sender: the Achievement just published.
achievement_published = _events.signal("achievement-published")
# sender: the Need just published; `submitter_id`: who submitted it for review.
need_published = _events.signal("need-published")
# sender: the Inquiry opened, written in or moved; `actor`: who did it.
inquiry_changed = _events.signal("inquiry-changed")
# sender: an AgreementVersion proposed, accepted by a party, withdrawn or sent back.
agreement_version_changed = _events.signal("agreement-version-changed")
# sender: an Achievement or Need; `kind` ("achievement"/"need"), `submitted`: whether it
# now waits for review.
review_changed = _events.signal("review-changed")
# sender: a Notification just created (for its owner's webhooks).
notified = _events.signal("notified")
# sender: an AgreementVersion about to come into force. A receiver that must veto it
# returns the reason (shown to the approver); openlicences refuses an exclusive or sole
# licence on a patent under an open licence (Patent Law art. 51).
agreement_activating = _events.signal("agreement-activating")
# sender: an achievement's Attachment about to be removed; a receiver returns the reason
# to keep it (openlicences: the evaluation report of a declaration that is not withdrawn).
attachment_removing = _events.signal("attachment-removing")


def vetoes(signal, sender, **kwargs) -> list:
    """The reasons receivers of `signal` returned to refuse what `sender` is about to do."""
    return [reason for _receiver, reason in signal.send(sender, **kwargs) if reason]
