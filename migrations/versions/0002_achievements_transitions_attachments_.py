"""achievements, transitions, attachments and notifications

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:37:00.712826

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('achievements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('abstract', sa.Text(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('type', sa.Enum('invention_patent', 'utility_model', 'design_patent', 'software_copyright', 'technical_innovation', 'technical_breakthrough', 'process_method', 'management_innovation', 'service_innovation', 'mechanism_innovation', name='achievement_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('patent_number', sa.String(length=20), nullable=True),
    sa.Column('legal_status', sa.Enum('pending', 'granted', 'lapsed', name='legal_status', native_enum=False, create_constraint=True, length=16), nullable=True),
    sa.Column('industry_code', sa.String(length=4), nullable=False),
    sa.Column('trl', sa.Integer(), nullable=False),
    sa.Column('price_fen', sa.BigInteger(), nullable=True),
    sa.Column('price_negotiable', sa.Boolean(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('benefit_fen', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'published', 'returned', 'withdrawn', 'traded', name='achievement_state', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('benefit_fen >= 0', name=op.f('ck_achievements_benefit_not_negative')),
    sa.CheckConstraint('price_fen IS NULL OR price_fen >= 0', name=op.f('ck_achievements_price_not_negative')),
    sa.CheckConstraint('price_negotiable OR price_fen IS NOT NULL', name=op.f('ck_achievements_price_or_negotiable')),
    sa.CheckConstraint('trl BETWEEN 1 AND 9', name=op.f('ck_achievements_trl_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_achievements_created_by_id_users')),
    sa.ForeignKeyConstraint(['industry_code'], ['industries.code'], name=op.f('fk_achievements_industry_code_industries')),
    sa.ForeignKeyConstraint(['studio_id'], ['studios.id'], name=op.f('fk_achievements_studio_id_studios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_achievements'))
    )
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_achievements_industry_code'), ['industry_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_patent_number'), ['patent_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_state'), ['state'], unique=False)
        batch_op.create_index('ix_achievements_state_published_at', ['state', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_studio_id'), ['studio_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_type'), ['type'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_id_read_at', ['user_id', 'read_at'], unique=False)

    op.create_table('achievement_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievements.id'], name=op.f('fk_achievement_attachments_achievement_id_achievements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_achievement_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_achievement_attachments'))
    )
    with op.batch_alter_table('achievement_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_achievement_attachments_achievement_id'), ['achievement_id'], unique=False)

    op.create_table('achievement_contributors',
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievements.id'], name=op.f('fk_achievement_contributors_achievement_id_achievements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_achievement_contributors_user_id_users')),
    sa.PrimaryKeyConstraint('achievement_id', 'position', name=op.f('pk_achievement_contributors')),
    sa.UniqueConstraint('achievement_id', 'user_id', name=op.f('uq_achievement_contributors_achievement_id_user_id'))
    )
    with op.batch_alter_table('achievement_contributors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_achievement_contributors_user_id'), ['user_id'], unique=False)

    op.create_table('achievement_transaction_modes',
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.Enum('transfer', 'license_exclusive', 'license_sole', 'license_general', 'equity', 'technical_service', 'joint_development', name='transaction_mode', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievements.id'], name=op.f('fk_achievement_transaction_modes_achievement_id_achievements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('achievement_id', 'mode', name=op.f('pk_achievement_transaction_modes'))
    )
    op.create_table('achievement_transitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.Enum('draft', 'submitted', 'published', 'returned', 'withdrawn', 'traded', name='from_state', native_enum=False, create_constraint=True, length=16), nullable=True),
    sa.Column('to_state', sa.Enum('draft', 'submitted', 'published', 'returned', 'withdrawn', 'traded', name='to_state', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievements.id'], name=op.f('fk_achievement_transitions_achievement_id_achievements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_achievement_transitions_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_achievement_transitions'))
    )
    with op.batch_alter_table('achievement_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_achievement_transitions_achievement_id'), ['achievement_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('achievement_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_achievement_transitions_achievement_id'))

    op.drop_table('achievement_transitions')
    op.drop_table('achievement_transaction_modes')
    with op.batch_alter_table('achievement_contributors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_achievement_contributors_user_id'))

    op.drop_table('achievement_contributors')
    with op.batch_alter_table('achievement_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_achievement_attachments_achievement_id'))

    op.drop_table('achievement_attachments')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_id_read_at')

    op.drop_table('notifications')
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_achievements_type'))
        batch_op.drop_index(batch_op.f('ix_achievements_studio_id'))
        batch_op.drop_index('ix_achievements_state_published_at')
        batch_op.drop_index(batch_op.f('ix_achievements_state'))
        batch_op.drop_index(batch_op.f('ix_achievements_patent_number'))
        batch_op.drop_index(batch_op.f('ix_achievements_industry_code'))

    op.drop_table('achievements')
    
