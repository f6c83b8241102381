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
    # One query only: the data-version check that keeps every process in step.
    assert again.data == first.data and len(queries) == 1 and "FROM data_versions" in queries[0]
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
