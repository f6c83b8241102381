import datetime as dt

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import confidence, moderation
from ..web.clock import now
from ..extensions import db
from ..hours import KL
from ..models import Service
from ..moderation.listings import change_listing
from . import bp
from .forms import ActionForm


def months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


@bp.route("/services")
def services():
    """Every service, published or not, with its confidence and last verification."""
    rows = db.session.scalars(
        sa.select(Service).options(selectinload(Service.phones))
        .order_by(Service.is_published.desc(), Service.name_en, Service.id)).all()
    return render_template("admin/services.html", services=rows, action=ActionForm())


def change_service(service_id: int, action: str, fields: tuple[str, ...], apply) -> None:
    service = db.get_or_404(Service, service_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form had expired; please try again."), "error")
        return
    change_listing(service, current_user, action, fields, apply)


@bp.route("/services/<id:service_id>/verify", methods=["POST"])
def verify(service_id: int):
    """A moderator confirmed the details with the service today."""
    today = now().astimezone(KL).date()

    def confirm(service):
        moderation.mark_verified(service, today)

    change_service(service_id, "verify", ("last_verified", "confidence"), confirm)
    flash(_("Marked as confirmed today."))
    return redirect(url_for("admin.verification"), code=303)


@bp.route("/services/<id:service_id>/unpublish", methods=["POST"])
def unpublish(service_id: int):
    """Take a listing off the site; it is kept, never deleted."""
    change_service(service_id, "unpublish", ("is_published",),
                   lambda s: setattr(s, "is_published", False))
    flash(_("Unpublished. The listing is kept and can be published again."))
    return redirect(url_for("admin.services"), code=303)


@bp.route("/services/<id:service_id>/publish", methods=["POST"])
def publish(service_id: int):
    service = db.get_or_404(Service, service_id)
    if not service.phones:
        flash(_("A listing needs at least one confirmed phone number before it is published."),
              "error")
        return redirect(url_for("admin.services"), code=303)
    if not confidence.is_published(confidence.of_service(service)):
        flash(_("Confirm the details with the service first (Verification), then publish."),
              "error")
        return redirect(url_for("admin.services"), code=303)
    change_service(service_id, "publish", ("is_published",),
                   lambda s: setattr(s, "is_published", True))
    flash(_("Published."))
    return redirect(url_for("admin.services"), code=303)
