"""Text search over services and guides, in both languages.

Text is normalised (case, accents, punctuation) into a `search_text` kept on each service.
A query is split into concepts (a word, or a phrase from the synonym list); each concept is
expanded with its synonyms in both languages and, when it is not a known word, with the known
words one or two typos away. A service matches when every concept matches somewhere.

Nothing here stores or logs the query.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from ..web import caches
from .textnorm import edit_distance, normalize

SYNONYMS_PATH = Path(__file__).parent / "synonyms.json"
STOPWORDS = frozenset(
    "a an and the of for to in on at with my me i is are di ke dan untuk yang dengan ini itu "
    "saya aku nak mahu ada atau dari kepada".split()
)
VOCABULARY_TTL = 300  # seconds; new services become typo-correctable within five minutes
# The cost of a text search grows with its words; past this many, the rest are not searched
# for (the crisis check still reads the whole text).
MAX_SEARCH_TERMS = 8


@dataclass(frozen=True)
class Concept:
    """One part of a query and the normalised strings that count as a match for it."""

    text: str
    alternatives: frozenset[str]


@dataclass(frozen=True)
class ParsedQuery:
    concepts: list[Concept]
    state: str | None  # a place named in the query: ISO 3166-2:MY code


class Synonyms:
    """Synonym groups, and place names that stand for a state."""

    def __init__(self, groups: list[list[str]], places: dict[str, list[str]] | None = None):
        self.by_phrase: dict[str, frozenset[str]] = {}
        for group in groups:
            members = frozenset(normalize(p) for p in group)
            for member in members:
                self.by_phrase[member] = self.by_phrase.get(member, frozenset()) | members
        self.places = {normalize(name): code for code, names in (places or {}).items()
                       for name in names}
        self.longest = max((len(p.split()) for p in (*self.by_phrase, *self.places)), default=1)

    @classmethod
    def from_file(cls, path: Path = SYNONYMS_PATH) -> Synonyms:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["groups"], data.get("places"))


def indexable(*texts: str | None) -> str:
    """The `search_text` for some content: normalised words, plus each pair of neighbours
    written together, so "self harm" is found as "selfharm" and the other way round.

    It starts with a space: a query word matches the start of a word (" counsel" finds
    "counselling"), never the middle of one ("mati" must not find "maklumat").
    """
    words = normalize(" ".join(t for t in texts if t)).split()
    pairs = [a + b for a, b in zip(words, words[1:])]
    return " " + " ".join(words + pairs)


class Vocabulary:
    """The words in published content, grouped by first letter and length for typo lookups."""

    def __init__(self, words):
        self.words = frozenset(words)
        self.buckets: dict[tuple[str, int], list[str]] = {}
        for word in self.words:
            self.buckets.setdefault((word[0], len(word)), []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def near(self, word: str, limit: int):
        """Known words of a similar length with the same first letter (a typo rarely starts
        a word, and comparing with every word would cost too much)."""
        for length in range(len(word) - limit, len(word) + limit + 1):
            yield from self.buckets.get((word[0], length), ())


def typo_neighbours(word: str, vocabulary: Vocabulary) -> set[str]:
    if len(word) < 4 or word in vocabulary:
        return set()
    limit = 1 if len(word) < 8 else 2
    return {v for v in vocabulary.near(word, limit) if edit_distance(word, v, limit) <= limit}


def parse(query: str, synonyms: Synonyms, vocabulary: Vocabulary) -> ParsedQuery:
    """Split a query into concepts (longest phrases first) and a place, if it names one."""
    words = normalize(query).split()
    found: list[Concept] = []
    state = None
    i = 0
    while i < len(words):
        for size in range(min(synonyms.longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + size])
            if phrase in synonyms.places:
                state = state or synonyms.places[phrase]
                i += size
                break
            if phrase in synonyms.by_phrase:
                found.append(Concept(phrase, synonyms.by_phrase[phrase]))
                i += size
                break
        else:
            word = words[i]
            i += 1
            if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
                continue
            alternatives = {word} | typo_neighbours(word, vocabulary)
            for alt in list(alternatives):
                alternatives |= synonyms.by_phrase.get(alt, frozenset())
            found.append(Concept(word, frozenset(alternatives)))
    return ParsedQuery(found, state)


def matches_text(search_text: str, query_concepts: list[Concept]) -> bool:
    """Python twin of sql_clause(), for content that is not in the database (guides)."""
    return all(
        any(" " + alt in search_text for alt in c.alternatives) for c in query_concepts
    )


def sql_clause(column, query_concepts: list[Concept], word_vector=None):
    """Every concept matches `column` (a `search_text`) somewhere, as matches_text() says.

    `word_vector`: PostgreSQL's words of that column (`services.search_vector`), when there
    is one. Concepts made of plain words are asked of it, which its index answers without
    reading every text; the rest (and everything on SQLite) use LIKE. The rows are the same.
    """
    clauses, words = [], []
    for concept in query_concepts:
        query = word_query(concept) if word_vector is not None else None
        if query is None:
            clauses.append(sa.or_(*(column.contains(" " + alt, autoescape=True)
                                 for alt in sorted(concept.alternatives))))
        else:
            words.append(query)
    if words:
        clauses.insert(0, word_vector.bool_op("@@")(
            sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), " & ".join(words))))
    return sa.and_(*clauses)


# Words PostgreSQL's parser keeps whole, as `search_text` writes them. Others (non-ASCII
# letters, digits glued to letters) it may split differently, so they are matched with LIKE.
_PLAIN_WORD = re.compile(r"[a-z]+|[0-9]+")


def word_query(concept: Concept) -> str | None:
    """`concept` as a tsquery over the words of `search_text`: any of its alternatives, each a
    word prefix (" counsel" starts a word) or, for a phrase, its words in a row with the last
    one a prefix. None when an alternative is not made of plain words."""
    parts = []
    for alternative in sorted(concept.alternatives):
        words = alternative.split(" ")
        if not all(_PLAIN_WORD.fullmatch(word) for word in words):
            return None
        parts.append(" <-> ".join(f"'{word}'" for word in words) + ":*")
    return "(" + " | ".join(parts) + ")"


# The synonyms change only with a deploy; the vocabulary follows the published services.
INDEX = caches.register(caches.Cache("search"))
VOCABULARY = caches.register(caches.Cache("search_vocabulary", expiry=caches.after(VOCABULARY_TTL)))


class SearchIndex:
    """Per-process state for search: synonyms and the vocabulary for typo correction."""

    def __init__(self, synonyms: Synonyms):
        self.synonyms = synonyms

    def vocabulary(self, load_texts) -> Vocabulary:
        return VOCABULARY.get("words", lambda: self.build_vocabulary(load_texts))

    def build_vocabulary(self, load_texts) -> Vocabulary:
        words: set[str] = {w for phrase in self.synonyms.by_phrase for w in phrase.split()}
        for text in load_texts():
            words.update(w for w in text.split() if 3 <= len(w) <= 30 and w.isalpha())
        return Vocabulary(words)

    def invalidate(self) -> None:
        VOCABULARY.clear()


def index() -> SearchIndex:
    return INDEX.get("index", lambda: SearchIndex(Synonyms.from_file()))


def bounded(q: str) -> str:
    return " ".join(q.split()[:MAX_SEARCH_TERMS])


def parse_text(q: str) -> ParsedQuery:
    """A visitor's query (its first MAX_SEARCH_TERMS words), parsed with this process's
    synonyms and the vocabulary of published services."""
    from ..extensions import db
    from ..queries import published_search_texts

    q = bounded(q)
    search_index = index()
    vocabulary = search_index.vocabulary(lambda: db.session.scalars(published_search_texts()))
    return parse(q, search_index.synonyms, vocabulary)


def service_search_text(service, state_names: dict[str, tuple[str, str]]) -> str:
    organization = service.organization
    places = [name for code in service.state_codes for name in state_names.get(code, ())]
    return indexable(
        service.name_en, service.name_ms, service.alternate_name_en, service.alternate_name_ms,
        service.description_en, service.description_ms,
        organization.name_en if organization else None,
        organization.name_ms if organization else None,
        *(t.name_en for t in service.types), *(t.name_ms for t in service.types),
        *places, "nationwide seluruh negara" if service.nationwide else None,
    )


def state_names(session) -> dict[str, tuple[str, str]]:
    from ..models import State

    return {s.code: (s.name_en, s.name_ms) for s in session.scalars(sa.select(State))}


def reindex(session) -> int:
    """Bring every service's `search_text` up to date (after the rules here change)."""
    from ..models import Service

    names = state_names(session)
    changed = 0
    for service in session.scalars(sa.select(Service)):
        text = service_search_text(service, names)
        if service.search_text != text:
            service.search_text = text
            changed += 1
    return changed


def refresh_search_text(session, _flush_context=None, _instances=None) -> None:
    """Before each flush: recompute `search_text` for new and changed services."""
    from ..models import Service

    changed = [o for o in (*session.new, *session.dirty) if isinstance(o, Service)]
    if not changed:
        return
    with session.no_autoflush:
        names = state_names(session)
        for service in changed:
            service.search_text = service_search_text(service, names)


def init_app(app) -> None:
    from sqlalchemy.orm import Session

    if not sa.event.contains(Session, "before_flush", refresh_search_text):
        sa.event.listen(Session, "before_flush", refresh_search_text)
