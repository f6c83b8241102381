"""The confidence rule of provenance/SOURCES.md, rule by rule."""

import datetime as dt

import pytest

from directory.confidence import SourceFacts, compute, latest_source_date, shows_number

NUM = ["+60376272929"]


def src(kind, date, quote="call 03-7627 2929", where=None):
    return SourceFacts(kind, date, quote, where or f"{kind}-{date}-{quote}")


@pytest.mark.parametrize("sources, conflicts, verified, expected", [
    # high: the organisation's own page, or news dated 2022 or later, shows the number
    ([src("official", None)], (), None, "high"),
    ([src("news", "2022-01")], (), None, "high"),
    ([src("news (republished)", "2025-11-10")], (), None, "high"),
    # medium: only news older than 2022, or undated, or a primary source
    ([src("news", "2021-12-31")], (), None, "medium"),
    ([src("news", None)], (), None, "medium"),
    ([src("letter", "2024-08")], (), None, "medium"),
    # medium: several independent third-party listings that agree
    ([src("third_party_code", None, where="a"), src("directory", None, where="b")], (), None, "medium"),
    # low: a single listing, or one page quoted twice
    ([src("directory", None, where="a")], (), None, "low"),
    ([src("directory", None, where="a"), src("directory", None, where="a")], (), None, "low"),
    # recent news about the service that prints no number is not evidence for the number
    ([src("news", "2025-01", quote="a busy helpline"), src("directory", None, where="a")], (), None, "low"),
    # an unresolved hours (or service) doubt caps high at medium; a number conflict gives low
    ([src("news", "2024-10")], ("hours",), None, "medium"),
    ([src("news", "2024-10")], ("service",), None, "medium"),
    ([src("news", "2019")], ("hours",), None, "medium"),
    ([src("news", "2024-10")], ("number",), None, "low"),
    # a moderator's confirmation with the service raises any record to high
    ([src("directory", None)], ("number",), dt.date(2026, 12, 1), "high"),
])
def test_rule(sources, conflicts, verified, expected):
    assert compute(NUM, sources, conflicts, verified) == expected


def test_no_phone_is_low_whatever_the_sources():
    assert compute([], [src("official", "2026-01")]) == "low"


@pytest.mark.parametrize("quote, numbers, expected", [
    ("Tel: +605 - 5332 333", ["+6055332333"], True),
    ("call 1-800-18-BEAR (2327)", ["+601800182327"], True),
    ("热线号码为03-42657995", ["+60342657995"], True),
    ("The 999-voice service remains", ["999"], True),
    ("call 19999 now", ["999"], False),  # a short code must stand on its own
    ("call 03-7627 2930", NUM, False),
    (None, NUM, False),
])
def test_shows_number(quote, numbers, expected):
    assert shows_number(quote, numbers) is expected


def test_last_seen_is_the_newest_source_that_shows_the_number():
    sources = [src("news", "2019-07"), src("news", "2024-11-26"), src("news", "2026-01", quote="no number")]
    assert latest_source_date(sources, NUM) == "2024-11-26"
