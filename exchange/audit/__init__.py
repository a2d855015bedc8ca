"""The audit trail: an append-only record of changes to rights, money, agreements and
awarded titles (DESIGN.md, Trust rules: An audit trail)."""
