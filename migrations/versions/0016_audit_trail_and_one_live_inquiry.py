"""audit trail; one live inquiry per enterprise and achievement

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 09:00:00.000000

audit_entries is append-only: triggers from exchange.audit.triggers refuse UPDATE and
DELETE (and TRUNCATE on PostgreSQL). Inquiries: a partial unique index holds one inquiry
that is not closed per (enterprise, achievement), so a double click or a second visit is
sent to the existing one (issue 15, D.10 and C.7). If a database already holds such
duplicates the upgrade stops and names them: a person decides which one to close.
"""
from alembic import op
import sqlalchemy as sa

from exchange.audit import triggers


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

LIVE = sa.text("state <> 'closed'")


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('target_kind', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.BigInteger(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                            name=op.f('fk_audit_entries_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_id'), ['actor_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index('ix_audit_entries_target_kind_target_id',
                              ['target_kind', 'target_id'], unique=False)
    for statement in triggers.create_statements(op.get_bind().dialect.name):
        op.execute(statement)

    duplicates = op.get_bind().execute(sa.text(
        "SELECT enterprise_id, achievement_id, count(*) FROM inquiries "
        "WHERE state <> 'closed' GROUP BY enterprise_id, achievement_id "
        "HAVING count(*) > 1")).fetchall()
    if duplicates:
        raise RuntimeError(
            "inquiries: an enterprise has more than one inquiry that is not closed on the "
            "same achievement; close all but one of each, then upgrade again. "
            "(enterprise_id, achievement_id, count): " + repr([tuple(r) for r in duplicates]))
    op.create_index('uq_inquiries_enterprise_id_achievement_id_live', 'inquiries',
                    ['enterprise_id', 'achievement_id'], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade():
    op.drop_index('uq_inquiries_enterprise_id_achievement_id_live', table_name='inquiries')
    for statement in triggers.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_target_kind_target_id')
        batch_op.drop_index(batch_op.f('ix_audit_entries_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))
    op.drop_table('audit_entries')
