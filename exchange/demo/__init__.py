"""Idempotent demo data: people and studios, then their achievements."""
from exchange.demo.people import DEMO_PASSWORD, credit_code_for, load_people


def load_demo_data() -> dict[str, int]:
    from exchange.demo.achievements import load_achievements

    summary = load_people()
    summary["achievements"] = load_achievements()
    return summary


__all__ = ["DEMO_PASSWORD", "credit_code_for", "load_demo_data"]
