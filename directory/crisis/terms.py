"""Layer 0, the moderators' term list: does a search query signal suicide, self-harm or an eating disorder?

A match shows the supportive crisis panel above the search results, so a miss costs far more
than a false alarm; but a panel about suicide on "want to diet" or "purring cat" would be
jarring, so typo matching is guarded.

The terms live in `data/crisis_terms.json`. `CrisisTerms` reads them once and indexes them;
`match` is then called on every search request and takes well under a millisecond.

Rules, on the normalised query and on a copy with leetspeak read as letters ("k1ll mys3lf"):

1. Phrases and spacing. A term matches when a contiguous run of query words, joined without
   spaces, equals the term without spaces. So "kill myself" matches "i want to kill myself",
   "killmyself" and "kill my self", while "kms" never matches "kmsp" and "sh tips" never
   matches "fish tips".
2. Inside a word. A term of at least 8 letters (spaces removed) also matches inside a single
   query word: "carabunuhdiri", "suicidalthoughts". Shorter terms never do.
3. Typos, counted in slips: a missing, extra or swapped letter is one slip, a wrong letter
   two. In short words a changed letter usually makes another real word ("purring" and
   "purging", "putting" and "cutting", "subside" and "suiside"), while a dropped, doubled or
   swapped letter rarely does ("sucidal", "bulimiaa"). The first letter must be right:
   people rarely get it wrong, and "inspiration" is not "thinspiration".
   - A query word against a one-word term: 1 slip when both have 5 to 7 letters, 2 (so one
     wrong letter will do) when both have at least 8. Shorter words must match exactly.
   - A phrase, of at least 8 letters without spaces, with one slip: written as one word
     ("bunuhdri"), or with the typo inside one word of at least 4 letters and the other words
     exact ("bunuh dri", "kill mysef"). Shorter phrases and words must be exact, because a
     slip there changes the meaning: "want to die" / "want to diet", "how to die" / "how to
     dive", "nak mati" / "nak mat".
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from directory.search.textnorm import edit_distance, normalize, tokens, unleet_text
from ..web.caches import memoized

CRISIS_TERMS_PATH = Path(__file__).resolve().parent.parent / "data" / "crisis_terms.json"

# Terms of at least this many letters (spaces removed) also match inside a query word.
INSIDE_MIN_LENGTH = 8
# Phrases of fewer letters than this (spaces removed) never match with a typo.
PHRASE_TYPO_MIN_LENGTH = 8
# Words of a phrase with fewer letters than this never match with a typo.
PHRASE_WORD_TYPO_MIN_LENGTH = 4
# A wrong letter counts as a missing letter plus an extra one.
SUBSTITUTION_COST = 2
# Marks the word of a phrase that may carry a typo, in `CrisisTerms.phrase_typos` keys
# (normalised words are never empty).
_SLOT = ""
_NO_CATEGORIES: frozenset[str] = frozenset()

_K = TypeVar("_K")
_V = TypeVar("_V")


def word_slips(length: int) -> int:
    """How many slips a one-word term or query word of `length` letters may carry."""
    if length >= 8:
        return 2
    return 1 if length >= 5 else 0


@dataclass(frozen=True)
class TypoCandidate:
    """A term, or one word of a phrase, that may match with up to `slips` slips."""

    form: str
    categories: frozenset[str]
    slips: int

    @functools.cached_property
    def letters(self) -> frozenset[str]:
        """The distinct letters of `form`, for a cheap test before the edit distance."""
        return frozenset(self.form)


@dataclass(frozen=True)
class CrisisTerms:
    """The crisis terms, indexed for `match`. Build once with `from_file` or `from_mapping`."""

    # Term without spaces -> categories: whole phrases and their spacing variants alike.
    exact: Mapping[str, frozenset[str]]
    # First INSIDE_MIN_LENGTH letters -> terms without spaces that start with them.
    inside: Mapping[str, tuple[str, ...]]
    # (first letter, length) -> terms a single query word may match with a typo.
    word_typos: Mapping[tuple[str, int], tuple[TypoCandidate, ...]]
    # A phrase's words with one replaced by _SLOT -> the words that may fill it with a typo.
    phrase_typos: Mapping[tuple[str, ...], tuple[TypoCandidate, ...]]
    # Every word of the phrases in `phrase_typos`, and the most words such a phrase has.
    phrase_words: frozenset[str]
    longest_phrase: int
    # Most letters in a term without spaces: bounds the runs of query words worth joining.
    longest: int
    # Category -> the directory's service-type slugs that fit it (for the crisis panel).
    service_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: Path) -> CrisisTerms:
        """Read and index a crisis-terms JSON file."""
        with path.open(encoding="utf-8") as handle:
            return cls.from_mapping(json.load(handle))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CrisisTerms:
        """Index `{"categories": {name: {"terms": {language: [term, ...]}}}}`."""
        by_words: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for category, term in _category_terms(data):
            words = tuple(tokens(term))
            if not words:
                raise ValueError(f"crisis term {term!r} ({category}) has no letters or digits")
            by_words[words].add(category)

        exact: dict[str, frozenset[str]] = {}
        inside: dict[str, list[str]] = defaultdict(list)
        word_typos: dict[tuple[str, int], list[TypoCandidate]] = defaultdict(list)
        phrase_typos: dict[tuple[str, ...], list[TypoCandidate]] = defaultdict(list)
        for words, names in by_words.items():
            categories = frozenset(names)
            form = "".join(words)
            exact[form] = exact.get(form, _NO_CATEGORIES) | categories
            if len(form) >= INSIDE_MIN_LENGTH:
                inside[form[:INSIDE_MIN_LENGTH]].append(form)
            if len(words) == 1:
                slips = word_slips(len(form))
            elif len(form) >= PHRASE_TYPO_MIN_LENGTH:
                slips = 1
                for slot, word in enumerate(words):
                    if len(word) >= PHRASE_WORD_TYPO_MIN_LENGTH:
                        key = (*words[:slot], _SLOT, *words[slot + 1 :])
                        phrase_typos[key].append(TypoCandidate(word, categories, 1))
            else:
                slips = 0
            if slips:
                word_typos[form[0], len(form)].append(TypoCandidate(form, categories, slips))

        return cls(
            exact=MappingProxyType(exact),
            inside=_frozen(inside),
            word_typos=_frozen(word_typos),
            phrase_typos=_frozen(phrase_typos),
            phrase_words=frozenset(word for words in phrase_typos for word in words) - {_SLOT},
            longest_phrase=max(map(len, phrase_typos), default=0),
            longest=max(map(len, exact), default=0),
            service_types=MappingProxyType({
                category: tuple(entry.get("service_types", ()))
                for category, entry in data["categories"].items()
            }),
        )


def _category_terms(data: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(category, term) pairs, in every language, from the data file's shape."""
    for category, entry in data["categories"].items():
        for terms in entry["terms"].values():
            for term in terms:
                yield category, term


def _frozen(index: Mapping[_K, list[_V]]) -> Mapping[_K, tuple[_V, ...]]:
    """A read-only copy of an index being built, with tuples for lists."""
    return MappingProxyType({key: tuple(values) for key, values in index.items()})


@memoized("crisis_terms")
def default_terms() -> CrisisTerms:
    """The bundled terms, read once per process."""
    return CrisisTerms.from_file(CRISIS_TERMS_PATH)


def match(query: str, terms: CrisisTerms) -> frozenset[str]:
    """The crisis categories that `query` signals; empty for ordinary queries."""
    found: set[str] = set()
    for text in {normalize(query), unleet_text(query)}:
        words = text.split()
        _match_runs(words, terms, found)
        for word in words:
            if word not in terms.exact:
                _match_inside(word, terms, found)
                _match_word_typos(word, terms, found)
        _match_phrase_typos(words, terms, found)
    return frozenset(found)


def _match_runs(words: list[str], terms: CrisisTerms, found: set[str]) -> None:
    """Terms equal to a run of consecutive words joined without spaces (rule 1)."""
    for start in range(len(words)):
        run = ""
        for word in words[start:]:
            run += word
            if len(run) > terms.longest:
                break
            found |= terms.exact.get(run, _NO_CATEGORIES)


def _match_inside(word: str, terms: CrisisTerms, found: set[str]) -> None:
    """Long terms written inside one word: "carabunuhdiri" (rule 2)."""
    for position in range(len(word) - INSIDE_MIN_LENGTH + 1):
        for form in terms.inside.get(word[position : position + INSIDE_MIN_LENGTH], ()):
            if word.startswith(form, position):
                found |= terms.exact[form]


def _match_word_typos(word: str, terms: CrisisTerms, found: set[str]) -> None:
    """Terms one query word matches with a typo: "sucidal", "bunuhdri" (rule 3)."""
    allowed = word_slips(len(word))
    if not allowed:
        return
    letters = frozenset(word)
    for length in range(len(word) - allowed, len(word) + allowed + 1):
        for candidate in terms.word_typos.get((word[0], length), ()):
            _try_typo(word, letters, candidate, min(allowed, candidate.slips), found)


def _match_phrase_typos(words: list[str], terms: CrisisTerms, found: set[str]) -> None:
    """Phrases with a typo in one word: "bunuh dri", "kill mysef" (rule 3)."""
    known = [word in terms.phrase_words for word in words]
    for size in range(2, min(len(words), terms.longest_phrase) + 1):
        for start in range(len(words) - size + 1):
            unknown = [slot for slot in range(size) if not known[start + slot]]
            # Every word but the one with the typo must be a word of some phrase.
            if len(unknown) > 1:
                continue
            window = tuple(words[start : start + size])
            for slot in unknown or range(size):
                word = window[slot]
                key = (*window[:slot], _SLOT, *window[slot + 1 :])
                for candidate in terms.phrase_typos.get(key, ()):
                    if word[0] == candidate.form[0]:
                        _try_typo(word, frozenset(word), candidate, candidate.slips, found)


def _try_typo(
    word: str, letters: frozenset[str], candidate: TypoCandidate, slips: int, found: set[str]
) -> None:
    """Add the candidate's categories when `word` is within `slips` slips of it."""
    if not slips or candidate.categories <= found:
        return
    # Each slip adds or removes at most one distinct letter: a cheap test that rules out
    # most candidates before the edit distance.
    if len(letters ^ candidate.letters) > slips:
        return
    distance = edit_distance(word, candidate.form, slips, substitution_cost=SUBSTITUTION_COST)
    if distance <= slips:
        found |= candidate.categories
