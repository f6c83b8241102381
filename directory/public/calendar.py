"""iCalendar (.ics) files for live sessions."""

from __future__ import annotations

import datetime as dt

from flask_babel import force_locale, gettext as _
from icalendar import Calendar, Event

from ..web.clock import system_now


def session_ics(session, locale: str, page_url: str) -> bytes:
    with force_locale(locale):
        title = session.localized("title", locale).text
        if session.is_demo:
            title = _("[Demo, not a real event] %(title)s", title=title)
        lines = [session.localized("description", locale).text,
                 _("Speaker: %(name)s", name=session.speaker_name)]
        credentials = session.localized("speaker_credentials", locale).text
        if credentials:
            lines.append(credentials)
        if session.watch_url:
            lines.append(_("Where to watch: %(url)s", url=session.watch_url))
        lines.append(page_url)

    calendar = Calendar()
    calendar.add("prodid", "-//Jaga//Live sessions//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{session.slug}@jaga")
    event.add("dtstamp", system_now())
    event.add("dtstart", session.starts_at.astimezone(dt.timezone.utc))
    event.add("dtend", session.ends_at.astimezone(dt.timezone.utc))
    event.add("summary", title)
    event.add("description", "\n\n".join(line for line in lines if line))
    if session.watch_url:
        event.add("url", session.watch_url)
        event.add("location", session.watch_url)
    calendar.add_component(event)
    return calendar.to_ical()
