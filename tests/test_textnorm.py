"""Text normalisation: normalize, tokens, compact, leetspeak and the edit distance."""

from __future__ import annotations

import itertools

import pytest

from directory.search.textnorm import compact, edit_distance, normalize, tokens, unleet, unleet_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kaunseling", "kaunseling"),
        ("kaunséling", "kaunseling"),
        ("KAUNSÉLING", "kaunseling"),
        ("naïve café", "naive cafe"),
        ("self-harm", "self harm"),
        ("self_harm", "self harm"),
        ("self   harm", "self harm"),
        ("self\tharm\n", "self harm"),
        ("  self / harm?! ", "self harm"),
        ("don't", "dont"),
        ("don’t", "dont"),
        ("women's aid", "womens aid"),
        ("I WANT TO DIE!!!", "i want to die"),
        ("nak   mati...", "nak mati"),
        ("Bunuh-diri", "bunuh diri"),
        ("ｓｕｉｃｉｄｅ", "suicide"),  # fullwidth
        ("𝐒𝐔𝐈𝐂𝐈𝐃𝐄", "suicide"),  # "bold" letters pasted from a font generator
        ("Straße", "strasse"),
        ("talian 15999", "talian 15999"),
        ("su1cide", "su1cide"),
        ("", ""),
        ("?!...", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_is_idempotent() -> None:
    for text in ["Kaunséling -- SELF_harm", "don't", "  nak   mati  ", "ＡＢＣ"]:
        assert normalize(normalize(text)) == normalize(text)


def test_tokens() -> None:
    assert tokens("  I want-to DIE!!  ") == ["i", "want", "to", "die"]
    assert tokens("...") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bunuh  Diri", "bunuhdiri"),
        ("self-harm", "selfharm"),
        ("I want to die", "iwanttodie"),
        ("pro-ana", "proana"),
        ("", ""),
    ],
)
def test_compact(text: str, expected: str) -> None:
    assert compact(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("su1cide", "suicide"),
        ("s3lf", "self"),
        ("h4rm", "harm"),
        ("k1ll", "kill"),
        ("mys3lf", "myself"),
        ("an0rexia", "anorexia"),
        ("5uicide", "suicide"),
        ("7hin5po", "thinspo"),
        ("8ulimia", "bulimia"),
        ("15999", "15999"),  # a phone number stays a number
        ("999", "999"),
        ("suicide", "suicide"),
        ("", ""),
    ],
)
def test_unleet(token: str, expected: str) -> None:
    assert unleet(token) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("s3lf h4rm", "self harm"),
        ("k1ll mys3lf", "kill myself"),
        ("$uicide", "suicide"),
        ("$elf h@rm", "self harm"),
        ("sh@me", "shame"),
        ("SU1CIDE!!", "suicide"),
        ("call 15999 now", "call 15999 now"),
        ("$100 @ home", "100 home"),  # symbols not next to a letter are not letters
    ],
)
def test_unleet_text(text: str, expected: str) -> None:
    assert unleet_text(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("suicide", "suicide", 2, 0),
        ("", "", 1, 0),
        ("", "abc", 3, 3),
        ("abc", "", 3, 3),
        ("suicide", "suicid", 2, 1),  # deletion
        ("suicide", "suicidee", 2, 1),  # insertion
        ("purging", "purring", 2, 1),  # substitution
        ("suicide", "suicdie", 2, 1),  # adjacent transposition
        ("anorexia", "anroexia", 2, 1),
        ("ca", "abc", 3, 3),  # OSA, not unrestricted Damerau-Levenshtein (which gives 2)
        ("kitten", "sitting", 3, 3),
        ("flaw", "lawn", 2, 2),
    ],
)
def test_edit_distance(a: str, b: str, limit: int, expected: int) -> None:
    assert edit_distance(a, b, limit) == expected
    assert edit_distance(b, a, limit) == expected


@pytest.mark.parametrize(
    ("a", "b", "limit"),
    [
        ("kitten", "sitting", 2),  # distance 3
        ("kitten", "sitting", 0),
        ("suicide", "decide", 1),  # distance 3
        ("abc", "abcdefgh", 2),  # lengths alone rule it out
        ("counselling", "cutting", 2),
        ("abcdefgh", "hgfedcba", 3),
    ],
)
def test_edit_distance_reports_limit_plus_one_beyond_the_limit(
    a: str, b: str, limit: int
) -> None:
    assert edit_distance(a, b, limit) == limit + 1


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("purring", "purging", 2, 2),  # a wrong letter counts twice
        ("purring", "purging", 1, 2),  # ... so with a limit of 1 it is out
        ("sucidal", "suicidal", 1, 1),  # a missing letter still counts once
        ("suicdie", "suicide", 1, 1),  # and so does a swap
        ("overcome", "overdose", 2, 3),
    ],
)
def test_edit_distance_with_costly_substitutions(
    a: str, b: str, limit: int, expected: int
) -> None:
    assert edit_distance(a, b, limit, substitution_cost=2) == expected


def _reference_osa(a: str, b: str, substitution_cost: int) -> int:
    """The full, unoptimised optimal string alignment table."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        table[i][0] = i
    for j in range(len(b) + 1):
        table[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else substitution_cost
            table[i][j] = min(
                table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[len(a)][len(b)]


@pytest.mark.parametrize("substitution_cost", [1, 2])
def test_edit_distance_agrees_with_the_full_table(substitution_cost: int) -> None:
    """The banded, early-exit version against the plain table, on every short string pair."""
    words = ["".join(letters) for n in range(5) for letters in itertools.product("ab", repeat=n)]
    words += ["abc", "bca", "cab", "acb", "abcd", "badc", "dcba"]
    for a, b in itertools.product(words, repeat=2):
        true = _reference_osa(a, b, substitution_cost)
        for limit in range(4):
            expected = true if true <= limit else limit + 1
            got = edit_distance(a, b, limit, substitution_cost=substitution_cost)
            assert got == expected, (a, b, limit)
