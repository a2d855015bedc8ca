"""What the store raises. Every one is a LedgerError, so callers may catch that alone."""


class LedgerError(Exception):
    """A ledger rule refused the operation."""


class Unbalanced(LedgerError):
    """Fewer than two postings, a zero posting, or a currency that does not sum to zero."""


class IdempotencyConflict(LedgerError):
    """The idempotency key is taken by a transaction with a different body."""


class InsufficientBalance(LedgerError):
    """An account would go below zero in normal terms (e.g. a payout above the payable).

    The database's floor CHECK refused it. `store.post` raises it after rolling back its
    own savepoint, so the caller's transaction stays usable on both engines; a bare
    statement hitting the CHECK on PostgreSQL would have aborted the whole transaction.
    """


class AlreadyReversed(LedgerError):
    """The transaction named by a reversal has been reversed already."""


class UnknownTransaction(LedgerError):
    """No transaction has the key a reversal names."""


class UnknownAccount(LedgerError):
    """A posting names an account that is not open (in that currency)."""


class InvalidReversal(LedgerError):
    """A reversal that names a reversal, or does not negate every posting it reverses."""
