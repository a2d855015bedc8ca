"""ledger postings: each account's legs, and its debit legs, read from indexes

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 03:20:00.000000

The dashboard's money by month now reads one cash leg per receipt or payout, by account
(exchange/programme/figures_money.py): the (account_id, transaction_id) index gains the
currency and amount so that it is read without the rows, and the partial index of debit
legs that revision 0011 added for the former query is keyed by account instead (a
payable's debits are its payouts).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_ledger_postings_debits', table_name='ledger_postings')
    op.drop_index('ix_ledger_postings_account_id_transaction_id', table_name='ledger_postings')
    op.create_index('ix_ledger_postings_account_id_transaction_id_currency_amount',
                    'ledger_postings', ['account_id', 'transaction_id', 'currency', 'amount'],
                    unique=False)
    op.create_index('ix_ledger_postings_account_debits', 'ledger_postings',
                    ['account_id', 'transaction_id', 'currency', 'amount'], unique=False,
                    sqlite_where=sa.text('amount > 0'), postgresql_where=sa.text('amount > 0'))


def downgrade():
    op.drop_index('ix_ledger_postings_account_debits', table_name='ledger_postings')
    op.drop_index('ix_ledger_postings_account_id_transaction_id_currency_amount',
                  table_name='ledger_postings')
    op.create_index('ix_ledger_postings_account_id_transaction_id', 'ledger_postings',
                    ['account_id', 'transaction_id'], unique=False)
    op.create_index('ix_ledger_postings_debits', 'ledger_postings',
                    ['transaction_id', 'account_id', 'currency', 'amount'], unique=False,
                    sqlite_where=sa.text('amount > 0'), postgresql_where=sa.text('amount > 0'))
