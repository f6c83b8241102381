"""Jinja globals and filters shared by the templates."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g
from flask_babel import format_date, format_datetime, format_time, gettext as _
from sqlalchemy.exc import SQLAlchemyError

from . import hours, labels, phones, queries
from .clock import now
from .extensions import db
from .i18n import current_locale


def opening_status(service) -> hours.OpenStatus:
    periods = [hours.Period(s.weekday, s.opens_minute, s.closes_minute) for s in service.schedules]
    return hours.status(periods, service.is_24_7, now())


def when(moment) -> str:
    """A time today ("4:00 PM"), or a weekday and time when it is another day."""
    if moment.astimezone(hours.KL).date() == now().astimezone(hours.KL).date():
        return format_time(moment, "short")
    return format_datetime(moment, "EEEE, h:mm a" if current_locale() == "en" else "EEEE, HH:mm")


def crisis_lines() -> list:
    """The emergency strip's lines, loaded once per request.

    When the database is down the error page still renders; the strip then falls back to
    the emergency number alone (see _emergency_strip.html).
    """
    if "crisis_lines" not in g:
        try:
            g.crisis_lines = db.session.scalars(
                queries.crisis_lines(current_app.config["EMERGENCY_SERVICE_SLUG"])
            ).all()
        except SQLAlchemyError:
            db.session.rollback()
            g.crisis_lines = []
    return g.crisis_lines


def host(url: str) -> str:
    """'https://www.thestar.com.my/news/...' -> 'thestar.com.my'."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def short_name(service):
    locale = current_locale()
    return service.localized("alternate_name", locale) or service.localized("name", locale)


def verified_text(service) -> str:
    if service.last_verified:
        return _("Details confirmed with the service on %(date)s.",
                 date=format_date(service.last_verified, "long"))
    return _("Not yet confirmed with the service: details come from the public sources listed.")


def init_app(app) -> None:
    app.jinja_env.globals.update(
        opening_status=opening_status,
        when=when,
        crisis_lines=crisis_lines,
        short_name=short_name,
        verified_text=verified_text,
        phone_href=phones.href,
        whatsapp_share_href=phones.whatsapp_share_href,
        language_labels=labels.LANGUAGE_LABELS,
        audience_labels=labels.AUDIENCE_LABELS,
        cost_labels=labels.COST_LABELS,
        source_kind_label=labels.source_kind_label,
        format_date=format_date,
    )
    app.jinja_env.filters["host"] = host
