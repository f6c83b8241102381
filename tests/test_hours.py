"""Opening hours: pure functions, table-driven, in Asia/Kuala_Lumpur time."""

import datetime as dt

import pytest

from directory.hours import OpenStatus, Period, is_open, parse_hhmm, status

KL = dt.timezone(dt.timedelta(hours=8))
EVERY_DAY = range(7)


def at(day: int, hhmm: str) -> dt.datetime:
    """A moment in the week of Monday 23 Nov 2026 (day 0) in Kuala Lumpur."""
    hours, minutes = map(int, hhmm.split(":"))
    return dt.datetime(2026, 11, 23 + day, hours, minutes, tzinfo=KL)


HEAL = [Period(d, 8 * 60, 1440) for d in EVERY_DAY]  # 8am to midnight
LIFE_LINE = (
    [Period(d, 570, 1350) for d in range(5)]  # Mon-Fri 9.30am-10.30pm
    + [Period(5, 870, 1050)]  # Sat 2.30pm-5.30pm
    + [Period(4, 1350, 90), Period(5, 1350, 90)]  # Fri and Sat 10.30pm-1.30am
)


@pytest.mark.parametrize("text, minutes", [
    ("00:00", 0), ("08:00", 480), ("09:30", 570), ("24:00", 1440), ("01:30", 90),
])
def test_parse_hhmm(text, minutes):
    assert parse_hhmm(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "12:60", "24:30", "noon", "-1:00"])
def test_parse_hhmm_rejects_nonsense(text):
    with pytest.raises(ValueError):
        parse_hhmm(text)


@pytest.mark.parametrize("periods, moment, expected", [
    (HEAL, at(2, "07:59"), False),
    (HEAL, at(2, "08:00"), True),
    (HEAL, at(2, "23:59"), True),
    (HEAL, at(3, "00:00"), False),
    (LIFE_LINE, at(0, "09:29"), False),
    (LIFE_LINE, at(0, "09:30"), True),
    (LIFE_LINE, at(0, "22:30"), False),  # Monday has no late line
    (LIFE_LINE, at(4, "23:00"), True),  # Friday late line
    (LIFE_LINE, at(5, "01:00"), True),  # ...still open after midnight into Saturday
    (LIFE_LINE, at(5, "01:30"), False),
    (LIFE_LINE, at(6, "01:00"), True),  # Saturday's late line runs into Sunday
    (LIFE_LINE, at(6, "12:00"), False),
    (LIFE_LINE, at(0, "01:00"), False),  # Sunday night: no late line
    ([], at(2, "12:00"), False),
])
def test_is_open(periods, moment, expected):
    assert is_open(periods, moment) is expected


def test_is_open_converts_other_timezones_to_kuala_lumpur():
    utc_midnight = dt.datetime(2026, 11, 25, 0, 30, tzinfo=dt.timezone.utc)  # 8.30am in KL
    assert is_open(HEAL, utc_midnight)
    assert not is_open(HEAL, utc_midnight - dt.timedelta(hours=1))


def test_always_open_and_unknown():
    assert status([], True, at(2, "03:00")) == OpenStatus("always")
    assert status([], False, at(2, "03:00")) == OpenStatus("unknown")


def test_open_status_gives_closing_time():
    result = status(HEAL, False, at(2, "10:00"))
    assert result.state == "open"
    assert result.changes_at == at(3, "00:00")


def test_back_to_back_periods_close_at_the_end_of_the_last():
    # Friday's day line (until 10.30pm) runs straight into the late line (until 1.30am).
    result = status(LIFE_LINE, False, at(4, "21:00"))
    assert result.state == "open"
    assert result.changes_at == at(5, "01:30")


def test_closed_status_gives_next_opening_later_today():
    assert status(HEAL, False, at(2, "07:00")) == OpenStatus("closed", at(2, "08:00"))


def test_next_opening_can_be_days_away():
    weekdays_only = [Period(d, 540, 1020) for d in range(5)]
    result = status(weekdays_only, False, at(5, "12:00"))  # Saturday noon
    assert result == OpenStatus("closed", at(7, "09:00"))  # Monday 9am
