"""ledger: accounts, transactions, postings, closing rows and their triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 09:00:00

The tables as ledger.schema had them then (0013 adds the hash chain's columns). The
triggers that keep the book append-only and balanced are installed by revision 0013 from
ledger.triggers: their current DDL names columns that only exist from 0013 on, and SQLite
refuses a later ALTER TABLE (0009's batch operations) while a trigger names a missing
column.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ledger_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('ref', sa.String(length=20), nullable=False),
    sa.Column('normal', sa.SmallInteger(), nullable=False),
    sa.Column('floor', sa.Boolean(), nullable=False),
    sa.Column('balance', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('clearing', 'revenue', 'share', 'payable')", name=op.f('ck_ledger_accounts_kind')),
    sa.CheckConstraint('normal IN (1, -1)', name=op.f('ck_ledger_accounts_normal')),
    sa.CheckConstraint('NOT floor OR balance >= 0', name=op.f('ck_ledger_accounts_floor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_accounts')),
    sa.UniqueConstraint('id', 'currency', name=op.f('uq_ledger_accounts_id_currency')),
    sa.UniqueConstraint('name', name=op.f('uq_ledger_accounts_name'))
    )
    op.create_index(op.f('ix_ledger_accounts_ref'), 'ledger_accounts', ['ref'], unique=False)

    op.create_table('ledger_transactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('request_hash', sa.CHAR(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('narration', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('receipt', 'payout', 'reversal')", name=op.f('ck_ledger_transactions_kind')),
    sa.CheckConstraint("(kind = 'reversal') = (reverses_id IS NOT NULL)", name=op.f('ck_ledger_transactions_reverses')),
    sa.ForeignKeyConstraint(['reverses_id'], ['ledger_transactions.id'], name=op.f('fk_ledger_transactions_reverses_id_ledger_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_transactions')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_ledger_transactions_idempotency_key')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_ledger_transactions_reverses_id'))
    )

    op.create_table('ledger_postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transaction_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.CHAR(length=3), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_ledger_postings_amount')),
    sa.ForeignKeyConstraint(['account_id', 'currency'], ['ledger_accounts.id', 'ledger_accounts.currency'], name=op.f('fk_ledger_postings_account_id_ledger_accounts')),
    sa.ForeignKeyConstraint(['transaction_id'], ['ledger_transactions.id'], name=op.f('fk_ledger_postings_transaction_id_ledger_transactions'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_postings'))
    )
    op.create_index('ix_ledger_postings_account_id_transaction_id', 'ledger_postings', ['account_id', 'transaction_id'], unique=False)
    op.create_index(op.f('ix_ledger_postings_transaction_id'), 'ledger_postings', ['transaction_id'], unique=False)

    op.create_table('ledger_closings',
    sa.Column('transaction_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['transaction_id'], ['ledger_transactions.id'], name=op.f('fk_ledger_closings_transaction_id_ledger_transactions')),
    sa.PrimaryKeyConstraint('transaction_id', name=op.f('pk_ledger_closings'))
    )


def downgrade():
    op.drop_table('ledger_closings')
    op.drop_index('ix_ledger_postings_transaction_id', table_name='ledger_postings')
    op.drop_index('ix_ledger_postings_account_id_transaction_id', table_name='ledger_postings')
    op.drop_table('ledger_postings')
    op.drop_table('ledger_transactions')
    op.drop_index('ix_ledger_accounts_ref', table_name='ledger_accounts')
    op.drop_table('ledger_accounts')
