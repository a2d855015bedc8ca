"""import batches, and one live achievement per patent number

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 09:20:00.000000

A confirmed import inserts its key into import_batches in the same transaction as its
rows, so a replayed confirmation imports nothing. A partial unique index holds a patent
application number on at most one achievement that is not withdrawn. Numbers are stored
in their canonical form (CN + 12 digits + . + check character), as the validator writes
them. If live duplicates exist already the upgrade stops and lists them: which one keeps
the number is for people to decide (withdraw or correct the others).
"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

LIVE = sa.text("patent_number IS NOT NULL AND state <> 'withdrawn'")


def upgrade():
    op.create_table(
        'import_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('studio_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=False),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                                name=op.f('fk_import_batches_actor_id_users')),
        sa.ForeignKeyConstraint(['studio_id'], ['studios.id'],
                                name=op.f('fk_import_batches_studio_id_studios')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
        sa.UniqueConstraint('key', name=op.f('uq_import_batches_key')),
    )
    op.create_index(op.f('ix_import_batches_studio_id'), 'import_batches', ['studio_id'],
                    unique=False)
    duplicates = op.get_bind().execute(sa.text(
        "SELECT patent_number, COUNT(*) FROM achievements "
        "WHERE patent_number IS NOT NULL AND state <> 'withdrawn' "
        "GROUP BY patent_number HAVING COUNT(*) > 1 ORDER BY patent_number")).all()
    if duplicates:
        listed = ", ".join(f"{number} ({count} items)" for number, count in duplicates[:20])
        raise RuntimeError(
            "These patent application numbers are on more than one live achievement: "
            f"{listed}. Withdraw or correct all but one of each, then upgrade again.")
    op.create_index('uq_achievements_live_patent_number', 'achievements', ['patent_number'],
                    unique=True, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade():
    op.drop_index('uq_achievements_live_patent_number', table_name='achievements')
    op.drop_index(op.f('ix_import_batches_studio_id'), table_name='import_batches')
    op.drop_table('import_batches')
