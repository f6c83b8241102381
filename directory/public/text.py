"""Shared by the directory and the search page: the text query and its crisis signal."""

from __future__ import annotations

from .. import queries, search
from ..crisis import default_terms, match
from ..extensions import db


def parse_text(q: str) -> search.ParsedQuery:
    index = search.index()
    vocabulary = index.vocabulary(lambda: db.session.scalars(queries.published_search_texts()))
    return search.parse(q, index.synonyms, vocabulary)


def crisis_signal(q: str) -> frozenset[str]:
    return match(q) if q else frozenset()


def crisis_service_types(categories) -> list[str]:
    """The service-type slugs that fit the signalled categories, in a stable order."""
    data = default_terms().service_types
    return list(dict.fromkeys(slug for c in sorted(categories) for slug in data.get(c, ())))
