"""The app under test: settings shared by every test, and a fixed moment in Kuala Lumpur."""

from __future__ import annotations

import datetime as dt

from directory import create_app

# A fixed moment for tests that depend on opening hours: Wednesday 25 Nov 2026, 10:00 in KL.
KL = dt.timezone(dt.timedelta(hours=8))
WEDNESDAY_10AM = dt.datetime(2026, 11, 25, 10, 0, tzinfo=KL)

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
    "SERVER_NAME": None,
    "RATELIMIT_ENABLED": False,  # the rate-limit tests turn it on
    "PAGE_CACHE_ENABLED": False,  # tests change data between requests; test_page_cache turns it on
    "CARD_CACHE_ENABLED": False,  # likewise; test_page_cache turns it on
}


def make_app(database_url: str, **overrides):
    config = {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    return create_app(config)
