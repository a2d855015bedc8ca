"""indexes the programme dashboard reads by

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 01:10:00.000000

The dashboard's counts read achievements, inquiries, activities and the ledger through
covering indexes (exchange/programme/figures.py); on ledger postings a partial one holds
only the debit legs, all the money by month needs.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_achievements_counted', 'achievements',
                    ['type', 'state', 'published_at', 'industry_code', 'studio_id',
                     'legal_status'], unique=False)
    op.create_index('ix_inquiries_need_id_state', 'inquiries', ['need_id', 'state'],
                    unique=False)
    op.create_index('ix_studio_activities_counted', 'studio_activities',
                    ['kind', 'held_on', 'verified_at', 'studio_id', 'participants'],
                    unique=False)
    op.create_index('ix_ledger_transactions_kind_occurred_on', 'ledger_transactions',
                    ['kind', 'occurred_on', 'id'], unique=False)
    op.create_index('ix_ledger_postings_debits', 'ledger_postings',
                    ['transaction_id', 'account_id', 'currency', 'amount'], unique=False,
                    sqlite_where=sa.text('amount > 0'), postgresql_where=sa.text('amount > 0'))


def downgrade():
    op.drop_index('ix_ledger_postings_debits', table_name='ledger_postings')
    op.drop_index('ix_ledger_transactions_kind_occurred_on', table_name='ledger_transactions')
    op.drop_index('ix_studio_activities_counted', table_name='studio_activities')
    op.drop_index('ix_inquiries_need_id_state', table_name='inquiries')
    op.drop_index('ix_achievements_counted', table_name='achievements')
