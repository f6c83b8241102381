"""Languages: /<lang>/ routing, the root redirect, the switch, content fallback."""

import re

import pytest
from babel.support import Translations

from directory.config import ROOT
from directory.extensions import db
from helpers.factories import make_service

MALAY = Translations.load(str(ROOT / "translations"), ["ms"])


@pytest.mark.parametrize("accept, target", [
    ("en-GB,en;q=0.9", "/en/"),
    ("ms-MY,ms;q=0.9,en;q=0.5", "/ms/"),
    ("zh-CN,zh;q=0.9", "/ms/"),  # not offered: the default
    ("", "/ms/"),
    ("fr;q=0.9, en;q=0.1", "/en/"),
])
def test_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302
    assert response.headers["Location"] == target
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/fr/", "/xx/directory", "/EN/", "/english/services/befrienders-kuala-lumpur"])
def test_unknown_language_is_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/{}/", "/{}/directory", "/{}/services/befrienders-kuala-lumpur", "/{}/nope"])
@pytest.mark.parametrize("lang", ["ms", "en"])
def test_html_lang_matches_the_url(client, path, lang):
    html = client.get(path.format(lang)).get_data(as_text=True)
    assert f'<html lang="{lang}" ' in html


def test_malay_pages_are_really_in_malay(client):
    html = client.get("/ms/directory").get_data(as_text=True)
    for english in ("Find help", "Show results", "Skip to main content"):
        malay = MALAY.gettext(english)
        assert malay != english, f"{english!r} has no Malay translation"
        assert malay in html
        assert english not in html
    assert re.search(MALAY.ngettext("%(num)s service found", "%(num)s services found", 2)
                     % {"num": r"\d+"}, html)


def test_language_switch_keeps_page_and_filters(client):
    html = client.get("/en/directory?state=MY-08&service=counselling&service=youth-support&q=a%20b").get_data(as_text=True)
    switch = re.search(r'<nav id="lang-switch".*?</nav>', html, re.S).group(0)
    assert 'href="/ms/directory?state=MY-08&amp;service=counselling&amp;service=youth-support&amp;q=a+b"' in switch
    assert 'lang="ms" hreflang="ms"' in switch
    assert re.search(r'href="/en/directory\?[^"]*" lang="en" hreflang="en" aria-current="true"', switch)


def test_language_switch_on_every_page(client):
    for path in ("/en/", "/en/services/talian-heal-15555", "/en/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        target = path.replace("/en/", "/ms/", 1) if "no-such" not in path else "/ms/"
        assert f'href="{target}"' in html, path


def test_missing_translation_falls_back_with_lang_attribute(app, client):
    with app.app_context():
        make_service(slug="english-only", name_en="English Only Line", name_ms=None,
                     description_en="Only described in English.", description_ms=None)
        db.session.commit()
    html = client.get("/ms/services/english-only").get_data(as_text=True)
    assert '<h1 id="service-name" lang="en">English Only Line</h1>' in html
    assert '<p class="lead" lang="en">Only described in English.</p>' in html
    listing = client.get("/ms/directory?q=english").get_data(as_text=True)
    assert 'lang="en">English Only Line</a>' in listing
    # On the English page the same text needs no marker.
    assert '<h1 id="service-name">English Only Line</h1>' in client.get("/en/services/english-only").get_data(as_text=True)


def test_dates_are_formatted_for_the_locale(client):
    assert "24 November 2026" in client.get("/ms/services/befrienders-kuala-lumpur").get_data(as_text=True)
    assert "November 24, 2026" in client.get("/en/services/befrienders-kuala-lumpur").get_data(as_text=True)
