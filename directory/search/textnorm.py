"""Text normalisation shared by search and the crisis matcher.

Queries arrive in Malay, English or both, typed on phones: mixed case, stray accents,
punctuation, missing or extra spaces, leetspeak and small typos. These helpers reduce text
to a comparable form; they use the standard library only.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophes join a word ("don't" -> "dont") rather than split it: ASCII, typographic,
# modifier letter, backtick, acute accent and fullwidth.
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`\u00b4\uff07]")
# Anything that is not a letter or a digit separates words ("_" counts as \w, so add it).
_SEPARATORS = re.compile(r"[\W_]+")
# "@" and "$" standing for letters: only next to a letter, so "$100" and "a @ b" are left alone.
_LEET_SYMBOLS = re.compile(r"(?<=[^\W\d_])[@$]|[@$](?=[^\W\d_])")
_LEET_SYMBOL_MAP = {"@": "a", "$": "s"}
_LEET_DIGITS = str.maketrans("0134578", "oieastb")


def normalize(text: str) -> str:
    """Strip accents, casefold and reduce every run of non-alphanumerics to one space.

    >>> normalize("  Kaunséling: SELF_harm -- don't! ")
    'kaunseling self harm dont'
    """
    # Before NFKD, which turns the acute accent into a space and a combining mark.
    text = _APOSTROPHES.sub("", text)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        # Combining marks left by NFKD are the accents; dropping them makes "é" match "e".
        text = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def tokens(text: str) -> list[str]:
    """The normalised words of `text`."""
    return normalize(text).split()


def compact(text: str) -> str:
    """The normalised text without spaces: "Bunuh  Diri" -> "bunuhdiri"."""
    return "".join(tokens(text))


def unleet(token: str) -> str:
    """Read digits as letters in a normalised token that mixes both ("su1cide" -> "suicide").

    Tokens that are all digits ("15999") or all letters come back unchanged.
    """
    has_digit = any(ch.isdigit() for ch in token)
    has_letter = any(ch.isalpha() for ch in token)
    return token.translate(_LEET_DIGITS) if has_digit and has_letter else token


def unleet_text(text: str) -> str:
    """Normalise raw text reading leetspeak as letters: "$3lf h@rm" -> "self harm".

    "@" and "$" are read before normalisation (which would drop them); digits are then read
    per token with `unleet`.
    """
    lettered = _LEET_SYMBOLS.sub(lambda found: _LEET_SYMBOL_MAP[found.group()], text)
    return " ".join(unleet(token) for token in tokens(lettered))


def edit_distance(a: str, b: str, limit: int, *, substitution_cost: int = 1) -> int:
    """Optimal string alignment distance between `a` and `b`, capped at `limit + 1`.

    Insertions, deletions and swaps of two adjacent characters cost 1 each, a substitution
    `substitution_cost` (1 gives the usual Damerau-Levenshtein OSA distance; 2 counts a wrong
    letter as a missing one plus an extra one). Any distance above `limit` is reported as
    `limit + 1`, which lets the computation stop early: only the band of cells within `limit`
    of the diagonal is filled, and it stops as soon as a whole row exceeds `limit`.
    """
    if a == b:
        return 0
    over = limit + 1
    len_a, len_b = len(a), len(b)
    if abs(len_a - len_b) > limit:
        return over
    if not len_a or not len_b:
        return max(len_a, len_b)

    before_previous: list[int] = []
    previous = [j if j <= limit else over for j in range(len_b + 1)]
    for i in range(1, len_a + 1):
        char_a = a[i - 1]
        current = [over] * (len_b + 1)
        current[0] = i if i <= limit else over
        row_min = current[0]
        for j in range(max(1, i - limit), min(len_b, i + limit) + 1):
            cost = 0 if char_a == b[j - 1] else substitution_cost
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before_previous[j - 2] + 1)
            value = min(value, over)
            current[j] = value
            row_min = min(row_min, value)
        # No cell of a later row can cost less than this row's minimum. A swap reaches back
        # two rows, but when a[i-1] == b[j-2] and a[i-2] == b[j-1], the cell d[i-1][j] costs at
        # most d[i-2][j-2] + 1 (one insertion, then a match), which is what the swap costs.
        if row_min > limit:
            return over
        before_previous, previous = previous, current
    return previous[len_b]
