"""A stored page is sent again before Flask runs (listing/replay.py), byte for byte as Flask
sent it, and only to a request that Flask would have answered the same way."""

import datetime as dt

import pytest
import sqlalchemy as sa
from flask import request_started

from directory.extensions import db
from directory.listing import data_version, page_cache
from directory.listing.replay import ReplayStoredPages
from directory.models import Service

from helpers.apps import KL, make_app

FRAGMENT = {"HX-Request": "true"}
PAGES = [
    ("/en/", {}),
    ("/ms/directory?state=MY-08", {}),
    ("/ms/directory?state=MY-08", FRAGMENT),
    ("/en/directory?service=crisis-helpline&open=24h&page=1", FRAGMENT),
    ("/en/services/befrienders-ipoh", {}),
    ("/embed/ms/directory?state=MY-08", {}),  # framable: its own security headers
]
ENCODINGS = [None, "gzip", "br", "gzip, deflate, br, zstd", "identity"]


@pytest.fixture
def app_config():
    moment = {"now": dt.datetime(2026, 11, 25, 15, 58, 10, tzinfo=KL)}
    return {"CLOCK": lambda: moment["now"], "PAGE_CACHE_ENABLED": True,
            "CARD_CACHE_ENABLED": True, "_moment": moment}


@pytest.fixture
def flask_calls(app):
    """The paths of the requests that reached Flask."""
    calls = []

    def record(sender, **extra):
        from flask import request

        calls.append(request.full_path)

    request_started.connect(record, app)
    yield calls
    request_started.disconnect(record, app)


def sent(response) -> tuple:
    """What a client receives, but the Date the server stamps on it."""
    return (response.status, sorted((k, v) for k, v in response.headers.items() if k != "Date"),
            response.data)


@pytest.mark.parametrize("path, headers", PAGES)
def test_a_page_is_sent_again_exactly_as_flask_sent_it(client, flask_calls, path, headers):
    for encoding in ENCODINGS:
        asked = {**headers, **({"Accept-Encoding": encoding} if encoding else {})}
        first = client.get(path, headers=asked)
        calls = len(flask_calls)
        again = client.get(path, headers=asked)
        head = client.head(path, headers=asked)
        assert len(flask_calls) == calls, f"{path} {asked} reached Flask again"
        assert first.status_code == 200 and sent(again) == sent(first)
        assert sorted(head.headers.items()) == sorted(again.headers.items()) and head.data == b""
        if encoding in ("br", "gzip"):
            assert again.headers["Content-Encoding"] == encoding
        assert "Content-Encoding" not in again.headers or encoding not in (None, "identity")


def test_each_variant_is_kept_apart(client, flask_calls):
    page = client.get("/en/directory?state=MY-08")
    fragment = client.get("/en/directory?state=MY-08", headers=FRAGMENT)
    # htmx restoring history wants the whole page, though it says HX-Request too.
    restore = client.get("/en/directory?state=MY-08",
                         headers={**FRAGMENT, "HX-History-Restore-Request": "true"})
    gzipped = client.get("/en/directory?state=MY-08", headers={"Accept-Encoding": "gzip"})
    other_language = client.get("/ms/directory?state=MY-08")
    assert len(flask_calls) == 5
    assert b"<html" in page.data and b"<html" not in fragment.data and b"<html" in restore.data
    assert gzipped.headers["Content-Encoding"] == "gzip" and b'lang="ms"' in other_language.data
    assert client.get("/en/directory?state=MY-08").data == page.data
    assert client.get("/en/directory?state=MY-08", headers=FRAGMENT).data == fragment.data
    assert len(flask_calls) == 5


def test_tracking_arguments_and_parameter_order_are_sent_the_same_page(app, client, flask_calls):
    first = client.get("/en/directory?state=MY-08&service=counselling&service=crisis-helpline")
    for query in ("service=crisis-helpline&state=MY-08&service=counselling&utm_source=tiktok",
                  "ttclid=E.C.P.123&state=+MY-08&service=counselling&service=crisis-helpline",
                  "fbclid=1&gclid=2&service=counselling&service=crisis-helpline&state=MY-08"):
        again = client.get(f"/en/directory?{query}")
        assert sent(again) == sent(first) and b"ttclid" not in again.data
    assert len(flask_calls) == 1 and len(app.extensions["jaga_sent_pages"]) == 1


@pytest.mark.parametrize("path, headers", [
    ("/en/directory?state=MY-08", {"Authorization": "Basic eDp5"}),
    ("/en/directory?state=MY-08", {"Range": "bytes=0-10"}),
    ("/en/directory?q=befrienders", {}),  # a text query may signal a crisis: counted each time
    ("/en/directory?state=MY-99", {}),  # not a state: a 400 with the reader's value
    ("/en/directory?state=MY-08&page=21", {}),  # deep pages are not cached
    ("/en/services/befrienders-ipoh?thanks=1", {}),
    ("/en/services/no-such-service", {}),
    ("/en/search?q=kaunseling", {}),
    ("/en/submit", {}),  # a form with a CSRF token: private
])
def test_what_is_never_sent_again(client, flask_calls, path, headers):
    for _ in range(3):
        client.get(path, headers=headers)
    assert len(flask_calls) == 3


def test_a_visitor_with_a_cookie_is_answered_by_flask(client, flask_calls):
    client.get("/en/directory?state=MY-08")
    client.set_cookie("session", "anything")
    for _ in range(2):
        assert client.get("/en/directory?state=MY-08").status_code == 200
    assert len(flask_calls) == 3


def test_a_conditional_request_still_gets_its_304_from_flask(client, flask_calls):
    for encoding in (None, "br"):
        asked = {"Accept-Encoding": encoding} if encoding else {}
        first = client.get("/en/directory?state=MY-08", headers=asked)
        client.get("/en/directory?state=MY-08", headers=asked)
        calls = len(flask_calls)
        revalidated = client.get("/en/directory?state=MY-08",
                                 headers={**asked, "If-None-Match": first.headers["ETag"]})
        assert revalidated.status_code == 304 and len(flask_calls) == calls + 1


def test_behind_a_proxy_https_pages_keep_their_hsts_apart(database_url, app_config):
    app = make_app(database_url, TRUST_PROXY_HOPS=1, **app_config)
    client = app.test_client()
    for _ in range(2):
        secure = client.get("/en/directory?state=MY-08", headers={"X-Forwarded-Proto": "https"})
        plain = client.get("/en/directory?state=MY-08")
        assert "Strict-Transport-Security" in secure.headers
        assert "Strict-Transport-Security" not in plain.headers
    with app.app_context():
        db.engine.dispose()


def test_the_host_is_part_of_the_key(client, flask_calls):
    for _ in range(2):
        for host in ("jaga.example", "other.example"):
            client.get("/en/directory?state=MY-08", headers={"Host": host})
    assert len(flask_calls) == 2


def test_nothing_is_sent_again_once_the_minute_turns(app, app_config, client, flask_calls):
    # Sneham opens at 4pm: the page kept at 15:59 must not be sent at 16:00.
    app_config["_moment"]["now"] = dt.datetime(2026, 11, 25, 15, 59, 59, tzinfo=KL)
    assert "Closed now" in client.get("/en/services/sneham-malaysia").get_data(as_text=True)
    assert "Closed now" in client.get("/en/services/sneham-malaysia").get_data(as_text=True)
    assert len(flask_calls) == 1
    app_config["_moment"]["now"] = dt.datetime(2026, 11, 25, 16, 0, 0, tzinfo=KL)
    assert "Open now" in client.get("/en/services/sneham-malaysia").get_data(as_text=True)
    assert len(flask_calls) == 2


def test_a_change_in_another_process_is_seen_at_once(database_url, app_config):
    """Two app instances on one database stand for two workers: an unpublished line leaves
    the other's stored responses at its next request."""
    from test_page_cache import _wait_for

    reader, writer = make_app(database_url, **app_config), make_app(database_url, **app_config)
    client = reader.test_client()
    pages = ["/en/", "/en/directory?service=crisis-helpline",
             "/en/services/befrienders-kuala-lumpur"]
    for path in pages * 2:
        assert client.get(path).status_code == 200
    assert "tel:+60376272929" in client.get("/en/").get_data(as_text=True)
    with writer.app_context():
        service = db.session.scalar(sa.select(Service).where(
            Service.slug == "befrienders-kuala-lumpur"))
        service.is_published = False
        data_version.bump()
        db.session.commit()
        page_cache.clear()
    took = _wait_for(lambda: "tel:+60376272929" not in client.get("/en/").get_data(as_text=True))
    assert "tel:+60376272929" not in client.get(pages[1]).get_data(as_text=True)
    assert client.get(pages[2]).status_code == 404
    assert took < 0.5
    for app in (reader, writer):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_change_in_this_process_clears_what_it_sent(app, client, flask_calls):
    client.get("/en/services/befrienders-ipoh")
    with app.app_context():
        db.session.scalar(sa.select(Service).where(Service.slug == "befrienders-ipoh")) \
            .name_en = "Befrienders Ipoh, renamed"
        data_version.bump()
        db.session.commit()
        page_cache.clear()
    assert len(app.extensions.get("jaga_sent_pages", ())) == 0
    assert "Befrienders Ipoh, renamed" in client.get(
        "/en/services/befrienders-ipoh").get_data(as_text=True)


def test_with_the_page_cache_off_nothing_is_kept(app, client, flask_calls):
    app.config["PAGE_CACHE_ENABLED"] = False
    for _ in range(2):
        client.get("/en/directory?state=MY-08")
    assert len(flask_calls) == 2 and not app.extensions.get("jaga_sent_pages")


def test_responses_it_does_not_keep_pass_through_untouched(app):
    """A streamed response (an export, a static file) reaches the server as the app's own
    iterable: nothing is buffered."""
    stream = iter([b"a", b"b"])

    def streaming_app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/csv")])
        return stream

    layer = ReplayStoredPages(app, streaming_app)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/export.csv", "HTTP_HOST": "localhost",
               "wsgi.url_scheme": "http", "QUERY_STRING": ""}
    assert layer(environ, lambda status, headers, exc_info=None: None) is stream
