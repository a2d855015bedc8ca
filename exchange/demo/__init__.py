"""Idempotent demo data: people and studios, their achievements, enterprises' needs,
inquiries, agreements and the studios' activity log."""
from exchange.demo.people import DEMO_PASSWORD, credit_code_for, load_people


def load_demo_data() -> dict[str, int]:
    from exchange.demo.achievements import load_achievements
    from exchange.demo.activities import load_activities
    from exchange.demo.agreements import load_agreements
    from exchange.demo.inquiries import load_inquiries
    from exchange.demo.needs import load_needs

    summary = load_people()
    summary["achievements"] = load_achievements()
    summary["needs"] = load_needs()
    summary["inquiries"] = load_inquiries()
    summary["agreements"] = load_agreements()
    summary["activities"] = load_activities()
    return summary


__all__ = ["DEMO_PASSWORD", "credit_code_for", "load_demo_data"]
