"""Outgoing e-mail: rendered in the reader's language, stored, sent by a job after commit."""
