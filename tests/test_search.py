"""/<lang>/search: both languages, forgiving input, the crisis panel first, nothing kept."""

import logging
import re

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.models import CrisisSignalCount


def service_slugs(html: str) -> list[str]:
    return re.findall(r'href="/(?:ms|en)/services/([a-z0-9-]+)"', html)


def search(client, q, lang="en"):
    response = client.get(f"/{lang}/search", query_string={"q": q})
    return response, response.get_data(as_text=True)


@pytest.mark.parametrize("q, expected", [
    ("befrienders", "befrienders-kuala-lumpur"),
    ("BEFRIENDERS ipoh", "befrienders-ipoh"),
    ("  befrienders    ipoh  ", "befrienders-ipoh"),
    ("kaunseling", "malaysian-mental-health-association"),  # Malay name of a type
    ("counselling", "moh-mhpss-psychosocial-support-line"),
    ("counseling", "moh-mhpss-psychosocial-support-line"),  # US spelling, via synonyms
    ("kaunselling", "moh-mhpss-psychosocial-support-line"),  # a typo
    ("befreinders", "befrienders-kuala-lumpur"),  # a transposition
    ("keganasan rumah tangga", "womens-aid-organisation"),
    ("domestic violence", "talian-kasih-15999"),  # English synonym of a Malay phrase
    ("perak", "befrienders-ipoh"),  # a state name
    ("pulau pinang", "womens-aid-organisation"),  # nationwide services serve Penang too
    ("sabah youth", "kawan-bah-careline-sabah"),
    ("women's aid", "womens-aid-organisation"),  # punctuation
    ("Kanak-kanak", "buddy-bear-childline"),
    ("kanak kanak", "buddy-bear-childline"),  # spacing
    ("kuala lumpur", "malaysian-mental-health-association"),
    ("kl counselling", "malaysian-mental-health-association"),
])
def test_finds_services_in_both_languages(client, q, expected):
    response, html = search(client, q)
    assert response.status_code == 200
    assert expected in service_slugs(html)


def test_accents_are_ignored(client):
    _, html = search(client, "kaunséling")
    assert "malaysian-mental-health-association" in service_slugs(html)


def test_organisation_names_are_searched(app, client):
    from directory.models import Service

    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "sneham-malaysia"))
        service.organization.name_en = "Kebajikan Zebra Trust"
        service.name_en = service.name_en  # touch the service so its search text refreshes
        db.session.commit()
    assert "sneham-malaysia" in service_slugs(search(client, "zebra")[1])


def test_unpublished_services_are_never_found(client):
    for q in ("miasa", "relate", "befrienders melaka"):
        html = search(client, q)[1]
        assert "miasa" not in service_slugs(html) and "relate-malaysia" not in service_slugs(html)
        assert "befrienders-melaka" not in service_slugs(html)


def test_finds_guides(client):
    _, html = search(client, "eating disorder")
    assert 'href="/en/guides/caregivers"' in html
    _, html = search(client, "gangguan makan", lang="ms")
    assert 'href="/ms/guides/teens"' in html


def test_nothing_found_says_what_to_do(client):
    response, html = search(client, "xylophone quartz")
    assert response.status_code == 200
    assert "0 services found" in html and 'href="/en/directory"' in html
    assert 'id="crisis-panel"' not in html


def test_empty_and_overlong_queries(client):
    response, html = search(client, "")
    assert response.status_code == 200 and 'id="crisis-panel"' not in html
    response, html = search(client, "x" * 201)
    assert response.status_code == 400
    assert "Please use at most 200 characters." in html
    assert 'value="' + "x" * 201 + '"' in html  # what was typed is kept


@pytest.mark.parametrize("q, lang", [
    ("i want to die", "en"), ("nak bunuh diri", "ms"), ("bunuhdiri", "ms"),
    ("self harm", "en"), ("kelar tangan", "ms"), ("proana", "en"), ("anoreksia", "ms"),
    ("SUICIDE", "en"), ("su1cide", "en"),
])
def test_crisis_search_opens_with_the_crisis_panel(client, q, lang):
    _, html = search(client, q, lang)
    panel = html.find('id="crisis-panel"')
    assert panel != -1
    main = html.index('<main id="main"')
    first_result = html.find('class="result-count"')
    assert main < panel < first_result
    section = html[panel:html.index("</section>", panel)]
    assert 'href="tel:+60376272929"' in section and 'href="tel:999"' in section
    assert "call 999" in section.lower() or "hubungi 999" in section.lower()


def test_panel_links_fit_the_signal(client):
    _, html = search(client, "pro ana tips")
    panel = html[html.index('id="crisis-panel"'):]
    panel = panel[:panel.index("</section>")]
    # No eating-disorder service is published: the panel leads to the help page, not an empty filter.
    assert 'href="/en/help/eating-disorders"' in panel
    assert 'service=eating-disorder' not in panel
    assert 'href="/en/guides/"' in panel
    _, html = search(client, "want to kill myself")
    panel = html[html.index('id="crisis-panel"'):]
    panel = panel[:panel.index("</section>")]
    assert 'href="/en/directory?service=suicide-prevention"' in panel
    assert "service=eating-disorder" not in panel


@pytest.mark.parametrize("q", ["counselling", "kaunseling", "family support", "befrienders penang",
                               "makan", "eating", "depression", "kemurungan", "hospital"])
def test_ordinary_searches_never_show_the_panel(client, q):
    assert 'id="crisis-panel"' not in search(client, q)[1]


def test_directory_text_filter_shows_the_panel_too(client):
    html = client.get("/ms/directory?q=nak+mati", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert html.index('id="crisis-panel"') < html.index('class="result-count"')


def test_only_a_daily_count_per_category_is_kept(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    search(client, "i want to die qwzx")
    search(client, "nak bunuh diri qwzx")
    search(client, "proana qwzx")
    search(client, "counselling qwzx")
    with app.app_context():
        rows = {(r.category, r.count) for r in db.session.scalars(sa.select(CrisisSignalCount))}
        assert rows == {("suicide", 2), ("eating_disorder", 1)}
        # Nothing anywhere in the database holds the query text.
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                assert "qwzx" not in repr(row).lower()
    for record in caplog.records:
        assert "qwzx" not in record.getMessage()


def test_same_box_on_every_page(client):
    for path in ("/en/", "/en/directory", "/en/services/befrienders-kuala-lumpur", "/en/guides/", "/en/sessions"):
        html = client.get(path).get_data(as_text=True)
        assert '<form class="site-search" role="search" action="/en/search" method="get">' in html, path
        assert 'id="site-search-q" name="q"' in html


def test_query_is_kept_in_the_box(client):
    _, html = search(client, "befrienders <b>")
    assert 'value="befrienders &lt;b&gt;"' in html


def test_words_match_from_their_start_not_inside_other_words(client):
    # "mati" must not find guides because "maklumat" (information) contains it.
    _, html = search(client, "mati", lang="ms")
    guides_section = html[html.index('id="guides-heading"'):]
    assert "/ms/guides/" not in guides_section


def test_development_server_logs_drop_query_strings():
    import logging

    from directory.web.logs import DropQueryStrings

    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s',
                               ("GET /en/search?q=i+want+to+die HTTP/1.1", "200", "-"), None)
    DropQueryStrings().filter(record)
    assert record.getMessage() == '"GET /en/search HTTP/1.1" 200 -'


def test_gunicorn_access_log_has_no_query_string():
    from pathlib import Path

    config = (Path(__file__).parents[1] / "gunicorn.conf.py").read_text()
    assert "%(U)s" in config and "%(r)s" not in config and "%(q)s" not in config
