"""Alembic revisions match the models and run down and up on both engines."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade


def test_models_and_revisions_agree(db):
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_downgrade_and_upgrade(app, db):
    db.session.remove()
    downgrade(revision="base")
    try:
        with db.engine.connect() as connection:
            tables = db.inspect(connection).get_table_names()
        assert "users" not in tables
    finally:
        upgrade()
    assert db.session.execute(db.text("select count(*) from industries")).scalar() == 117
