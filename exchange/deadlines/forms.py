"""Deadlines have no forms: they open and close with what people do elsewhere."""
