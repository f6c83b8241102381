"""Layer 1: read a query the way a person meant it, as a list of canonical words.

Steps, each cheap and pure:
1. The shared `textnorm` normalisation (case, accents, punctuation), with "@"/"$" and digits
   inside words read as letters ("k1ll", "$elf") and "*" inside a word as a hidden letter
   ("s*icide": resolved against the lexicon's words).
2. Stretched letters squeezed ("matiiii", "pleaseeee", "killl"): runs of three or more become
   two or one, whichever is a known word.
3. Chat shorthand read as words from the reviewed lexicon `data/shorthand.json`
   ("x" -> "tak", "nk" -> "nak", "aq" -> "aku", "kms" -> "kill myself"). A lone "2" or "4"
   before a word is "to"/"for", but not before a number or a unit ("2 hari").
4. Each word reduced to a root the lexicon knows: English inflection ("dying" -> "die",
   "purging" -> "purge", "cuts" -> "cut") and Malay affixes ("membunuh" -> "bunuh",
   "makanan" -> "makan", "terjun" stays, "matilah" -> "mati", "hidupku" -> "hidup"). A suffix
   or prefix is only removed when what is left is a known root, so ordinary words survive.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from directory.search.textnorm import edit_distance, normalize

from .lexicon import IRREGULAR, KILL, ROOTS, SH_STRONG, SH_WEAK
from ..web.caches import memoized

ACCIDENTAL_ROOTS = SH_STRONG | SH_WEAK | KILL

SHORTHAND_PATH = Path(__file__).resolve().parent / "data" / "shorthand.json"

_STRETCH = re.compile(r"(\w)\1{2,}")
_HIDDEN = re.compile(r"(?<=[a-z])[*#]+(?=[a-z])|^[*#]+(?=[a-z])")
_LEET_SYMBOLS = re.compile(r"(?<=[a-z])[@$!|]|[@$](?=[a-z])")
_LEET_SYMBOL_MAP = {"@": "a", "$": "s", "!": "i", "|": "l"}
_LEET_DIGITS = str.maketrans("01345789", "oieastbg")
_UNITS = frozenset(
    "hari days day hours hour jam minggu week weeks bulan month months tahun years year kali "
    "times biji pills pil tablet tablets kg kilo kcal calories kalori cal x".split())

_EN_SUFFIXES = ("ing", "ed", "es", "s", "er", "ly")
_MS_PREFIXES = ("memper", "member", "meng", "meny", "mem", "men", "me", "ber", "ter", "di",
                "pen", "pem", "pe", "ke", "se")
_MS_SUFFIXES = ("kanlah", "kan", "lah", "kah", "nya", "an", "ku", "mu", "i")
# meny- and pen- replace an initial s/t/p: "menyiksa" -> "siksa", "menikam" -> "tikam".
_PREFIX_RESTORE = {"meny": "s", "men": "t", "mem": "p", "pen": "t", "pem": "p", "peny": "s"}


@memoized("crisis_shorthand")
def shorthand() -> dict[str, str]:
    """The reviewed shorthand lexicon: spelling -> the word(s) it stands for."""
    data = json.loads(SHORTHAND_PATH.read_text(encoding="utf-8"))
    return {key: value for key, value in data["words"].items()}


def _squeeze(word: str) -> str:
    if not _STRETCH.search(word):
        return word
    two = _STRETCH.sub(r"\1\1", word)
    one = _STRETCH.sub(r"\1", word)
    table = shorthand()
    for candidate in (two, one):
        if candidate in table or stem(candidate) in ROOTS:
            return candidate
    return one


def stem(word: str) -> str:
    """The root the lexicon knows for `word`, or `word` itself."""
    if word in ROOTS:
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            for candidate in (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else None):
                if candidate and candidate in ROOTS:
                    return candidate
            if suffix == "ies" or (suffix == "ed" and base.endswith("i")):
                if base[:-1] + "y" in ROOTS:
                    return base[:-1] + "y"
    candidates = [word]
    for suffix in _MS_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            candidates.append(word[: -len(suffix)])
    for form in list(candidates):
        for prefix in _MS_PREFIXES:
            if form.startswith(prefix) and len(form) - len(prefix) >= 4:
                rest = form[len(prefix):]
                candidates.append(rest)
                if prefix in _PREFIX_RESTORE:
                    candidates.append(_PREFIX_RESTORE[prefix] + rest)
                if prefix in ("meng", "peng") and rest[:1] in "aeiou":
                    candidates.append("k" + rest)
    for form in candidates[1:]:
        if form in ROOTS:
            return form
        if form in IRREGULAR:
            return IRREGULAR[form]
    return word


def _unhide(word: str) -> str:
    """"s*icide" -> "suicide" when exactly one lexicon root fits the hidden letters."""
    parts = _HIDDEN.split(word)
    pattern = re.compile("^" + ".{1,2}".join(re.escape(part) for part in parts) + "$")
    fits = [root for root in ROOTS if pattern.match(root)]
    return fits[0] if len(fits) == 1 else _HIDDEN.sub("", word)


def _split(text: str) -> list[str]:
    text = text.casefold()
    text = _LEET_SYMBOLS.sub(lambda found: _LEET_SYMBOL_MAP[found.group()], text)
    words = []
    for raw in text.split():
        if _HIDDEN.search(raw):
            raw = _unhide(re.sub(r"[^a-z*#]", "", raw) or raw)
        words.extend(normalize(raw).split())
    return words


@memoized("crisis_spelled_out")
def _spelled_out() -> frozenset[str]:
    return frozenset(w for value in shorthand().values() for w in value.split())


def _known(word: str) -> bool:
    return (word in shorthand() or word in _spelled_out() or word in IRREGULAR
            or word in _UNITS or stem(word) in ROOTS)


def _unleet(word: str) -> list[str]:
    """Digits in a word: a number glued to a word ("3hari", "makan3") is split; otherwise
    digits are letters ("k1ll", "d13")."""
    if word.isalpha() or word.isdigit() or word in shorthand():
        return [word]
    glued = re.fullmatch(r"(\d+)([a-z]+)|([a-z]+)(\d+)", word)
    if glued:
        number = glued.group(1) or glued.group(4)
        text = glued.group(2) or glued.group(3)
        if _known(text):
            return [number, text] if glued.group(1) else [text, number]
    return [word.translate(_LEET_DIGITS)]


def _by_first_letter() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for root in ROOTS | set(shorthand()) | set(IRREGULAR):
        if len(root) >= 5 and root.isalpha():
            index.setdefault(root[0], []).append(root)
    return {key: tuple(value) for key, value in index.items()}


_TYPO_INDEX = _by_first_letter()


def _correct(word: str) -> str:
    """A word of 5+ letters one slip (a missing, extra or swapped letter) from exactly one
    lexicon word is read as that word: "hersefl" -> "herself", "toreah" -> "toreh"."""
    if len(word) < 5 or not word.isalpha() or _known(word):
        return word
    letters = set(word)
    fits = {root for root in _TYPO_INDEX.get(word[0], ())
            if abs(len(root) - len(word)) <= 1 and len(letters ^ set(root)) <= 1
            and edit_distance(word, root, 1, substitution_cost=2) <= 1}
    return fits.pop() if len(fits) == 1 else word


# Short words that are often glued to the next or previous one: "todie", "cutsher".
_GLUE = frozenset("to for my her his me of in on the nak tak je dah aku i".split())


def _unglue(word: str) -> list[str]:
    """A word that is two known words written together is read as both: "bunuhdiri",
    "untuksembelit", "burnsherself". Each part must be a lexicon word of 3+ letters or one
    of the short words in _GLUE, and the whole must not be a known word."""
    if len(word) < 5 or not word.isalpha() or _known(word):
        return [word]
    for cut in range(2, len(word) - 1):
        left, right = word[:cut], word[cut:]
        if all(part in _GLUE or (len(part) >= 3 and _known(part)) for part in (left, right)):
            return [left, right]
    return [word]


_DISTANCE = frozenset("km kms miles mile meter meters metre m to ke per from dari jauh away".split())


def _distance_nearby(raw: list[str], position: int) -> bool:
    """"kms" is kilometres next to a number or a distance word ("5 kms", "kms to km")."""
    around = raw[max(position - 1, 0):position] + raw[position + 1:position + 2]
    return any(word.isdigit() or word in _DISTANCE for word in around)


def words(text: str) -> list[str]:
    """The canonical words of `text`, for the patterns and the model."""
    table = shorthand()
    raw = [glued for word in _split(text) for part in _unleet(word)
           for glued in _unglue(_squeeze(part))]
    out: list[str] = []
    for position, word in enumerate(raw):
        word = _correct(word)
        if word in ("2", "4"):
            following = raw[position + 1] if position + 1 < len(raw) else ""
            if following.isalpha() and following not in _UNITS:
                word = "to" if word == "2" else "for"
        if word == "kms" and _distance_nearby(raw, position):
            word = "km"
        word = table.get(word, word)
        for part in word.split():
            root = stem(part)
            # Malay ter- on a harm verb means it happened by accident: "terpotong jari".
            if part.startswith("ter") and root != part and root in ACCIDENTAL_ROOTS:
                out.append("accidentally")
            out.append(root)
    return out


def canonical(text: str) -> str:
    """`words(text)` joined by single spaces."""
    return " ".join(words(text))
