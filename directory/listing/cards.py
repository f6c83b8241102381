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
from ..clock import now
from ..extensions import db
from ..i18n import current_locale
from .query import services_by_id

# Stand-in for the badge while the stable part is rendered; never in real output.
_BADGE = "\x00badge\x00"
MAX_CARDS = 20_000
MAX_BADGES = 2_000
STORE = "jaga_cards"


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
    return current_app.config.get("CARD_CACHE_ENABLED", True)


def _store() -> dict:
    return current_app.extensions.setdefault(STORE, {})


def _build(service, state_names: dict, day: dt.date) -> Card:
    from ..templating import hours_conflict

    html = str(get_template_attribute("macros/service.html", "service_card")(
        service, state_names, Markup(_BADGE)))
    before, after = html.split(_BADGE)
    return Card(service.id, day, before, after,
                tuple(hours.Period(s.weekday, s.opens_minute, s.closes_minute)
                      for s in service.schedules),
                service.is_24_7, hours_conflict(service))


def cards(ids: list[int]) -> list[Card]:
    """The cards of these services, in this order, in the current language."""
    locale, day = current_locale(), now().astimezone(hours.KL).date()
    store = _store() if _enabled() else {}
    found = {i: store.get((locale, i)) for i in ids}
    missing = [i for i, card in found.items() if card is None or card.day != day]
    if missing:
        state_names = reference.state_names(locale)
        for service in db.session.scalars(services_by_id(missing)):
            found[service.id] = _build(service, state_names, day)
        if _enabled():
            if len(store) + len(missing) > MAX_CARDS:
                store.clear()
            store.update({(locale, i): found[i] for i in missing if found.get(i)})
    return [found[i] for i in ids if found.get(i)]


def badge(status: hours.OpenStatus) -> str:
    """The open-now badge in the current language, rendered once per wording and day."""
    day = now().astimezone(hours.KL).date()
    key = (current_locale(), status, day)
    store = current_app.extensions.setdefault("jaga_badges", {})
    html = store.get(key)
    if html is None:
        if len(store) >= MAX_BADGES:
            store.clear()
        html = store[key] = str(get_template_attribute("macros/service.html", "status_badge")(status))
    return html


def render(ids: list[int]) -> Markup:
    """The <li> cards of these services, with their status at this minute."""
    moment = now()
    return Markup("".join(card.before_badge + badge(card.status(moment)) + card.after_badge
                          for card in cards(ids)))


def forget() -> None:
    current_app.extensions.pop(STORE, None)
    current_app.extensions.pop("jaga_badges", None)
