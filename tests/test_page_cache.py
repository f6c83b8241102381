"""Rendered listings are reused within the minute, and never when they could be wrong."""

import datetime as dt

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.models import Service

from helpers.accounts import make_user, sign_in
from helpers.apps import KL
from helpers.forms import csrf_token


@pytest.fixture
def app_config():
    moment = {"now": dt.datetime(2026, 11, 25, 15, 59, 10, tzinfo=KL)}
    return {"CLOCK": lambda: moment["now"], "PAGE_CACHE_ENABLED": True, "_moment": moment}


def rename(app, slug, name):
    with app.app_context():
        db.session.scalar(sa.select(Service).where(Service.slug == slug)).name_en = name
        db.session.commit()


def test_same_url_within_the_minute_is_served_from_memory(app, client, count_queries):
    first = client.get("/en/directory?state=MY-08")
    rename(app, "befrienders-ipoh", "Renamed behind the cache's back")
    with count_queries() as queries:
        again = client.get("/en/directory?state=MY-08")
    # At most the data-version check that keeps every process in step: one read on SQLite;
    # none on PostgreSQL, where a listener learns of each change (LISTEN/NOTIFY).
    assert again.data == first.data
    assert all("FROM data_versions" in q for q in queries)
    assert len(queries) == (0 if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else 1)
    assert "HX-Request" in again.headers["Vary"] and again.headers["ETag"]


def test_fragment_and_page_are_cached_apart(client):
    page = client.get("/en/directory?state=MY-08")
    fragment = client.get("/en/directory?state=MY-08", headers={"HX-Request": "true"})
    assert b"<html" in page.data and b"<html" not in fragment.data


def test_entries_expire_when_the_minute_turns(app, app_config, client):
    # Sneham opens at 4pm: at 15:59 it is closed, at 16:00 the page must say it is open.
    before = client.get("/en/services/sneham-malaysia").get_data(as_text=True)
    assert "Closed now" in before
    app_config["_moment"]["now"] = dt.datetime(2026, 11, 25, 16, 0, 0, tzinfo=KL)
    after = client.get("/en/services/sneham-malaysia").get_data(as_text=True)
    assert "Open now" in after


def test_text_queries_are_never_cached(app, client):
    client.get("/en/directory?q=befrienders")
    rename(app, "befrienders-ipoh", "Befrienders Ipoh Renamed")
    assert "Befrienders Ipoh Renamed" in client.get("/en/directory?q=befrienders").get_data(as_text=True)


def test_a_moderators_change_clears_the_cache(app, client):
    client.get("/en/services/talian-heal-15555")
    make_user(app)
    moderator = app.test_client()
    sign_in(moderator)
    with app.app_context():
        service_id = db.session.scalar(sa.select(Service.id).where(Service.slug == "talian-heal-15555"))
    moderator.post(f"/admin/services/{service_id}/unpublish",
                   data={"csrf_token": csrf_token(moderator, "/admin/services")})
    assert client.get("/en/services/talian-heal-15555").status_code == 404


def _wait_for(check, seconds: float = 2.0) -> float:
    """Seconds until `check()` held (PostgreSQL delivers notices asynchronously, in
    milliseconds); fails after `seconds`."""
    import time

    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, "the change never reached the other process"
        time.sleep(0.005)
    return time.monotonic() - start


def test_a_change_in_another_process_reaches_every_cache_at_once(database_url, app_config):
    """Two app instances on one database stand for two workers (or two servers): a change
    made through one drops the other's pages, cards and emergency strip."""
    from helpers.apps import make_app

    from directory.listing import data_version, page_cache

    settings = {**app_config, "PAGE_CACHE_ENABLED": True, "CARD_CACHE_ENABLED": True}
    reader, writer = make_app(database_url, **settings), make_app(database_url, **settings)
    client = reader.test_client()
    home, listing = "/en/", "/en/directory?service=crisis-helpline"
    assert "tel:+60376272929" in client.get(home).get_data(as_text=True)
    assert "tel:+60376272929" in client.get(listing).get_data(as_text=True)
    with writer.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "befrienders-kuala-lumpur"))
        service.is_published = False
        data_version.bump()
        db.session.commit()
        page_cache.clear()
    took = _wait_for(lambda: "tel:+60376272929" not in client.get(home).get_data(as_text=True))
    assert "tel:+60376272929" not in client.get(listing).get_data(as_text=True)
    assert client.get("/en/services/befrienders-kuala-lumpur").status_code == 404
    assert took < 0.5
    for app in (reader, writer):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_cards_are_rendered_once_per_data_version(app, app_config, client, count_queries):
    app.config.update(CARD_CACHE_ENABLED=True, PAGE_CACHE_ENABLED=False)
    first = client.get("/en/directory?state=MY-08", headers={"HX-Request": "true"})
    with count_queries() as queries:
        again = client.get("/en/directory?state=MY-08", headers={"HX-Request": "true"})
    # One query for the count and the page's ids: the cards themselves come from memory.
    listing_queries = [q for q in queries if "data_versions" not in q]
    assert again.data == first.data and len(listing_queries) == 1
    rename(app, "befrienders-ipoh", "Befrienders Ipoh, renamed")
    with app.app_context():
        from directory.listing import data_version, page_cache

        # As moderation does: the bump in the change's transaction, then this process's copies.
        data_version.bump()
        db.session.commit()
        page_cache.clear()
    assert "Befrienders Ipoh, renamed" in client.get(
        "/en/directory?state=MY-08", headers={"HX-Request": "true"}).get_data(as_text=True)


def test_tracking_arguments_and_order_share_one_entry(app, client):
    # Filled by a link with tracking arguments: they must not be in the page that others get.
    plain = client.get("/en/directory?utm_source=app&state=MY-08&service=counselling"
                       "&service=crisis-helpline&ttclid=first")
    for query in ("service=crisis-helpline&state=MY-08&service=counselling&utm_source=x",
                  "ttclid=abc&state=MY-08&service=counselling&service=crisis-helpline&fbclid=1",
                  "state=+MY-08+&service=counselling&service=crisis-helpline&service=counselling"):
        again = client.get(f"/en/directory?{query}")
        assert again.data == plain.data
    store = app.extensions["jaga_page_cache"]
    assert len(store) == 1
    assert b"utm_source" not in plain.data and b"ttclid" not in plain.data
