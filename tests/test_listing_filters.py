"""listing.filters.parse: the one parser of the directory's query string (pure)."""

import pytest
from werkzeug.datastructures import MultiDict

from directory.listing.filters import (
    FILTER_NAMES, MAX_QUERY_LENGTH, NO_SUCH_PAGE, TOO_LONG, UNKNOWN_CHOICE, Filters, parse,
    parse_per_page,
)

CHOICES = {"states": ("MY-01", "MY-14"), "service_types": ("counselling", "crisis-helpline")}


def parsed(query: str):
    from urllib.parse import parse_qsl

    return parse(MultiDict(parse_qsl(query, keep_blank_values=True)), CHOICES)


@pytest.mark.parametrize("query, filters, page, errors", [
    ("", Filters(), 1, {}),
    ("state=MY-14", Filters(state="MY-14"), 1, {}),
    ("state=+MY-14+", Filters(state="MY-14"), 1, {}),
    ("state=&service=&q=++", Filters(), 1, {}),
    ("state=MY-99&service=counselling", Filters(services=("counselling",)), 1,
     {"state": UNKNOWN_CHOICE}),
    ("service=crisis-helpline&service=counselling&service=crisis-helpline",
     Filters(services=("counselling", "crisis-helpline")), 1, {}),
    ("service=counselling&service=nope", Filters(), 1, {"service": UNKNOWN_CHOICE}),
    ("open=now&cost=free&speaks=ta&audience=youth",
     Filters(open="now", cost="free", speaks="ta", audience="youth"), 1, {}),
    ("open=later&cost=cheap", Filters(), 1, {"open": UNKNOWN_CHOICE, "cost": UNKNOWN_CHOICE}),
    ("q=+talian+++kasih+", Filters(q="talian kasih"), 1, {}),
    ("q=" + "a" * (MAX_QUERY_LENGTH + 1), Filters(), 1, {"q": TOO_LONG}),
    ("page=3", Filters(), 3, {}),
    ("page=99999", Filters(), 99999, {}),
    ("page=100000", Filters(), 1, {"page": NO_SUCH_PAGE}),
    ("page=0", Filters(), 1, {"page": NO_SUCH_PAGE}),
    ("page=-1", Filters(), 1, {"page": NO_SUCH_PAGE}),
    ("page=2abc", Filters(), 1, {"page": NO_SUCH_PAGE}),
    ("utm_source=x&fbclid=y&ttclid=z&gclid=w&state=MY-01", Filters(state="MY-01"), 1, {}),
])
def test_parse(query, filters, page, errors):
    result = parsed(query)
    assert (result.filters, result.page, dict(result.errors)) == (filters, page, errors)


def args(query: str) -> MultiDict:
    from urllib.parse import parse_qsl

    return MultiDict(parse_qsl(query, keep_blank_values=True))


def test_the_cache_key_ignores_order_spacing_and_tracking_arguments():
    from directory.listing import cache_key

    a = cache_key(args("service=counselling&state=MY-14&service=crisis-helpline"))
    b = cache_key(args("ttclid=1&state=+MY-14&service=crisis-helpline&service=counselling"
                       "&service=counselling&utm_medium=x"))
    assert a == b
    assert a != cache_key(args("state=MY-14&service=counselling"))
    assert a != cache_key(args("service=counselling&state=MY-14&service=crisis-helpline&page=2"))
    # Never cached: a text query (it may signal a crisis), deep pages, a page that is none.
    for query in ("state=MY-14&q=help", "page=21", "page=2abc", "page=0"):
        assert cache_key(args(query)) is None
    assert cache_key(args("page=20")) is not None


def test_filters_round_trip_as_query_arguments():
    f = parsed("state=MY-14&service=counselling&open=24h&q=kaunseling").filters
    args = MultiDict()
    for name, value in f.as_args().items():
        for item in value if isinstance(value, list) else [value]:
            args.add(name, item)
    assert parse(args, CHOICES).filters == f
    assert set(f.as_args()) <= set(FILTER_NAMES)


@pytest.mark.parametrize("text, expected", [
    ("", 50), (" ", 50), ("1", 1), ("200", 200), ("201", None), ("0", None), ("abc", None),
    ("1e3", None),
])
def test_per_page(text, expected):
    assert parse_per_page(text, 50) == expected
