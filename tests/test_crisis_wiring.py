"""Every text entry gets the same crisis signal: the search page, the directory's `q` and the
widget's `q`; each counts once a day per category and keeps nothing else."""

import logging

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.models import CrisisSignalCount

# Phrasings the old term list missed: described, shorthand, third person.
DESCRIBED = [
    ("aq dh x larat nk idup", "suicide"),
    ("my daughter keeps cutting herself", "self_harm"),
    ("dah 4 hari x mkn supaya kurus", "eating_disorder"),
]
PAGES = ["/en/search", "/ms/directory", "/embed/en/directory"]


def counts(app) -> set[tuple[str, int]]:
    with app.app_context():
        return {(r.category, r.count) for r in db.session.scalars(sa.select(CrisisSignalCount))}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("q", "category"), DESCRIBED)
def test_every_text_entry_shows_the_panel(app, client, path, q, category):
    response = client.get(path, query_string={"q": q})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="crisis-panel"' in html
    assert counts(app) == {(category, 1)}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("q", ["kaunseling kl", "hospital bahagia", "mati ketawa", "puasa ramadan"])
def test_ordinary_text_shows_no_panel_and_counts_nothing(app, client, path, q):
    html = client.get(path, query_string={"q": q}).get_data(as_text=True)
    assert 'id="crisis-panel"' not in html
    assert counts(app) == set()


def test_widget_panel_links_leave_the_frame(client):
    html = client.get("/embed/en/directory", query_string={"q": "nak bunuh diri"}).get_data(
        as_text=True)
    assert '<base target="_blank">' in html
    assert html.index('id="crisis-panel"') < html.index('class="result-count"')


def test_counting_a_signal_does_not_reload_the_directory(client, count_queries):
    """The counter writes on its own transaction: a crisis `q` costs one statement more than
    an ordinary one, not a reload of every service on the page."""
    client.get("/en/directory?q=kaunseling")  # warm the reference caches
    with count_queries() as ordinary:
        client.get("/en/directory?q=kaunseling")
    with count_queries() as crisis:
        response = client.get("/en/directory?q=aku+nak+bunuh+diri+kaunseling")
    assert 'id="crisis-panel"' in response.get_data(as_text=True)
    writes = [s for s in crisis if s.lstrip().upper().startswith("INSERT")]
    assert len(writes) == 1
    assert len(crisis) <= len(ordinary) + 2, crisis


def test_nothing_of_the_query_is_kept_or_logged(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    for path in PAGES:
        client.get(path, query_string={"q": "qwzx aq nk mati"})
    assert counts(app) == {("suicide", 3)}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                assert "qwzx" not in repr(row).lower()
    for record in caplog.records:
        assert "qwzx" not in record.getMessage()
