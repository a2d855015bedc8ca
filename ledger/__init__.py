"""Double-entry ledger: an immutable core of plain data and free functions (`ledger.core`),
with SQLAlchemy Core persistence (`ledger.schema`, `ledger.triggers`, `ledger.store`,
`ledger.chain`, `ledger.checks`, `ledger.beancount`). Independent of Flask and of `exchange`
(DESIGN.md, Layout): it never imports either.
"""
