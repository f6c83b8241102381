"""Eating-disorder help without dead ends: urgent actions outside folds, the published 24-hour
lines in every guide, and the help page wherever the eating-disorder filter would be empty."""

import re

import pytest
import sqlalchemy as sa

from directory.content import guides
from directory import reference
from directory.extensions import db
from directory.models import Service
from helpers.factories import make_service

LANGS = ["en", "ms"]
SLUGS = ["teens", "caregivers", "educators", "talking-to-someone"]
PAGES = [f"/guides/{slug}" for slug in SLUGS] + ["/help/eating-disorders"]


def outside_folds(html: str) -> str:
    """The page as a reader sees it without opening any <details>."""
    return re.sub(r"<details\b.*?</details>", "", html, flags=re.S)


def body_of(html: str) -> str:
    start = html.index('<article class="guide"')
    return html[start:html.index("</article>", start)]


def call_now_hrefs(app) -> set[str]:
    with app.app_context():
        return {"tel:" + p.number for line in reference.call_now_lines() for p in line.phones
                if p.kind == "voice"} - {"tel:999"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_two_published_24_hour_lines_outside_folds(app, client, lang, page):
    response = client.get(f"/{lang}{page}")
    assert response.status_code == 200
    visible = outside_folds(body_of(response.get_data(as_text=True)))
    published = call_now_hrefs(app)
    shown = set(re.findall(r'href="(tel:[^"]+)"', visible)) - {"tel:999"}
    assert len(shown) >= 2 and shown <= published
    with app.app_context():
        heal = db.session.scalar(sa.select(Service).where(Service.slug == "talian-heal-15555"))
        assert not heal.is_24_7
    assert "tel:15555" not in visible  # not open all night: never offered as a 24-hour line


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", LANGS)
def test_urgent_actions_are_visible_without_opening_a_fold(client, slug, lang):
    visible = outside_folds(body_of(client.get(f"/{lang}/guides/{slug}").get_data(as_text=True)))
    words = {
        "en": ["Call 999", "emergency department", "blood in their vomit", "Ask them directly",
               "Stay with them", "Do not keep it secret", "Call a 24-hour line together",
               "Self-harm", "See a doctor urgently", "dizziness on standing", "fainting" if slug != "talking-to-someone" else "faints",
               "will not get anyone into trouble with the law"],
        "ms": ["Hubungi 999", "jabatan kecemasan", "darah dalam muntahnya", "Tanya dia secara terus",
               "Temani dia", "Jangan rahsiakannya", "Hubungi talian 24 jam bersama-sama",
               "Mencederakan diri sendiri", "Jumpa doktor dengan segera", "pening apabila berdiri", "pengsan",
               "berdepan masalah dengan undang-undang"],
    }[lang]
    for word in words:
        assert word.lower() in visible.lower(), word


def test_teens_guide_starts_with_talk_to_someone_now(client):
    for lang, heading, friend in (("en", "Talk to someone now", "If a friend tells you"),
                                  ("ms", "Bercakap dengan seseorang sekarang", "Jika kawan memberitahu anda")):
        html = body_of(client.get(f"/{lang}/guides/teens").get_data(as_text=True))
        first = re.search(r"<h2[^>]*>(.*?)</h2>", html).group(1)
        assert first == heading
        assert friend in outside_folds(html)


def test_an_unpublished_line_disappears_from_the_guides(app, client):
    before = client.get("/en/guides/caregivers").get_data(as_text=True)
    assert 'href="tel:+60376272929"' in before
    with app.app_context():
        line = db.session.scalar(sa.select(Service).where(Service.slug == "befrienders-kuala-lumpur"))
        line.is_published = False
        db.session.commit()
        reference.forget()
    after = client.get("/en/guides/caregivers").get_data(as_text=True)
    assert 'href="tel:+60376272929"' not in after
    assert 'href="tel:15999"' in outside_folds(body_of(after))


def test_lines_block_renders_from_data_and_falls_back_to_999(app):
    guide = guides.Guide("t", "en", "T", "s", "everyone", None, "", None, "::: lines-24h\n:::\n")
    with app.test_request_context("/en/guides/t"):
        lines = reference.call_now_lines()
        html = guides.render(guide, "en", guides.SiteData(lines=lines))
        assert html.count("<li>") == len(lines) >= 2
        empty = guides.render(guide, "en", guides.SiteData())
    assert 'href="tel:999"' in empty and "<li>" not in empty


@pytest.mark.parametrize("lang", LANGS)
def test_help_page_renders_in_both_languages(client, lang):
    response = client.get(f"/{lang}/help/eating-disorders")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    text = {"en": ["Klinik Kesihatan", "child and adolescent psychiatry", "general advice",
                   "This is information, not a diagnosis.", "not yet reviewed by a clinician"],
            "ms": ["Klinik Kesihatan", "psikiatri kanak-kanak dan remaja", "nasihat umum",
                   "Ini maklumat, bukan diagnosis."]}[lang]
    for words in text:
        assert words in html, words
    assert f'href="/{lang}/directory?service=counselling"' in html
    assert f'href="/{lang}/directory?service=youth-support"' in html


@pytest.mark.parametrize("query", ["service=eating-disorder", "service=eating-disorder&state=MY-03",
                                   "service=eating-disorder&page=2",
                                   "service=eating-disorder&service=counselling&state=MY-01"])
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("lang", LANGS)
def test_eating_disorder_filter_leads_to_the_help_page(client, query, htmx, lang):
    headers = {"HX-Request": "true"} if htmx else {}
    html = client.get(f"/{lang}/directory?{query}", headers=headers).get_data(as_text=True)
    assert f'href="/{lang}/help/eating-disorders"' in html
    assert 'id="ed-help-heading"' in html


def test_once_an_eating_disorder_service_is_published_the_filter_lists_it(app, client):
    with app.app_context():
        make_service(types=("eating-disorder",), slug="test-ed-service")
        db.session.commit()
        reference.forget()
    html = client.get("/en/directory?service=eating-disorder").get_data(as_text=True)
    assert "test-ed-service" in html and 'id="ed-help-heading"' not in html


@pytest.mark.parametrize("lang", LANGS)
def test_crisis_panel_for_an_eating_disorder_search_leads_to_the_help_page(client, lang):
    for url in (f"/{lang}/search?q=anorexia", f"/{lang}/directory?q=anorexia"):
        html = client.get(url).get_data(as_text=True)
        panel = html[html.index('id="crisis-panel"'):]
        panel = panel[:panel.index("</section>")]
        assert f'href="/{lang}/help/eating-disorders"' in panel
        assert "service=eating-disorder" not in panel


@pytest.mark.parametrize("lang", LANGS)
def test_no_guide_link_ends_on_an_empty_filter(client, lang):
    for page in PAGES:
        html = client.get(f"/{lang}{page}").get_data(as_text=True)
        for href in set(re.findall(rf'href="(/{lang}/(?:directory|help|guides|services)[^"]*)"', html)):
            href = href.replace("&amp;", "&")
            response = client.get(href)
            assert response.status_code == 200, (page, href)
            if href.startswith(f"/{lang}/directory"):
                assert 'class="cards"' in response.get_data(as_text=True), (page, href)


def test_empty_result_always_offers_a_way_on(client):
    html = client.get("/en/directory?service=suicide-prevention&state=MY-03&speaks=ta").get_data(as_text=True)
    if 'class="cards"' not in html:
        assert 'href="/en/directory"' in html and 'id="crisis-lines-heading"' in html
        assert 'href="/en/directory?service=suicide-prevention"' in html
