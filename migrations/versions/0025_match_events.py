"""match events: the matching funnel (issue 20)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 07:59:31.821835

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('match_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('shown', 'opened', 'inquiry', 'agreement', name='match_stage', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievements.id'], name=op.f('fk_match_events_achievement_id_achievements')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_match_events_need_id_needs')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_match_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_events')),
    sa.UniqueConstraint('need_id', 'achievement_id', 'stage', name=op.f('uq_match_events_need_id_achievement_id_stage'))
    )
    with op.batch_alter_table('match_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_events_achievement_id'), ['achievement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_events_at'), ['at'], unique=False)



def downgrade():
    with op.batch_alter_table('match_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_events_at'))
        batch_op.drop_index(batch_op.f('ix_match_events_achievement_id'))

    op.drop_table('match_events')
