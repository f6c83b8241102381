"""Result cards, rendered once per service, language and data version.

A card's name, types, lines, area, languages, cost and assurance change only when the data
changes (the data version) or, for the assurance's "over two years old", when the day turns;
its "open now" badge changes by the minute. So the stable part is rendered once and kept, with
the card's opening periods; each request renders only the badge, itself kept per wording.
A page of twenty cards then costs no SQL once its cards are warm; cold cards are loaded
together in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, get_template_attribute
from markupsafe import Markup

from .. import hours, reference
from ..web.clock import now
from ..extensions import db
from ..web import caches
from ..web.i18n import current_locale
from .query import services_by_id

# Stand-in for the badge while the stable part is rendered; never in real output.
_BADGE = "\x00badge\x00"
# (language, service id) -> Card; dropped with the rendered pages when the data changes.
CARDS = caches.register(caches.Cache("cards", max_entries=20_000))
# (language, status, day) -> the badge's HTML.
BADGES = caches.register(caches.Cache("badges", max_entries=2_000))


@dataclass(frozen=True)
class Card:
    service_id: int
    day: dt.date
    before_badge: str
    after_badge: str
    periods: tuple[hours.Period, ...]
    always_open: bool
    hours_unknown: bool

    def status(self, moment: dt.datetime) -> hours.OpenStatus:
        if self.hours_unknown:
            return hours.OpenStatus("unknown")
        return hours.status(list(self.periods), self.always_open, moment)


def _enabled() -> bool:
    return current_app.config["CARD_CACHE_ENABLED"]


def _build(service, state_names: dict, day: dt.date) -> Card:
    from ..web.templating import hours_conflict

    # A constant stand-in, not data: the macro escapes everything it renders.
    html = str(get_template_attribute("macros/service.html", "service_card")(
        service, state_names, Markup(_BADGE)))  # nosec B704
    before, after = html.split(_BADGE)
    shown = {p.id for p in service.phones}  # an unpublished line's own hours do not count
    return Card(service.id, day, before, after,
                tuple(hours.Period(s.weekday, s.opens_minute, s.closes_minute)
                      for s in service.schedules if s.phone_id is None or s.phone_id in shown),
                service.is_24_7, hours_conflict(service))


def cards(ids: list[int]) -> list[Card]:
    """The cards of these services, in this order, in the current language."""
    locale, day = current_locale(), now().astimezone(hours.KL).date()
    enabled = _enabled()
    found = {i: CARDS.peek((locale, i)) if enabled else None for i in ids}
    missing = [i for i, card in found.items() if card is None or card.day != day]
    if missing:
        state_names = reference.state_names(locale)
        for service in db.session.scalars(services_by_id(missing)):
            found[service.id] = card = _build(service, state_names, day)
            if enabled:
                CARDS.put((locale, service.id), card)
    return [found[i] for i in ids if found.get(i)]


def badge(status: hours.OpenStatus) -> str:
    """The open-now badge in the current language, rendered once per wording and day."""
    key = (current_locale(), status, now().astimezone(hours.KL).date())
    return BADGES.get(key, lambda: str(
        get_template_attribute("macros/service.html", "status_badge")(status)))


def render(ids: list[int]) -> Markup:
    """The <li> cards of these services, with their status at this minute."""
    moment = now()
    # Every part was rendered by the templates (autoescaped); joining them adds nothing.
    return Markup("".join(card.before_badge + badge(card.status(moment))  # nosec B704
                          + card.after_badge for card in cards(ids)))


def forget() -> None:
    CARDS.clear()
    BADGES.clear()
