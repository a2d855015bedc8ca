"""accounts, studios and reference data

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:15:23.552641

"""
import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# Reference data shipped with the package; later changes go through `flask reference sync`.
DATA_DIR = Path(__file__).resolve().parents[2] / "exchange" / "reference" / "data"


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name_zh', sa.String(length=40), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('code', name=op.f('uq_districts_code'))
    )
    op.create_table('enterprises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprises')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_enterprises_credit_code'))
    )
    op.create_table('industries',
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('section', sa.String(length=1), nullable=False),
    sa.Column('name_zh', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=160), nullable=False),
    sa.Column('parent_code', sa.String(length=4), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['industries.code'], name=op.f('fk_industries_parent_code_industries')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_industries'))
    )
    with op.batch_alter_table('industries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_industries_section'), ['section'], unique=False)

    op.create_table('studios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('leader_name', sa.String(length=40), nullable=False),
    sa.Column('honour_level', sa.Enum('national', 'provincial', 'city', 'district', name='honour_level', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('employer_unit', sa.String(length=120), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('industry_code', sa.String(length=4), nullable=False),
    sa.Column('is_demonstration', sa.Boolean(), nullable=False),
    sa.Column('party_building', sa.Enum('party_organisation', 'pioneer_post', 'none', name='party_building', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('founded_year', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact_name', sa.String(length=40), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('founded_year BETWEEN 1949 AND 2100', name=op.f('ck_studios_founded_year_range')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_studios_district_id_districts')),
    sa.ForeignKeyConstraint(['industry_code'], ['industries.code'], name=op.f('fk_studios_industry_code_industries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_studios')),
    sa.UniqueConstraint('name', name=op.f('uq_studios_name'))
    )
    with op.batch_alter_table('studios', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_studios_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_studios_honour_level'), ['honour_level'], unique=False)
        batch_op.create_index(batch_op.f('ix_studios_industry_code'), ['industry_code'], unique=False)

    op.create_table('studio_innovation_kinds',
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('technology', 'management', 'service', 'mechanism', name='innovation_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studios.id'], name=op.f('fk_studio_innovation_kinds_studio_id_studios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('studio_id', 'kind', name=op.f('pk_studio_innovation_kinds'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.Enum('studio_member', 'studio_leader', 'enterprise', 'union_staff', 'admin', name='user_role', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_users_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['studio_id'], ['studios.id'], name=op.f('fk_users_studio_id_studios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_role'), ['role'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_studio_id'), ['studio_id'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.Enum('studio_member', 'studio_leader', 'enterprise', 'union_staff', 'admin', name='user_role', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_invitations_invited_by_id_users')),
    sa.ForeignKeyConstraint(['studio_id'], ['studios.id'], name=op.f('fk_invitations_studio_id_studios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_studio_id'), ['studio_id'], unique=False)

    _seed_reference_data()


def _read(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _seed_reference_data():
    districts = sa.table(
        "districts", sa.column("code"), sa.column("name_zh"), sa.column("name_en"),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(districts, [
        {**row, "sort_order": int(row["sort_order"])} for row in _read("districts.csv")
    ])
    industries = sa.table(
        "industries", sa.column("code"), sa.column("section"), sa.column("name_zh"),
        sa.column("name_en"), sa.column("parent_code"),
    )
    rows = _read("gbt4754_2017.csv")
    # Sections before divisions so the self-reference resolves row by row.
    op.bulk_insert(industries, [
        {**row, "parent_code": None if row["code"] == row["section"] else row["section"]}
        for row in sorted(rows, key=lambda r: r["code"] != r["section"])
    ])


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_studio_id'))
        batch_op.drop_index(batch_op.f('ix_invitations_email'))

    op.drop_table('invitations')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_studio_id'))
        batch_op.drop_index(batch_op.f('ix_users_role'))
        batch_op.drop_index(batch_op.f('ix_users_enterprise_id'))

    op.drop_table('users')
    op.drop_table('studio_innovation_kinds')
    with op.batch_alter_table('studios', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_studios_industry_code'))
        batch_op.drop_index(batch_op.f('ix_studios_honour_level'))
        batch_op.drop_index(batch_op.f('ix_studios_district_id'))

    op.drop_table('studios')
    with op.batch_alter_table('industries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_industries_section'))

    op.drop_table('industries')
    op.drop_table('enterprises')
    op.drop_table('districts')
