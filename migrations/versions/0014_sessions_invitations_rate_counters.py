"""session versions, one pending invitation per e-mail, shared rate counters

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 09:15:00.000000

users.session_version is part of every session's id: logout, a password change and a
deactivation bump it, so earlier cookies stop working. A partial unique index keeps one
pending invitation per studio and e-mail (a repeated invitation replaces the pending
one). rate_counters holds the login throttle's counters for every worker.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

PENDING = 'accepted_at IS NULL AND revoked_at IS NULL'


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1',
                                      nullable=False))
    # Older duplicates: keep the newest pending invitation of each studio and e-mail.
    op.execute(sa.text(
        f"UPDATE invitations SET revoked_at = created_at WHERE {PENDING} AND EXISTS ("
        " SELECT 1 FROM invitations AS newer WHERE newer.studio_id = invitations.studio_id"
        " AND newer.email = invitations.email AND newer.accepted_at IS NULL"
        " AND newer.revoked_at IS NULL AND newer.id > invitations.id)"))
    op.create_index('uq_invitations_pending', 'invitations', ['studio_id', 'email'],
                    unique=True, sqlite_where=sa.text(PENDING),
                    postgresql_where=sa.text(PENDING))
    op.create_table('rate_counters',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_counters'))
    )
    with op.batch_alter_table('rate_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_counters_expires_at'), ['expires_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('rate_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_counters_expires_at'))
    op.drop_table('rate_counters')
    op.drop_index('uq_invitations_pending', table_name='invitations')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
