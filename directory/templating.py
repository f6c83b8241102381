"""Jinja globals and filters shared by the templates."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from babel.lists import format_list as babel_format_list
from flask_babel import format_date, format_number, format_time, gettext as _
from sqlalchemy.exc import SQLAlchemyError

from . import hours, labels, phones, reference
from .clock import now
from .i18n import current_locale


def opening_status(service) -> hours.OpenStatus:
    periods = [hours.Period(s.weekday, s.opens_minute, s.closes_minute) for s in service.schedules]
    return hours.status(periods, service.is_24_7, now())


# Times are turned into Kuala Lumpur time here (zoneinfo), not by Babel (pytz, much slower).

def when(moment) -> str:
    """A time today ("4:00 PM"), or a weekday and a time on another day."""
    local = moment.astimezone(hours.KL)
    time = format_time(local, "short", rebase=False)
    if local.date() == now().astimezone(hours.KL).date():
        return time
    # Translators: a weekday and a time, e.g. "Sunday, 9:00 AM".
    return _("%(day)s, %(time)s", day=format_date(local.date(), "EEEE"), time=time)


def when_full(moment) -> str:
    """A full date and a time, in Kuala Lumpur."""
    local = moment.astimezone(hours.KL)
    # Translators: a full date and a time, e.g. "Wednesday, December 2, 2026 at 8:00 PM".
    return _("%(date)s at %(time)s", date=format_date(local.date(), "full"),
             time=format_time(local, "short", rebase=False))


def crisis_lines() -> list:
    """The emergency strip's lines, loaded once per request.

    When the database is down the error page still renders; the strip then falls back to
    the emergency number alone (see _emergency_strip.html).
    """
    try:
        return reference.crisis_lines()
    except SQLAlchemyError:
        return ()


def localized_texts(rows, field: str) -> list[str]:
    locale = current_locale()
    return [row.localized(field, locale).text for row in rows]


def format_list(items) -> str:
    """["Malay", "English", "Tamil"] -> "Malay, English and Tamil", in the page's language."""
    return babel_format_list([str(item) for item in items], locale=current_locale())


def crisis_panel_types(categories) -> list:
    """(slug, localized name) of the service types that fit a crisis signal."""
    from .public.text import crisis_service_types

    slugs = crisis_service_types(categories)
    terms = {t.slug: t for t in reference.service_types()}
    locale = current_locale()
    return [(slug, terms[slug].localized("name", locale)) for slug in slugs if slug in terms]


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


def datetime_attr(value) -> str:
    """A date or time for a <time datetime="…"> attribute: HTML allows no microseconds."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def init_app(app) -> None:
    app.jinja_env.globals.update(
        opening_status=opening_status,
        when=when,
        when_full=when_full,
        crisis_lines=crisis_lines,
        crisis_panel_types=crisis_panel_types,
        short_name=short_name,
        verified_text=verified_text,
        phone_href=phones.href,
        whatsapp_share_href=phones.whatsapp_share_href,
        language_labels=labels.LANGUAGE_LABELS,
        audience_labels=labels.AUDIENCE_LABELS,
        cost_labels=labels.COST_LABELS,
        source_kind_label=labels.source_kind_label,
        submission_kind_labels=labels.SUBMISSION_KIND_LABELS,
        submission_status_labels=labels.SUBMISSION_STATUS_LABELS,
        report_reason_labels=labels.REPORT_REASON_LABELS,
        format_date=format_date,
        format_number=format_number,
        format_list=format_list,
    )
    app.jinja_env.filters["host"] = host
    app.jinja_env.filters["datetime_attr"] = datetime_attr
    app.jinja_env.filters["localized_texts"] = localized_texts
    app.jinja_env.filters["pick"] = lambda keys, mapping: [mapping[k] for k in keys]
