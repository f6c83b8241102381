"""Flask extensions, created once here and bound to the app in create_app()."""

import sqlite3

from flask import current_app, request, session
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Named constraints so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate(render_as_batch=True)
babel = Babel()
csrf = CSRFProtect()
compress = Compress()
# Per-client limits on forms, sign-in and the API; storage from RATELIMIT_STORAGE_URI
# (memory by default, Redis for several workers). The client is the address ProxyFix trusts.
limiter = Limiter(key_func=get_remote_address)


class JagaLoginManager(LoginManager):
    """Flask-Login, without two side effects on visitors who never signed in."""

    def _session_protection_failed(self) -> bool:
        # Only a signed-in session has anything to protect. Flask-Login's "strong" check also
        # fires on an anonymous session (a form's CSRF token), rewriting it on every request
        # and sending a remember-cookie deletion each time.
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()

    def _clear_cookie(self, response) -> None:
        """Delete a remember cookie only if the browser has one, with the session's flags."""
        config = current_app.config
        name = config["REMEMBER_COOKIE_NAME"]
        if name in request.cookies:
            response.delete_cookie(name, domain=config["REMEMBER_COOKIE_DOMAIN"],
                                   path=config["REMEMBER_COOKIE_PATH"],
                                   secure=config["REMEMBER_COOKIE_SECURE"],
                                   httponly=config["REMEMBER_COOKIE_HTTPONLY"],
                                   samesite=config["REMEMBER_COOKIE_SAMESITE"])


login_manager = JagaLoginManager()
login_manager.session_protection = "strong"


@event.listens_for(Engine, "connect")
def _sqlite_enforce_foreign_keys(dbapi_connection, connection_record) -> None:
    """SQLite ignores foreign keys unless asked, per connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
