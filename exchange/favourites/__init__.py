"""Achievements an enterprise saved to come back to."""
