"""Idempotent demo data: people and studios, their achievements, enterprises' needs,
inquiries, agreements and the studios' activity log."""
from exchange.demo.people import DEMO_PASSWORD, credit_code_for, load_people


def load_demo_data() -> dict[str, int]:
    from exchange.demo.achievements import load_achievements
    from exchange.demo.activities import load_activities
    from exchange.demo.agreements import load_agreements
    from exchange.demo.inquiries import load_inquiries
    from exchange.demo.needs import load_needs
    from exchange.demo.openlicences import load_open_licences
    from exchange.extensions import db
    from exchange.notifications.delivery import QUIET

    # The demo's history is written as it happened, but nobody is mailed about it.
    db.session.info[QUIET] = True
    try:
        summary = load_people()
        summary["achievements"] = load_achievements()
        summary["needs"] = load_needs()
        summary["inquiries"] = load_inquiries()
        summary["agreements"] = load_agreements()
        summary["open_licences"] = load_open_licences()
        summary["activities"] = load_activities()
    finally:
        db.session.info.pop(QUIET, None)
    return summary


__all__ = ["DEMO_PASSWORD", "credit_code_for", "load_demo_data"]
