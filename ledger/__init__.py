"""Double-entry ledger: an immutable core of plain data and free functions, with
SQLAlchemy persistence. Independent of Flask and of `exchange` (DESIGN.md, Layout);
the accounts, postings and balance checks arrive with the agreements issue.
"""
