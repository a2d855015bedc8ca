"""Flask extensions, created unbound and attached in create_app() via init_app()."""
from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from ledger.schema import NAMING_CONVENTION


# A fixed naming convention keeps constraint names identical on SQLite and PostgreSQL,
# so Alembic revisions can drop or alter them by name. The ledger's tables, in their own
# MetaData (the ledger never imports the app), are named by the same one.
class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AppSQLAlchemy(SQLAlchemy):
    def paginate(self, select, **kwargs):
        """As Flask-SQLAlchemy's, but a page past the end redirects to the last page."""
        from exchange.pagination import checked

        return checked(super().paginate(select, **kwargs))


db = AppSQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def migrated_metadata() -> list[MetaData]:
    """Everything the Alembic revisions describe: the app's tables and the ledger's, which
    keeps its own MetaData because it never imports the app."""
    from ledger.schema import metadata as ledger_metadata

    return [db.metadata, ledger_metadata]
