"""The embeddable widget (/embed/<lang>/directory), its framing headers, the snippet page
(/<lang>/embed) and the open-data page."""

import html
import re

import pytest
from flask import make_response

from directory.extensions import db
from directory.models import Phone
from directory.web.security import allow_framing, set_security_headers
from helpers.factories import make_service

CARD = re.compile(r'<h3 id="card-\d+"><a href="/(?:ms|en)/services/([a-z0-9-]+)"')
MORE = re.compile(r'<a class="embed-more" href="http://localhost/(?:ms|en)/services/([a-z0-9-]+)" '
                  r'target="_blank" rel="noopener">')


def embed_slugs(response) -> list[str]:
    return MORE.findall(response.get_data(as_text=True))


# --- Framing: only the widget ------------------------------------------------------------------

def test_the_widget_may_be_framed_by_any_site(client):
    response = client.get("/embed/ms/directory?state=MY-10")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "frame-ancestors 'none'" not in csp
    assert "X-Frame-Options" not in response.headers
    # Every other protection stays.
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/ms/directory?state=MY-10", "/ms/embed", "/en/open-data",
                                  "/api/v1/services", "/embed/xx/directory", "/embed/ms/nothing",
                                  "/ms/"])
def test_every_other_page_refuses_framing(client, path):
    headers = client.get(path).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_framing_is_only_honoured_under_embed(app):
    with app.test_request_context("/ms/directory"):
        response = set_security_headers(allow_framing(make_response("x")))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    with app.test_request_context("/embed/ms/directory"):
        response = set_security_headers(make_response("x"))  # not opted in
    assert response.headers["X-Frame-Options"] == "DENY"


def test_frame_ancestors_can_be_an_allowlist(app, client):
    app.config["EMBED_FRAME_ANCESTORS"] = "https://school.example.my"
    csp = client.get("/embed/en/directory").headers["Content-Security-Policy"]
    assert "frame-ancestors https://school.example.my" in csp


# --- The widget ------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "state=MY-10", "state=MY-08&service=crisis-helpline",
                                   "speaks=ta", "open=now", "audience=youth", "q=befrienders",
                                   "service=women-support&service=youth-support"])
@pytest.mark.parametrize("lang", ["ms", "en"])
def test_widget_lists_what_the_directory_lists(client, lang, query):
    directory = client.get(f"/{lang}/directory?{query}").get_data(as_text=True)
    assert embed_slugs(client.get(f"/embed/{lang}/directory?{query}")) == CARD.findall(directory)


def test_widget_is_compact_accessible_and_self_contained(client):
    response = client.get("/embed/en/directory?state=MY-10&service=crisis-helpline")
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert '<html lang="en">' in page and "<title>" in page
    assert re.search(r"<h1[^>]*>Find help: <span>Selangor</span></h1>", page)
    assert '<a class="call call-emergency" href="tel:999">Call 999</a>' in page
    assert 'href="tel:+60376272929">Call 03-7627 2929</a>' in page
    assert "Crisis helpline" in page
    # No site chrome, no scripts, no inline styles; everything fetched is our own.
    assert "quick-exit" not in page and "site-header" not in page and "site-search" not in page
    assert "<script" not in page and "style=" not in page
    for url in re.findall(r'<link[^>]+href="([^"]*)"', page):
        assert url.startswith("/static/")
    # Links leave the frame in a new tab.
    for link in re.findall(r"<a [^>]*>", page):
        if "tel:" not in link and "sms:" not in link:
            assert 'target="_blank"' in link and "noopener" in link, link
    assert 'href="http://localhost/en/directory?state=MY-10&amp;service=crisis-helpline"' in page


def test_widget_always_shows_999(client):
    page = client.get("/embed/ms/directory?q=zzzzqqq").get_data(as_text=True)
    assert 'href="tel:999"' in page
    assert "0 perkhidmatan ditemui" in page or "0 services found" in page


def test_whatsapp_opens_outside_the_frame(client):
    page = client.get("/embed/en/directory?q=kasih").get_data(as_text=True)
    assert re.search(r'<a class="call call-whatsapp" href="https://wa.me/\d+" target="_blank" '
                     r'rel="noopener noreferrer">WhatsApp ', page)


def test_widget_ignores_bad_filters_like_the_directory(client):
    response = client.get("/embed/en/directory?state=MY-99")
    assert response.status_code == 400
    assert embed_slugs(response) == embed_slugs(client.get("/embed/en/directory"))
    assert 'role="alert"' in response.get_data(as_text=True)
    assert "X-Frame-Options" not in response.headers  # still frameable


def test_widget_shows_published_services_only(app, client):
    with app.app_context():
        make_service(published=False, slug="hidden-embed-service", name_en="Hiddenword line",
                     phones=[Phone(number="+60399999999", display="03-9999 9999", kind="voice")])
        db.session.commit()
    for query in ("", "q=hiddenword"):
        page = client.get(f"/embed/en/directory?{query}").get_data(as_text=True)
        assert "hidden-embed-service" not in page and "03-9999 9999" not in page


def test_unknown_widget_language_is_404(client):
    assert client.get("/embed/fr/directory").status_code == 404


# --- The snippet page --------------------------------------------------------------------------

def snippet(response) -> str:
    page = response.get_data(as_text=True)
    code = re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    return html.unescape(code)


def test_snippet_page_gives_a_ready_to_copy_iframe(client):
    response = client.get("/ms/embed?state=MY-10")
    assert response.status_code == 200
    code = snippet(response)
    assert re.fullmatch(
        r'<iframe src="http://localhost/embed/ms/directory\?state=MY-10" title="[^"]+" '
        r'width="100%" height="600" loading="lazy"></iframe>', code), code
    page = response.get_data(as_text=True)
    assert '<iframe class="embed-preview" src="/embed/ms/directory?state=MY-10"' in page
    assert 'name="state"' in page and 'name="service"' in page and 'name="widget_lang"' in page


def test_snippet_follows_the_chosen_filters_and_language(client):
    code = snippet(client.get("/en/embed?state=MY-12&service=crisis-helpline&service=youth-support"
                              "&widget_lang=ms"))
    assert ('src="http://localhost/embed/ms/directory?state=MY-12&service=crisis-helpline'
            '&service=youth-support"') in code
    assert 'src="http://localhost/embed/en/directory"' in snippet(client.get("/en/embed"))
    # Values we do not know are left out rather than copied into someone's site.
    assert 'src="http://localhost/embed/en/directory"' in snippet(
        client.get("/en/embed?state=MY-99&widget_lang=xx"))


def test_snippet_page_works_without_javascript_and_with_the_site_chrome(client):
    page = client.get("/en/embed").get_data(as_text=True)
    assert 'id="quick-exit"' in page and 'class="site-header"' in page
    assert '<form class="filters embed-form" action="/en/embed" method="get">' in page


# --- Links to the open data ----------------------------------------------------------------------

def test_footer_links_to_the_open_data_page(client):
    page = client.get("/en/").get_data(as_text=True)
    assert '<a href="/en/open-data">Open data (API)</a>' in page


def test_open_data_page(client):
    response = client.get("/ms/open-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for href in ("/api/v1/", "/api/v1/services", "/api/v1/openapi.json", "/api/v1/profile",
                 "/api/v1/export.csv", "/api/v1/export.zip", "/ms/embed",
                 "https://creativecommons.org/licenses/by/4.0/"):
        assert f'href="{href}"' in page, href
    assert ("curl -s 'http://localhost/api/v1/services?state=MY-10&amp;service=crisis-helpline"
            "&amp;locale=ms' | python -m json.tool") in page
