"""achievements: 创效金额 (benefit_fen) is optional

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-03 09:00:00.000000

An empty 创效金额 was stored as 0 and shown as "¥0", as if the item had achieved nothing:
it is now NULL (not given) and shown as such; 0 means zero. Existing zeros stay zeros:
whether someone typed them cannot be told afterwards.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.alter_column('benefit_fen', existing_type=sa.BigInteger(), nullable=True)


def downgrade():
    op.execute("UPDATE achievements SET benefit_fen = 0 WHERE benefit_fen IS NULL")
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.alter_column('benefit_fen', existing_type=sa.BigInteger(), nullable=False)
