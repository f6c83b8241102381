"""Jaga: a bilingual directory of Malaysian mental-health helplines.

create_app() builds the app; docs/architecture.md maps every package in this folder.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter, IntegerConverter

from . import config, search, web
from .listing import page_cache
from .extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from .web import i18n


class DatabaseId(IntegerConverter):
    """A row id in a URL: a positive 32-bit integer, so nothing larger reaches PostgreSQL."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


class Slug(BaseConverter):
    """A URL slug as Jaga makes them: lowercase letters, digits and single hyphens. Anything
    else (quotes, CR/LF, spaces) is a 404 before a view sees it."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class Jaga(Flask):
    def url_for(self, endpoint: str, *, _external: bool | None = None, _scheme: str | None = None,
                **values):
        """Absolute URLs take PUBLIC_BASE_URL's scheme (its host comes from SERVER_NAME)."""
        if _external and _scheme is None and self.config.get("PUBLIC_BASE_URL"):
            _scheme = self.config["PREFERRED_URL_SCHEME"]
        return super().url_for(endpoint, _external=_external, _scheme=_scheme, **values)


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory. `test_config` overrides settings read from the environment."""
    app = Jaga(
        __name__,
        template_folder=str(config.ROOT / "templates"),
        instance_relative_config=True,
    )
    app.url_map.converters["id"] = DatabaseId
    app.url_map.converters["slug"] = Slug
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    config.apply_public_origin(app.config)
    config.check_production(app.config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        config.Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.current_locale)
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    web.init_app(app)
    search.init_app(app)
    page_cache.init_app(app)

    from . import admin, cli, ops, public, submit  # noqa: F401
    from .moderation import accounts  # noqa: F401  (Flask-Login's user loader and sign-in redirect)
    from . import api, embed  # open data: /api/v1, and the widget under /embed/

    app.register_blueprint(ops.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(submit.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(embed.bp)
    cli.init_app(app)
    if app.config["TRUST_PROXY_HOPS"]:
        # Outermost, so every layer inside it (the page replay too) sees the client's scheme
        # and host.
        hops = app.config["TRUST_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app
