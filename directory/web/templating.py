"""Jinja globals and filters shared by the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel.lists import format_list as babel_format_list
from flask import current_app
from flask_babel import format_date, format_number, format_time, gettext as _
from sqlalchemy.exc import SQLAlchemyError

from .. import confidence, hours, labels, phones, reference
from ..listing import cards
from .clock import now
from .i18n import current_locale


def hours_conflict(service) -> bool:
    """The sources disagree on the hours: no schedule, no "Open now", only what each says."""
    return bool(service.hours_by_source) or "hours" in confidence.conflicts_of(service)


def opening_status(service) -> hours.OpenStatus:
    """The service is open when any of its lines is open (a line may keep its own hours)."""
    if hours_conflict(service):
        return hours.OpenStatus("unknown")
    shown = {p.id for p in service.phones}  # an unpublished line's own hours do not count
    periods = [hours.Period(s.weekday, s.opens_minute, s.closes_minute) for s in service.schedules
               if s.phone_id is None or s.phone_id in shown]
    return hours.status(periods, service.is_24_7, now())


def line_status(service, phone) -> hours.OpenStatus | None:
    """A line's own status, only when it keeps its own structured hours."""
    own = [s for s in service.schedules if s.phone_id == phone.id]
    if not own or hours_conflict(service):
        return None
    shared = [s for s in service.schedules if s.phone_id is None]
    periods = [hours.Period(s.weekday, s.opens_minute, s.closes_minute) for s in own + shared]
    return hours.status(periods, False, now())


# A source older than this gets a visible caution on the page.
STALE_MONTHS = 24

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


def emergency_lines() -> list:
    """The emergency strip's lines, loaded once per request.

    When the database is down the error page still renders; the strip then falls back to
    the emergency number alone (see _emergency_strip.html).
    """
    try:
        return reference.emergency_lines()
    except SQLAlchemyError:
        return ()


def localized_texts(rows, field: str) -> list[str]:
    locale = current_locale()
    return [row.localized(field, locale).text for row in rows]


def format_list(items) -> str:
    """["Malay", "English", "Tamil"] -> "Malay, English and Tamil", in the page's language."""
    return babel_format_list([str(item) for item in items], locale=current_locale())


EATING_DISORDER_TYPE = "eating-disorder"


def eating_disorder_listed() -> bool:
    """Whether any published service offers eating-disorder care; if not, links that would
    end on an empty eating-disorder filter lead to the help page instead."""
    try:
        return EATING_DISORDER_TYPE in reference.published_type_slugs()
    except SQLAlchemyError:
        return False


def crisis_panel_types(categories) -> list:
    """(href, localized name) of the help that fits a crisis signal: the directory filtered
    by each fitting service type, or the eating-disorder help page while that filter is empty."""
    from flask import url_for

    from ..crisis import crisis_service_types

    slugs = crisis_service_types(categories)
    terms = {t.slug: t for t in reference.service_types()}
    locale = current_locale()
    links = []
    for slug in slugs:
        if slug not in terms:
            continue
        if slug == EATING_DISORDER_TYPE and not eating_disorder_listed():
            href = url_for("public.eating_disorder_help")
        else:
            href = url_for("public.directory", service=slug)
        links.append((href, terms[slug].localized("name", locale)))
    return links


def host(url: str) -> str:
    """'https://www.thestar.com.my/news/...' -> 'thestar.com.my'."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def short_name(service):
    locale = current_locale()
    return service.localized("alternate_name", locale) or service.localized("name", locale)


def lines_in_order(service) -> list[tuple]:
    """(phone, own status or None), the lines open now first, otherwise in their order."""
    lines = [(phone, line_status(service, phone)) for phone in service.phones]
    return sorted(lines, key=lambda line: not (line[1] and line[1].state in ("open", "always")))


@dataclass(frozen=True)
class Assurance:
    """How sure we are, in words: `text`, and a `caution` when the evidence is old."""

    text: str
    caution: str | None = None


def _month_year(date_text: str) -> str:
    if len(date_text) >= 7:
        return format_date(dt.date(int(date_text[:4]), int(date_text[5:7]), 1), "MMMM y")
    return date_text[:4]


def _is_old(date_text: str, today: dt.date) -> bool:
    """Over two years before today (a date known only to the month or year counts from its end)."""
    year = int(date_text[:4])
    month = int(date_text[5:7]) if len(date_text) >= 7 else 12
    return (today.year - year) * 12 + (today.month - month) > STALE_MONTHS


def assurance(service) -> Assurance:
    if service.last_verified:
        return Assurance(_("Confirmed with the service on %(date)s.",
                           date=format_date(service.last_verified, "long")))
    numbers = [p.number for p in service.phones]
    if not numbers:
        return Assurance(_("Not yet confirmed: no public source seen shows a phone number."))
    seen = confidence.latest_source_date(confidence.facts_of(service.sources), numbers)
    caution = _("Over two years old: the number or hours may have changed. "
                "Check before relying on it.")
    if seen is None:
        return Assurance(_("Not yet confirmed: the public sources that show this number are "
                           "undated."), caution)
    text = _("Not yet confirmed: number last seen in a public source in %(when)s.",
             when=_month_year(seen))
    today = now().astimezone(hours.KL).date()
    return Assurance(text, caution if _is_old(seen, today) else None)


def cost_text(service) -> str:
    """The cost as the sources state it, with its caveats."""
    note = service.localized("cost_note", current_locale())
    return note.text if note else str(labels.COST_LABELS[service.cost])


def cost_short(line) -> str:
    """A line's cost in a few words, for the crisis panel and the 24-hour box.

    Nothing for the emergency number: no source states its cost, and "cost not confirmed"
    next to 999 could hold back someone in danger; silence claims nothing.
    """
    if line.slug == current_app.config["EMERGENCY_SERVICE_SLUG"]:
        return ""
    if line.cost == "free" and (line.cost_note_en or line.cost_note_ms):
        return _("Free service; normal call charges may apply")
    return str(labels.COST_LABELS[line.cost])


def answer_token(phone_id: int) -> str:
    """The signed token of a line's "Did you get through?" form (no session, no cookie)."""
    from ..moderation.verification import answer_token as sign

    return sign(phone_id, current_app.config["SECRET_KEY"], now().astimezone(hours.KL).date())


def datetime_attr(value) -> str:
    """A date or time for a <time datetime="…"> attribute: HTML allows no microseconds."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def init_app(app) -> None:
    app.jinja_env.globals.update(
        opening_status=opening_status,
        render_cards=cards.render,
        when=when,
        when_full=when_full,
        emergency_lines=emergency_lines,
        crisis_panel_types=crisis_panel_types,
        eating_disorder_listed=eating_disorder_listed,
        short_name=short_name,
        assurance=assurance,
        answer_token=answer_token,
        cost_text=cost_text,
        cost_short=cost_short,
        hours_conflict=hours_conflict,
        lines_in_order=lines_in_order,
        phone_href=phones.href,
        whatsapp_share_href=phones.whatsapp_share_href,
        language_labels=labels.LANGUAGE_LABELS,
        audience_labels=labels.AUDIENCE_LABELS,
        cost_labels=labels.COST_LABELS,
        source_kind_label=labels.source_kind_label,
        submission_kind_labels=labels.SUBMISSION_KIND_LABELS,
        submission_status_labels=labels.SUBMISSION_STATUS_LABELS,
        report_reason_labels=labels.REPORT_REASON_LABELS,
        call_outcome_labels=labels.CALL_OUTCOME_LABELS,
        feedback_answer_labels=labels.FEEDBACK_ANSWER_LABELS,
        format_date=format_date,
        format_number=format_number,
        format_list=format_list,
    )
    app.jinja_env.filters["host"] = host
    app.jinja_env.filters["datetime_attr"] = datetime_attr
    app.jinja_env.filters["localized_texts"] = localized_texts
    app.jinja_env.filters["pick"] = lambda keys, mapping: [mapping[k] for k in keys]
