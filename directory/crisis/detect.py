"""The layers combined: the panel shows when any layer fires.

- the moderators' term list (`terms.py`, `data/crisis_terms.json`), on the raw query;
- the patterns (`patterns.py`) on the canonical words from the normaliser (`normalise.py`);
- the classifier (`model.py`, `data/model.json`) on the same words.

Look-alikes (`patterns.LOOKALIKES`: "cutting board", "dye my hair", Ramadan fasting…) veto the
term list and the classifier for their category; the patterns carry their own exclusions.
A question about a topic (a film, a law, a statistic) with no word about a person is vetoed
for every layer.
"""

from __future__ import annotations

from . import normalise, patterns
from .model import default_model
from .terms import CrisisTerms, default_terms
from .terms import match as match_terms

_NONE: frozenset[str] = frozenset()


def _layers(query: str, terms: CrisisTerms | None) -> tuple[list[str], str, set[str], set[str]]:
    words = normalise.words(query)
    text = f" {' '.join(words)} "
    found = patterns.match(text)
    terms = terms or default_terms()
    # The term list on the raw query and on the normalised words ("gangguannn makan").
    weak = set(match_terms(query, terms)) | set(match_terms(text, terms))
    return words, text, found, weak


def rule_categories(query: str, terms: CrisisTerms | None = None) -> frozenset[str]:
    """What the term list and the patterns alone say (used to choose the model's thresholds)."""
    words, text, found, weak = _layers(query, terms)
    if patterns.about_a_topic(text):
        return _NONE
    return frozenset(found | (weak - patterns.vetoed(text)))


def match(query: str, terms: CrisisTerms | None = None) -> frozenset[str]:
    """The crisis categories that `query` signals; empty for ordinary queries. Pure."""
    if not query or not query.strip():
        return _NONE
    words, text, found, weak = _layers(query, terms)
    if not words or patterns.about_a_topic(text):
        return _NONE
    model = default_model() if terms is None else None
    if model is not None:
        weak |= model.categories(words)
    return frozenset(found | (weak - patterns.vetoed(text)))


def explain(query: str) -> dict:
    """Which layer said what, for `make crisis-eval` and debugging (never logged)."""
    words = normalise.words(query)
    text = f" {' '.join(words)} "
    model = default_model()
    return {
        "canonical": text.strip(),
        "patterns": patterns.fired(text),
        "terms": sorted(match_terms(query, default_terms())),
        "model": [round(p, 3) for p in model.probabilities(words)] if model else None,
        "vetoed": sorted(patterns.vetoed(text)),
        "topic": patterns.about_a_topic(text),
    }
