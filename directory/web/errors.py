"""Error pages in the visitor's language, with the emergency strip still on them."""

from flask import current_app, g, make_response, render_template, request
from flask.globals import request_ctx
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from ..extensions import db
from .i18n import languages, negotiated_locale


def guess_lang_from_path() -> None:
    """Unmatched URLs skip the /<lang>/ preprocessor; read the prefix ourselves."""
    if getattr(g, "lang", None):
        return
    first = request.path.strip("/").split("/", 1)[0]
    g.lang = first if first in languages() else negotiated_locale()


def handle_http_error(error: HTTPException):
    if request_ctx.url_adapter is None:
        # The Host is not one we serve (TRUSTED_HOSTS): no URL can be built, so no page.
        return make_response(f"{error.code} {error.name}\n", error.code,
                             {"Content-Type": "text/plain; charset=utf-8"})
    if error.code == 429 and error.response is not None:
        return error.response  # a limit's own answer (its on_breach), e.g. "Did you get through?"
    guess_lang_from_path()
    return render_template("errors/error.html", error=error), error.code


def handle_unexpected(error: Exception):
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    guess_lang_from_path()
    return render_template("errors/error.html", error=InternalServerError()), 500


def database_unavailable(error: Exception):
    """The database is unreachable (restarting, say): a clear 503, never a 500."""
    db.session.rollback()
    current_app.logger.warning("Database unavailable on %s %s", request.method, request.path)
    guess_lang_from_path()
    response = make_response(render_template("errors/error.html", error=ServiceUnavailable()), 503)
    response.headers["Retry-After"] = "30"
    return response


def close_session(_error=None) -> None:
    """End the request's database session; if the connection died under it (PostgreSQL
    restarting), drop it quietly: the response is already made and the pool reconnects."""
    try:
        db.session.remove()
    except (OperationalError, InterfaceError):
        current_app.logger.warning("Database connection lost while closing a session")
        try:
            db.session.registry().invalidate()  # give the dead connection back to the pool
        except SQLAlchemyError:
            pass
        db.session.registry.clear()


def init_app(app) -> None:
    # Runs before Flask-SQLAlchemy's own teardown (registered earlier), which then has
    # nothing left to close.
    app.teardown_appcontext(close_session)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
