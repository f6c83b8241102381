"""Pure functions on opening hours, in Asia/Kuala_Lumpur time.

A period is (weekday, opens, closes): weekday 0 is Monday, minutes from midnight. A period
whose closing is not after its opening runs past midnight into the next day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, NamedTuple
from zoneinfo import ZoneInfo

KL = ZoneInfo("Asia/Kuala_Lumpur")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Period(NamedTuple):
    weekday: int
    opens: int
    closes: int

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True)
class OpenStatus:
    """`state` is "always", "open", "closed" or "unknown" (no schedule on record)."""

    state: str
    changes_at: dt.datetime | None = None  # closing time when open, next opening when closed


def parse_hhmm(text: str) -> int:
    """'09:30' -> 570; '24:00' -> 1440."""
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 1440 or not 0 <= int(minutes) < 60:
        raise ValueError(f"not a time of day: {text!r}")
    return value


def local_minute(at: dt.datetime) -> tuple[int, int]:
    local = at.astimezone(KL)
    return local.weekday(), local.hour * 60 + local.minute


def is_open(periods: Iterable[Period], at: dt.datetime) -> bool:
    day, minute = local_minute(at)
    yesterday = (day - 1) % 7
    for p in periods:
        if p.weekday == day and p.opens <= minute and (minute < p.closes or p.overnight):
            return True
        if p.weekday == yesterday and p.overnight and minute < p.closes:
            return True
    return False


def _occurrences(periods: list[Period], at: dt.datetime):
    """Each period's (start, end) as datetimes, from the day before `at` for a week and a bit."""
    local = at.astimezone(KL)
    start_day = local.date() - dt.timedelta(days=1)
    for offset in range(9):
        day = start_day + dt.timedelta(days=offset)
        midnight = dt.datetime.combine(day, dt.time(), KL)
        for p in periods:
            if p.weekday == day.weekday():
                end_minutes = p.closes + (1440 if p.overnight else 0)
                yield (midnight + dt.timedelta(minutes=p.opens),
                       midnight + dt.timedelta(minutes=end_minutes))


def status(periods: Iterable[Period], is_24_7: bool, at: dt.datetime) -> OpenStatus:
    if is_24_7:
        return OpenStatus("always")
    periods = list(periods)
    if not periods:
        return OpenStatus("unknown")
    spans = sorted(_occurrences(periods, at))
    current = [end for start, end in spans if start <= at < end]
    if current:
        closing = max(current)
        # Back-to-back periods (Friday's day line, then the late line) read as one.
        for start, end in spans:
            if start <= closing < end:
                closing = max(closing, end)
        return OpenStatus("open", closing)
    upcoming = [start for start, _ in spans if start > at]
    return OpenStatus("closed", min(upcoming) if upcoming else None)
