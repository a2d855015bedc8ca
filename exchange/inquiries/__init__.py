"""Inquiries (对接): an enterprise asks about an achievement, a mediator carries it to a deal."""
