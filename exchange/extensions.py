"""Flask extensions, created unbound and attached in create_app() via init_app()."""
from flask import abort, has_request_context, request
from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from exchange.inputs import db_int
from ledger.schema import NAMING_CONVENTION


# A fixed naming convention keeps constraint names identical on SQLite and PostgreSQL,
# so Alembic revisions can drop or alter them by name. The ledger's tables, in their own
# MetaData (the ledger never imports the app), are named by the same one.
class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AppSQLAlchemy(SQLAlchemy):
    def paginate(self, select, *, page=None, per_page=None, **kwargs):
        """As Flask-SQLAlchemy's, but ?page= and ?per_page= are read within INTEGER's range
        (page=99999999999999999999 made an OFFSET past BIGINT, a 500 on PostgreSQL), and a
        page past the end redirects to the last page."""
        from exchange.pagination import checked

        if has_request_context():
            if page is None:
                page = request.args.get("page", 1, type=db_int)
            if per_page is None:
                per_page = request.args.get("per_page", 20, type=db_int)
        return checked(super().paginate(select, page=page, per_page=per_page, **kwargs))


def api_request() -> bool:
    """A request to the API or its documents (/api/…): answered with problem documents,
    in the Accept-Language language, never sent to the login page."""
    return has_request_context() and request.path.startswith("/api/")


class AppLoginManager(LoginManager):
    def unauthorized(self):
        """The API answers 401 (problem+json) where a page would send to the login form."""
        if api_request():
            abort(401)
        return super().unauthorized()

    def use_for_request(self, user) -> None:
        """`user` is current_user for this request only: no session is read or written
        (the API's bearer token)."""
        self._update_request_context_with_user(user)


db = AppSQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = AppLoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
mailman = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def migrated_metadata() -> list[MetaData]:
    """Everything the Alembic revisions describe: the app's tables and the ledger's, which
    keeps its own MetaData because it never imports the app."""
    from ledger.schema import metadata as ledger_metadata

    return [db.metadata, ledger_metadata]
