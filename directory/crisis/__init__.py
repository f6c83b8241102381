"""Crisis detection: does a search query signal suicide, self-harm or an eating disorder?

`match(query) -> frozenset of categories` is pure and takes well under a millisecond. See
`detect.py` for how the layers combine and docs/crisis.md for the data and the figures.

`crisis_signal(q)` is what the views call; counts.py keeps the only trace of it (a count per
category per day, never the text).
"""

from .detect import explain, match
from .terms import CRISIS_TERMS_PATH, CrisisTerms, default_terms

__all__ = ["CRISIS_TERMS_PATH", "CrisisTerms", "crisis_service_types", "crisis_signal",
           "default_terms", "explain", "match"]


def crisis_signal(q: str) -> frozenset[str]:
    """The crisis categories a visitor's query signals; empty for no query."""
    return match(q) if q else frozenset()


def crisis_service_types(categories) -> list[str]:
    """The service-type slugs that fit the signalled categories, in a stable order."""
    data = default_terms().service_types
    return list(dict.fromkeys(slug for c in sorted(categories) for slug in data.get(c, ())))
