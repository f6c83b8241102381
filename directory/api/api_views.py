"""The API's views: HSDS 3.0 JSON for services, organizations and the taxonomy; exports."""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from flask import current_app, g, request, url_for
from flask_babel import force_locale, gettext
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException, NotFound

from .. import listing, queries, reference
from ..config import ROOT
from ..extensions import db
from ..labels import AUDIENCE_LABELS, COST_LABELS, LANGUAGE_LABELS
from ..models import AUDIENCES, Organization, Service
from ..listing import filters as listing_filters
from ..listing.filters import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_LENGTH
from ..listing.paging import UNCAPPED
from ..listing.query import CARD_DETAILS, listing_order
from . import bp, exports, hsds, openapi

DEFAULT_PER_PAGE = 50
PROFILE = ROOT / "docs" / "api-profile.md"
EXPOSED = "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"


class ApiError(Exception):
    """An error answered as JSON: {"status", "error", "message", "parameter"}."""

    def __init__(self, status: int, message: str, parameter: str | None = None,
                 allowed: list[str] | None = None):
        super().__init__(message)
        self.status, self.message = status, message
        self.parameter, self.allowed = parameter, allowed


ERROR_NAMES = {400: "invalid_parameter", 404: "not_found", 405: "method_not_allowed",
               429: "rate_limited", 500: "server_error"}


def error_body(status: int, message: str, parameter: str | None = None,
               allowed: list[str] | None = None) -> dict:
    body = {"status": status, "error": ERROR_NAMES.get(status, "error"), "message": message,
            "parameter": parameter}
    if allowed is not None:
        body["allowed"] = allowed
    return body


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return json_response(error_body(error.status, error.message, error.parameter, error.allowed),
                         error.status)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    response = json_response(error_body(error.code or 500, error.description or error.name),
                             error.code or 500)
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.errorhandler(Exception)
def unexpected_error(error: Exception):
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return json_response(error_body(500, "Something went wrong on our side."), 500)


def json_response(data, status: int = 200):
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, status=status, mimetype="application/json")


@bp.after_request
def open_and_cacheable(response):
    """CORS for any origin (no credentials), and strong ETags with a short public cache."""
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = EXPOSED
    headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = "If-None-Match"
        headers["Access-Control-Max-Age"] = "86400"
    elif request.method in ("GET", "HEAD") and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = 60
        response.add_etag()
        response.make_conditional(request)
    return response


# --- Parameters ------------------------------------------------------------------------------

def locale_param() -> str:
    value = request.args.get("locale", "").strip() or "en"
    if value not in current_app.config["LANGUAGES"]:
        raise ApiError(400, "Unknown locale; use one of the listed values.", "locale",
                       list(current_app.config["LANGUAGES"]))
    return value


def page_params() -> tuple[int, int]:
    """`page` and `per_page`, read by the listing's own rules."""
    parsed = listing.current_request()
    if "page" in parsed.errors:
        raise ApiError(400, f"'page' must be a whole number from 1 to {MAX_PAGE}.", "page")
    per_page = listing_filters.parse_per_page(request.args.get("per_page", ""), DEFAULT_PER_PAGE)
    if per_page is None:
        raise ApiError(400, f"'per_page' must be a whole number from 1 to {MAX_PER_PAGE}.",
                       "per_page")
    return parsed.page, per_page


def directory_filters() -> listing.Filters:
    """The listing's filters, the first one it left out turned into a 400."""
    parsed = listing.current_request()
    for spec in listing.FILTERS:
        if spec.name not in parsed.errors:
            continue
        if spec.choices is None:
            raise ApiError(400, f"'{spec.name}' must be at most {MAX_QUERY_LENGTH} characters.",
                           spec.name)
        raise ApiError(400, f"Not a known value for '{spec.name}'.", spec.name,
                       listing_filters.allowed_values(spec, listing.choices()))
    return parsed.filters


# --- Loading ---------------------------------------------------------------------------------

FULL_DETAILS = (*CARD_DETAILS, selectinload(Service.organization),
                selectinload(Service.sources))


def fully_loaded(stmt):
    return stmt.options(*FULL_DETAILS)


def published_organizations():
    return sa.select(Organization).where(Organization.services.any(Service.is_published.is_(True)))


def organization_order(locale: str):
    first, second = (Organization.name_en, Organization.name_ms) if locale == "en" else (
        Organization.name_ms, Organization.name_en)
    return (sa.func.lower(sa.func.coalesce(first, second, Organization.slug)), Organization.id)


def resolve(identifier: str, slugs, make_id) -> str | None:
    """An id from this API (a UUID) or a slug -> the slug, or None."""
    try:
        wanted = str(uuid.UUID(identifier))
    except ValueError:
        return identifier
    return next((slug for slug in db.session.scalars(slugs) if make_id(slug) == wanted), None)


def vocabulary() -> hsds.Vocabulary:
    """The fixed vocabularies' names in both languages, for this request."""
    if "api_vocabulary" in g:
        return g.api_vocabulary
    names: dict[str, dict] = {}
    for lang in hsds.LANGS:
        with force_locale(lang):
            names[lang] = {
                "languages": {k: str(v) for k, v in LANGUAGE_LABELS.items()},
                "audiences": {k: str(v) for k, v in AUDIENCE_LABELS.items()},
                "costs": {k: str(v) for k, v in COST_LABELS.items()},
                "nationwide": gettext("Nationwide"),
            }

    def both(kind):
        codes = names["en"][kind]
        return {code: {lang: names[lang][kind][code] for lang in hsds.LANGS} for code in codes}

    states = {s.code: {"en": s.name_en, "ms": s.name_ms} for s in reference.states()}
    g.api_vocabulary = hsds.Vocabulary(
        languages=both("languages"), audiences=both("audiences"), costs=both("costs"),
        states=states, nationwide={lang: names[lang]["nationwide"] for lang in hsds.LANGS},
        listing_url=lambda slug, lang: url_for("public.service", lang=lang, slug=slug,
                                               _external=True),
    )
    return g.api_vocabulary


def all_terms(locale: str) -> list[dict]:
    vocab = vocabulary()
    terms = [hsds.service_type_term(t, locale) for t in reference.service_types()]
    return terms + [hsds.audience_term(code, vocab, locale) for code in AUDIENCES]


def paged(items: list, number: int, per_page: int) -> dict:
    start = (number - 1) * per_page
    return hsds.page(items[start:start + per_page], len(items), number, per_page)


# --- Views -----------------------------------------------------------------------------------

@bp.get("/")
def root():
    """What this API is, as HSDS 3.0 asks: its HSDS version, profile and OpenAPI document."""
    return json_response({
        "version": hsds.HSDS_VERSION,
        "profile": url_for("api.profile", _external=True),
        "openapi_url": url_for("api.openapi_document", _external=True),
        "description": "Jaga: published Malaysian mental-health helplines and support services, "
                       "in Malay and English, as Open Referral HSDS 3.0 with the Jaga profile.",
        "publisher": {"name": "Jaga",
                      "website": url_for("public.home", lang="en", _external=True)},
        "x_api_version": hsds.API_VERSION,
        "x_license": {"id": hsds.LICENSE_ID, "name": hsds.LICENSE_NAME, "url": hsds.LICENSE_URL},
        "x_links": {
            "services": url_for("api.services", _external=True),
            "organizations": url_for("api.organizations", _external=True),
            "taxonomy": url_for("api.taxonomy", _external=True),
            "export_csv": url_for("api.export_csv", _external=True),
            "export_zip": url_for("api.export_zip", _external=True),
        },
    })


@bp.get("/services")
def services():
    """Published services by the directory's filters, in the directory's order."""
    locale = locale_param()
    number, per_page = page_params()
    filters = directory_filters()
    result = listing.find_services(filters, locale, number, per_page, *FULL_DETAILS,
                                   count_cap=UNCAPPED)
    vocab = vocabulary()
    items = [hsds.service(s, vocab, locale) for s in result.items]
    return json_response(hsds.page(items, result.total or 0, number, per_page))


@bp.get("/services/<id>")
def service(id: str):
    locale = locale_param()
    slug = resolve(id, sa.select(Service.slug).where(Service.is_published.is_(True)),
                   hsds.service_id)
    found = db.session.scalar(fully_loaded(queries.service_page(slug))) if slug else None
    if found is None:
        raise ApiError(404, "No published service has this id.")
    return json_response(hsds.service(found, vocabulary(), locale))


@bp.get("/organizations")
def organizations():
    locale = locale_param()
    number, per_page = page_params()
    stmt = published_organizations().order_by(*organization_order(locale))
    result = db.paginate(stmt, page=number, per_page=per_page, error_out=False)
    items = [hsds.organization(o, locale) for o in result.items]
    return json_response(hsds.page(items, result.total or 0, number, per_page))


@bp.get("/organizations/<id>")
def organization(id: str):
    """An organization with its published services."""
    locale = locale_param()
    slug = resolve(id, published_organizations().with_only_columns(Organization.slug),
                   hsds.organization_id)
    found = db.session.scalar(published_organizations().where(Organization.slug == slug)) \
        if slug else None
    if found is None:
        raise ApiError(404, "No organization with published services has this id.")
    rows = db.session.scalars(fully_loaded(
        sa.select(Service).where(Service.organization_id == found.id,
                                 Service.is_published.is_(True))
        .order_by(*listing_order(locale))
    )).all()
    vocab = vocabulary()
    data = hsds.organization(found, locale)
    data["services"] = [hsds.service(s, vocab, locale, with_organization=False) for s in rows]
    return json_response(data)


@bp.get("/taxonomy")
def taxonomy():
    """The taxonomy terms: Jaga's service types, then its audiences."""
    locale = locale_param()
    number, per_page = page_params()
    return json_response(paged(all_terms(locale), number, per_page))


@bp.get("/taxonomy/<id>")
def taxonomy_term(id: str):
    """One term, by its id or its code."""
    locale = locale_param()
    for term in all_terms(locale):
        if id in (term["id"], term["code"]):
            return json_response(term)
    raise ApiError(404, "No taxonomy term has this id.")


@bp.get("/openapi.json")
def openapi_document():
    return json_response(openapi.document())


@bp.get("/profile")
def profile():
    """The Jaga profile of HSDS 3.0 (docs/api-profile.md), as Markdown."""
    if not PROFILE.exists():
        raise ApiError(404, "The profile document is not installed here.")
    return current_app.response_class(PROFILE.read_text(encoding="utf-8"),
                                      mimetype="text/markdown")


def export_rows() -> list[Service]:
    return db.session.scalars(fully_loaded(
        sa.select(Service).where(Service.is_published.is_(True)).order_by(Service.slug)
    )).all()


def download(body, mimetype: str, filename: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Link"] = (f'<{hsds.LICENSE_URL}>; rel="license", '
                                f'<{url_for("api.profile", _external=True)}>; rel="describedby"')
    return response


@bp.get("/export.csv")
def export_csv():
    """Every published service, one row each, both languages. Licence: CC BY 4.0."""
    return download(exports.services_csv(export_rows(), vocabulary()), "text/csv",
                    "jaga-services.csv")


@bp.get("/export.zip")
def export_zip():
    """Every published record as an HSDS 3.0 tabular data package (CSV + datapackage.json)."""
    locale = locale_param()
    body = exports.data_package(export_rows(), all_terms(locale), vocabulary(), locale)
    return download(body, "application/zip", "jaga-hsds.zip")


@bp.route("/<path:unknown>")
def unknown_path(unknown: str):
    raise NotFound("There is no such API path; see /api/v1/openapi.json.")
