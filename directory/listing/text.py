"""The text filter `q`, parsed into search concepts (synonyms, typos, a named place)."""

from __future__ import annotations

from .. import queries, search
from ..extensions import db

# The cost of a text search grows with its words; past this many, the rest are not searched
# for (the crisis check still reads the whole text).
MAX_SEARCH_TERMS = 8


def bounded(q: str) -> str:
    return " ".join(q.split()[:MAX_SEARCH_TERMS])


def parse_text(q: str) -> search.ParsedQuery:
    q = bounded(q)
    index = search.index()
    vocabulary = index.vocabulary(lambda: db.session.scalars(queries.published_search_texts()))
    return search.parse(q, index.synonyms, vocabulary)
