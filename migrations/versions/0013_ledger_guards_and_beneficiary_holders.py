"""ledger: hash chain and triggers against every write form; one beneficiary per person

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 09:00:00.000000

ledger_closings gains seq and hash (ledger.chain), computed here for the rows already
there in closing order; ledger_accounts gains applied_seq, set to the last seq so that no
transaction closed before the upgrade can be applied to a balance again. The triggers are
(re)installed from ledger.triggers: those of revision 0008 are dropped first (same names),
then the current ones refuse ON CONFLICT DO NOTHING / INSERT OR REPLACE on closing rows,
REPLACE on every ledger table, and any change of an account but the closing trigger's.

agreement_beneficiaries gains holder_id: an amendment's row for someone an earlier version
named points at that first row, whose ledger accounts it keeps. Rows approved before this
revision keep the accounts they have (the ledger is append-only; nothing is moved).

Downgrade removes the columns and the triggers; below this revision the book has no
triggers (revision 0008 no longer installs them).
"""
from alembic import op
import sqlalchemy as sa

from ledger import chain, triggers


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

BATCH = 2000

closings = sa.table('ledger_closings', sa.column('transaction_id', sa.Integer),
                    sa.column('closed_at', sa.DateTime), sa.column('seq', sa.BigInteger),
                    sa.column('hash', sa.CHAR(64)))
transactions = sa.table('ledger_transactions', *(sa.column(name) for name in (
    'id', 'idempotency_key', 'request_hash', 'kind', 'narration', 'reference',
    'reverses_id')), sa.column('occurred_on', sa.Date))
postings = sa.table('ledger_postings', sa.column('transaction_id', sa.Integer),
                    sa.column('account_id', sa.Integer), sa.column('currency', sa.CHAR(3)),
                    sa.column('amount', sa.BigInteger))


def _chain_existing(conn) -> int:
    """seq and hash for every closing row, in closing order; returns the last seq."""
    order = conn.execute(sa.select(closings.c.transaction_id)
                         .order_by(closings.c.closed_at, closings.c.transaction_id)
                         ).scalars().all()
    seq, prev = 0, chain.GENESIS
    for start in range(0, len(order), BATCH):
        ids = order[start:start + BATCH]
        headers = {row.id: row for row in conn.execute(
            sa.select(transactions).where(transactions.c.id.in_(ids)))}
        legs: dict[int, list] = {}
        for leg in conn.execute(sa.select(postings).where(postings.c.transaction_id.in_(ids))):
            legs.setdefault(leg.transaction_id, []).append(
                (leg.account_id, leg.currency, leg.amount))
        for txn_id in ids:
            seq += 1
            prev = chain.digest(prev, headers[txn_id], legs.get(txn_id, []))
            conn.execute(closings.update().where(closings.c.transaction_id == txn_id)
                         .values(seq=seq, hash=prev))
    return seq


def upgrade():
    conn = op.get_bind()
    for statement in triggers.drop_statements(conn.dialect.name):
        op.execute(statement)
    op.add_column('ledger_accounts', sa.Column('applied_seq', sa.BigInteger(),
                                               server_default='0', nullable=False))
    op.add_column('ledger_closings', sa.Column('seq', sa.BigInteger(), nullable=True))
    op.add_column('ledger_closings', sa.Column('hash', sa.CHAR(length=64), nullable=True))
    last = _chain_existing(conn)
    op.execute(sa.text('UPDATE ledger_accounts SET applied_seq = :last').bindparams(last=last))
    with op.batch_alter_table('ledger_closings', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.CHAR(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_ledger_closings_seq'), ['seq'])
    for statement in triggers.create_statements(conn.dialect.name):
        op.execute(statement)
    with op.batch_alter_table('agreement_beneficiaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holder_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_agreement_beneficiaries_holder_id_agreement_beneficiaries'),
            'agreement_beneficiaries', ['holder_id'], ['id'])


def downgrade():
    with op.batch_alter_table('agreement_beneficiaries', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_agreement_beneficiaries_holder_id_agreement_beneficiaries'),
            type_='foreignkey')
        batch_op.drop_column('holder_id')
    for statement in triggers.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('ledger_closings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_ledger_closings_seq'), type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('seq')
    # Native on both engines (SQLite >= 3.35): a batch copy would lose the CHECKs.
    op.execute('ALTER TABLE ledger_accounts DROP COLUMN applied_seq')
