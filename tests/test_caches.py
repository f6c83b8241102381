"""The one registry of in-process caches: every cache is declared, expires one way, and
clear_all() empties them all."""

import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from directory import reference
from directory.web import caches

from helpers.apps import WEDNESDAY_10AM

PACKAGE = Path(__file__).resolve().parent.parent / "directory"


def test_expiry_functions():
    stored = dt.datetime(2026, 11, 25, 10, 0, 42, 5, tzinfo=dt.timezone.utc)
    assert caches.never(stored) is None
    assert caches.after(60)(stored) == stored + dt.timedelta(seconds=60)
    assert caches.next_minute(stored) == dt.datetime(2026, 11, 25, 10, 1, tzinfo=dt.timezone.utc)


def test_every_cache_is_registered_once():
    import directory.api.openapi  # noqa: F401  (caches register on import)
    import directory.public.guide_views  # noqa: F401
    import directory.public.search_views  # noqa: F401

    assert {"reference", "guides", "guide_html", "guide_search_text", "search",
            "search_vocabulary", "openapi", "asset_hashes"} <= set(caches.REGISTRY)
    assert {"crisis_model", "crisis_terms", "crisis_shorthand"} <= set(caches.MEMOIZED)
    with pytest.raises(ValueError):
        caches.register(caches.Cache("reference"))


def test_no_cache_outside_the_registry():
    """In-process caches are declared through web/caches.py, not kept in ad-hoc dicts.
    (listing/data_version.py keeps per-app connections and the version rendered from: not caches.)"""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("caches.py", "data_version.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"extensions\.setdefault|extensions\[|functools\.(cache|lru_cache)\b|@lru_cache", text):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_expiry_follows_the_app_clock(app):
    moment = {"now": WEDNESDAY_10AM}
    app.config["CLOCK"] = lambda: moment["now"]
    cache = caches.Cache("test_expiry", expiry=caches.after(60))
    loads = []
    with app.app_context():
        assert cache.get("k", lambda: loads.append(1) or "first") == "first"
        moment["now"] += dt.timedelta(seconds=59)
        assert cache.get("k", lambda: "second") == "first"
        moment["now"] += dt.timedelta(seconds=1)
        assert cache.get("k", lambda: "second") == "second"
        assert cache.peek("missing") is None


def test_max_entries_drops_the_oldest(app):
    cache = caches.Cache("test_lru", max_entries=2)
    with app.app_context():
        for key in "abc":
            cache.put(key, key.upper())
        assert (cache.peek("a"), cache.peek("b"), cache.peek("c")) == (None, "B", "C")
        assert len(cache) == 2


def test_stale_value_while_the_database_is_down(app):
    moment = {"now": WEDNESDAY_10AM}
    app.config["CLOCK"] = lambda: moment["now"]
    with app.app_context():
        states = reference.states()
        moment["now"] += dt.timedelta(seconds=reference.TTL_SECONDS + 1)

        def down():
            raise sa.exc.OperationalError("SELECT", {}, Exception("down"))

        assert reference._cached("states", down) == states
        with pytest.raises(sa.exc.OperationalError):
            reference._cached("never_loaded", down)


def test_clear_all_empties_every_cache(app, client):
    from directory.crisis import default_terms

    client.get("/en/")
    client.get("/en/guides/teens")
    client.get("/en/search?q=kaunseling")
    client.get("/api/v1/openapi.json")
    default_terms()
    with app.app_context():
        assert len(caches.get("reference")) and len(caches.get("guides"))
        assert len(caches.get("guide_html")) and len(caches.get("asset_hashes"))
        assert len(caches.get("openapi")) and len(caches.get("search_vocabulary"))
        assert default_terms.cache_info().currsize == 1
        caches.clear_all()
        assert all(len(cache) == 0 for cache in caches.REGISTRY.values())
        assert default_terms.cache_info().currsize == 0
    assert client.get("/en/").status_code == 200
