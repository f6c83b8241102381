import sqlalchemy as sa
from flask import current_app, render_template

from ..content import guides
from ..extensions import db
from ..models import Service
from ..translate import examine, locales
from . import bp

CONTENT_FIELDS = ("name", "description", "hours")


@bp.route("/translations")
def translations():
    """How complete each catalog is, and which published texts lack a language."""
    source = current_app.config["SOURCE_LOCALE"]
    reports = [examine(locale, source) for locale in locales()]
    services = db.session.scalars(
        sa.select(Service).where(Service.is_published.is_(True)).order_by(Service.slug)).all()
    missing_services = [
        (service, [f"{field}_{lang}" for field in CONTENT_FIELDS for lang in ("ms", "en")
                   if not getattr(service, f"{field}_{lang}")])
        for service in services
    ]
    library = guides.library()
    slugs = sorted({slug for slug, _ in library})
    missing_guides = [(slug, [lang for lang in ("ms", "en") if (slug, lang) not in library])
                      for slug in slugs]
    return render_template(
        "admin/translations.html", reports=reports, source=source,
        missing_services=[(s, f) for s, f in missing_services if f],
        missing_guides=[(g, langs) for g, langs in missing_guides if langs],
    )
