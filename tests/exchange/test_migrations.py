"""Alembic revisions match the models and run down and up on both engines."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from exchange.extensions import migrated_metadata


def test_models_and_revisions_agree(app, db):
    # With the options `flask db migrate` uses (they leave out the search backend's table).
    options = {"include_object": app.extensions["migrate"].configure_args["include_object"]}
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, migrated_metadata()) == []


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
