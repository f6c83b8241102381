"""PostgreSQL's word index (`services.search_vector`) finds exactly what LIKE finds.

On PostgreSQL a text query asks the indexed words of `search_text` instead of matching the
text with LIKE (search.sql_clause); these tests compare the two on the bundled data, for
word prefixes, phrases, digits and words that match nothing.
"""

import itertools

import pytest
import sqlalchemy as sa

from directory import search
from directory.extensions import db
from directory.listing.query import SEARCH_VECTOR
from directory.models import Service
from directory.search import Concept, word_query

from helpers.factories import make_service


def concept(*alternatives):
    return Concept(alternatives[0], frozenset(alternatives))


def test_a_word_is_a_prefix_and_a_phrase_is_its_words_in_a_row():
    assert word_query(concept("counsel")) == "('counsel':*)"
    assert word_query(concept("kaunseling", "counselling")) == "('counselling':* | 'kaunseling':*)"
    assert word_query(concept("bunuh diri")) == "('bunuh' <-> 'diri':*)"
    assert word_query(concept("15999")) == "('15999':*)"


@pytest.mark.parametrize("alternative", [
    "24jam", "kaunsélor", "a'b", "x:y", "", "word ", " word", "two  spaces"])
def test_words_the_index_may_split_differently_fall_back_to_like(alternative):
    assert word_query(concept("ok", alternative)) is None


@pytest.fixture
def postgresql_app(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the word index exists on PostgreSQL only")
    return app


def matching_ids(concepts, word_vector):
    clause = search.sql_clause(Service.search_text, concepts, word_vector)
    return set(db.session.scalars(sa.select(Service.id).where(clause)))


def test_the_index_keeps_every_word_of_search_text_whole(postgresql_app):
    with postgresql_app.app_context():
        rows = db.session.execute(sa.select(
            Service.search_text, sa.func.tsvector_to_array(SEARCH_VECTOR))).all()
        assert len(rows) > 20
        for text, lexemes in rows:
            assert set(lexemes) == set(text.split())


def sample_queries(texts):
    """Prefixes of words, whole words, phrases and their prefixes, taken from the data."""
    words = sorted({w for t in texts for w in t.split()})
    pairs = sorted({" ".join(p) for t in texts for p in itertools.pairwise(t.split())})
    queries = [[concept(w[:n])] for w in words[::7] for n in (2, 4) if len(w) >= n]
    queries += [[concept(w)] for w in words[3::11]]
    queries += [[concept(p)] for p in pairs[::40]] + [[concept(p[:-2])] for p in pairs[5::40]]
    queries += [[concept(a), concept(b)] for a, b in zip(words[::13], words[6::13])]
    queries += [[concept("zzzqqq")], [concept("counsel", "zzzqqq", "kaunsel")],
                [concept("talian kasih", "15999")], [concept("0")]]
    return queries


def test_the_index_finds_what_like_finds(postgresql_app):
    with postgresql_app.app_context():
        # Texts the bundled data lacks: a number inside a phrase, words that share a start.
        make_service(name_en="Talian 24 jam Kasih", description_en="kaunselor kaunseling")
        texts = db.session.scalars(sa.select(Service.search_text)).all()
        queries = sample_queries(texts)
        assert len(queries) > 150
        found_any = 0
        for concepts in queries:
            by_words = matching_ids(concepts, SEARCH_VECTOR)
            assert by_words == matching_ids(concepts, None), concepts
            found_any += bool(by_words)
        assert found_any > len(queries) // 2


def test_a_search_on_postgresql_asks_the_word_index(postgresql_app, client):
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with postgresql_app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = client.get("/en/search", query_string={"q": "counselling"})
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    listing = [s for s in statements if s.startswith("WITH matching")]
    assert len(listing) == 1
    assert "search_vector @@" in listing[0] and "LIKE" not in listing[0]
