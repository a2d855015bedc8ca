"""Coded feedback: why an enterprise walked away (an inquiry closed, a match declined, a
party withdrawn), counted so that studios and the union learn from it."""
