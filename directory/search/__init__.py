"""Search: text normalisation (textnorm.py, shared with crisis/), the synonyms
(synonyms.json: Malay/English groups and place names), query parsing with typo tolerance,
and the `search_text` index kept on each service (index.py).

`from directory import search` gives the whole public API: `search.parse_text(q)`,
`search.sql_clause(...)`, `search.indexable(...)`, `search.reindex(session)`.
"""

from .index import (
    MAX_SEARCH_TERMS, SYNONYMS_PATH, Concept, ParsedQuery, SearchIndex, Synonyms, Vocabulary,
    bounded, index, indexable, init_app, matches_text, parse, parse_text, refresh_search_text,
    reindex, service_search_text, sql_clause, state_names, typo_neighbours, word_query,
)

__all__ = [
    "MAX_SEARCH_TERMS", "SYNONYMS_PATH", "Concept", "ParsedQuery", "SearchIndex", "Synonyms",
    "Vocabulary", "bounded", "index", "indexable", "init_app", "matches_text", "parse",
    "parse_text", "refresh_search_text", "reindex", "service_search_text", "sql_clause",
    "state_names", "typo_neighbours", "word_query",
]
