"""Guides stay in step across languages: `flask translate check` and `stats` over guide files."""

import re
import shutil

import pytest

from directory.content.guide_check import compare, outline
from directory.content.guides import GUIDES_DIR

from helpers.apps import make_app

SOURCE = """\
---
title: A guide
summary: One sentence.
audience: teens
updated: 2026-11-25
reviewed_by:
reviewed_on:
---
Intro with **999** and [the directory](jaga:directory?service=eating-disorder).

## First section

Call [03-7627 2929](tel:+60376272929) or see <https://example.org/help>.

::: sensitive Mentions physical signs

Detail.

:::

### A subsection

::: hotlines open=24h
:::

## Second section

The HEAL line 15555, every day.
"""

# The same guide in another language: every text differs, the structure does not. The number is
# written with other spacing and the prose spans different lines.
TRANSLATION = """\
---
title: Satu panduan
summary: Satu ayat.
audience: teens
updated: 2026-11-30
reviewed_by:
reviewed_on:
---
Pengenalan dengan **999**
dan [direktori](jaga:directory?service=eating-disorder).

## Bahagian pertama

Hubungi [03 7627 2929](tel:+60376272929) atau lihat <https://example.org/help>.

::: sensitive Menyebut tanda fizikal

Butiran.

:::

### Subbahagian

::: hotlines open=24h
:::

## Bahagian kedua

Talian HEAL 15555, setiap hari.
"""


def problems(translation: str, source: str = SOURCE) -> list[str]:
    return compare(outline("a.en.md", source), outline("a.ms.md", translation))


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_faithful_translation_passes():
    assert problems(TRANSLATION) == []


def test_outline_finds_every_part_on_its_line():
    parts = [(p.kind, p.key, p.line) for p in outline("a.ms.md", TRANSLATION).parts]
    assert parts == [  # within a paragraph: links, then numbers
        ("link", "jaga:directory?service=eating-disorder", 10),
        ("number", "999", 9),
        ("heading", "2", 12),
        ("link", "https://example.org/help", 14),
        ("link", "tel:+60376272929", 14),
        ("number", "0376272929", 14),
        ("block", "sensitive", 16),
        ("end", "", 20),
        ("heading", "3", 22),
        ("block", "hotlines open=24h", 24),
        ("end", "", 25),
        ("heading", "2", 27),
        ("number", "15555", 29),
    ]


def test_word_order_within_a_paragraph_may_differ():
    reordered = TRANSLATION.replace(
        "Hubungi [03 7627 2929](tel:+60376272929) atau lihat <https://example.org/help>.",
        "Lihat <https://example.org/help>, atau hubungi [03 7627 2929](tel:+60376272929).")
    assert problems(reordered) == []


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("### Subbahagian\n\n", "", "::: hotlines",
     r'missing heading "A subsection" \(level 3\) that the source has at a\.en\.md:21'),
    ("### Subbahagian", "## Subbahagian", "## Subbahagian",
     r'heading "Subbahagian" is level 2; its counterpart "A subsection" \(a\.en\.md:21\) is level 3'),
    ("::: sensitive Menyebut tanda fizikal\n\nButiran.\n\n:::\n\n", "Butiran.\n\n", "### Subbahagian",
     r'missing ::: sensitive block "Mentions physical signs" that the source has at a\.en\.md:15'),
    ("::: hotlines open=24h\n:::\n\n", "", "## Bahagian kedua",
     r'missing ::: hotlines open=24h block that the source has at a\.en\.md:23'),
    ("::: hotlines open=24h", "::: hotlines open=now", "::: hotlines",
     r"::: hotlines open=now block where a\.en\.md:23 has a ::: hotlines open=24h block"),
    ("Butiran.\n\n:::\n", "Butiran.\n", "### Subbahagian",  # a fold left open to the end
     r'missing end of a ::: block \(a ":::" line\) that the source has at a\.en\.md:19'),
    ("::: hotlines open=24h", "::: lines open=24h", "::: lines",
     r"::: lines open=24h block where a\.en\.md:23 has a ::: hotlines open=24h block"),
    ("service=eating-disorder", "service=counselling", "dan [direktori]",
     r'link to "jaga:directory\?service=counselling" where a\.en\.md:9 links to '
     r'"jaga:directory\?service=eating-disorder"'),
    ("(tel:+60376272929)", "(tel:+60376272928)", "Hubungi",
     r'link to "tel:\+60376272928" where a\.en\.md:13 links to "tel:\+60376272929"'),
    ("<https://example.org/help>", "laman web", "Hubungi",  # the next part that matches
     r'missing link to "https://example.org/help" that the source has at a\.en\.md:13'),
    ("HEAL 15555", "HEAL 15556", "Talian HEAL",
     r'number "15556" where a\.en\.md:28 has "15555"'),
    ("[03 7627 2929]", "[talian ini]", "::: sensitive",
     r"missing number \"03-7627 2929\" that the source has at a\.en\.md:13"),
    ("Butiran.", "Butiran, hubungi 112.", "Butiran",
     r'number "112" has no counterpart in the source a\.en\.md'),
])
def test_each_kind_of_drift_is_reported_with_file_and_line(old, new, needle, message):
    assert old in TRANSLATION
    broken = TRANSLATION.replace(old, new, 1)
    found = problems(broken)
    assert found, "the drift went unnoticed"
    line = line_of(broken, needle)
    assert any(re.fullmatch(rf"a\.ms\.md:{line}: {message}", p) for p in found), found


@pytest.mark.parametrize(("key", "message"), [
    ("title", 'front matter has no "title:" line (the source a.en.md:2 has one)'),
    ("reviewed_by", 'front matter has no "reviewed_by:" line (the source a.en.md:6 has one)'),
])
def test_a_dropped_front_matter_key_is_reported(key, message):
    broken = re.sub(rf"^{key}:.*\n", "", TRANSLATION, count=1, flags=re.M)
    assert problems(broken) == [f"a.ms.md:7: {message}"]  # the closing --- line


@pytest.mark.parametrize(("old", "new", "message"), [
    ("summary: Satu ayat.", "summary:", 'a.ms.md:3: front matter "summary" is empty'),
    ("updated: 2026-11-30", "updated: ", 'a.ms.md:5: front matter "updated" is empty'),
    ("updated: 2026-11-30", "updated: 30/11/2026",
     'a.ms.md:5: front matter "updated" is "30/11/2026", not a date written as YYYY-MM-DD'),
    ("audience: teens", "audience: remaja",
     'a.ms.md:4: front matter "audience" is "remaja", the source a.en.md:4 says "teens" (a code: keep it)'),
    ("reviewed_on:", "reviewer: Dr X",
     "a.ms.md:7: unexpected front matter line 'reviewer: Dr X' (known keys: title, summary, "
     "audience, updated, reviewed_by, reviewed_on)"),
])
def test_front_matter_must_be_complete(old, new, message):
    assert message in problems(TRANSLATION.replace(old, new, 1))


def test_empty_review_fields_and_other_texts_are_fine():
    assert problems(TRANSLATION.replace("reviewed_by:", "reviewed_by:  ")) == []
    assert problems(TRANSLATION.replace("Bahagian kedua", "Sesuatu yang lain sama sekali")) == []


def test_a_file_without_front_matter_is_reported():
    assert problems("# Hello\n") == ["a.ms.md:1: no front matter (the file must start with a --- line)"]


# --- the command, over a folder of guide files ---------------------------------------------

def run(guides, *args):
    app = make_app("sqlite://", GUIDES_DIR=str(guides))
    return app.test_cli_runner().invoke(args=["translate", *args])


@pytest.fixture
def guides(tmp_path):
    """A copy of the teens guide in both languages, which a test may break."""
    folder = tmp_path / "guides"
    folder.mkdir()
    for lang in ("en", "ms"):
        shutil.copy(GUIDES_DIR / f"teens.{lang}.md", folder)
    return folder


def test_the_real_guides_pass():
    result = run(GUIDES_DIR, "check")
    assert result.exit_code == 0, result.output
    assert "All guides exist in ms, en and match their en version." in result.output


def test_the_copied_pair_passes(guides):
    result = run(guides, "check")
    assert result.exit_code == 0, result.output


def corrupt(guides, edit):
    """Apply `edit` to the Malay copy; return its name as reports show it, its text before and after."""
    path = guides / "teens.ms.md"
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before
    path.write_text(after, encoding="utf-8")
    return str(path), before, after


def first_heading(text):
    return re.search(r"^## .*$", text, re.M).group(0)


def retarget_first_link(text):
    return re.sub(r"\]\(([^)\s]+)\)", r"](\1-changed)", text, count=1)


def exactly(needle, nth=1):
    """The line the message must name: the nth line of the corrupted text holding `needle`."""
    def lines(_before, after):
        line = [i for i, text in enumerate(after.splitlines(), 1) if needle in text][nth - 1]
        return range(line, line + 1)
    return lines


def where_it_was(find):
    """For a dropped part (`find(text)` is its line): from where it stood to the next heading."""
    def lines(before, after):
        start = line_of(before, find(before))
        headings = [i for i, text in enumerate(after.splitlines(), 1) if text.startswith("#") and i >= start]
        return range(start, (headings[0] if headings else len(after.splitlines())) + 1)
    return lines


def drop_first_sensitive_block(text):
    return re.sub(r"^::: sensitive [^\n]*\n(.*?\n)^:::\n", r"\1", text, count=1, flags=re.M | re.S)


CORRUPTIONS = {  # edit, words of the message, the lines it may name
    "drop a heading": (lambda t: t.replace(first_heading(t) + "\n", "", 1),
                       "missing heading", where_it_was(first_heading)),
    "change a level": (lambda t: t.replace(first_heading(t), "#" + first_heading(t), 1),
                       "is level 3; its counterpart", exactly("### ")),
    "drop a sensitive block": (drop_first_sensitive_block, "missing ::: sensitive block",
                               where_it_was(lambda _text: "::: sensitive ")),
    "change a link target": (retarget_first_link, '-changed" where', exactly("-changed)")),
    "change a phone number": (lambda t: re.sub(r"(?<!tel:)\b999\b", "998", t, count=1),
                              'number "998" where', exactly("998")),
    "drop a front-matter key": (lambda t: re.sub(r"^reviewed_on:.*\n", "", t, count=1, flags=re.M),
                                'front matter has no "reviewed_on:" line', exactly("---", 2)),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_check_fails_on_a_corrupted_translation_naming_file_and_line(guides, name):
    edit, message, expected_lines = CORRUPTIONS[name]
    path, before, after = corrupt(guides, edit)
    result = run(guides, "check")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if message in line]
    assert len(lines) == 1, result.output
    match = re.match(rf"{re.escape(path)}:(\d+): ", lines[0])
    assert match, lines[0]
    assert int(match.group(1)) in expected_lines(before, after), lines[0]
    assert "All guides exist" not in result.output


def test_check_fails_when_a_language_version_is_missing(guides):
    (guides / "teens.ms.md").unlink()
    result = run(guides, "check")
    assert result.exit_code == 1
    assert (f'{guides / "teens.ms.md"}:1: missing: guide "teens" has no ms version '
            f'(translate {guides / "teens.en.md"})') in result.output


def test_stats_lists_guides_per_language(guides):
    shutil.copy(GUIDES_DIR / "educators.en.md", guides)
    result = run(guides, "stats")
    assert result.exit_code == 0, result.output
    assert f"Guides in {guides}:" in result.output
    assert "ms: 1 of 2 guides (teens); missing: educators" in result.output
    assert "en: 2 of 2 guides (educators, teens)" in result.output


def test_stats_on_the_real_guides():
    result = run(GUIDES_DIR, "stats")
    slugs = sorted({p.name.split(".")[0] for p in GUIDES_DIR.glob("*.md")})
    for lang in ("ms", "en"):
        assert f"{lang}: {len(slugs)} of {len(slugs)} guides ({', '.join(slugs)})" in result.output


def test_a_broken_source_still_checks_the_translations_own_front_matter():
    broken_source = SOURCE.replace("---\n", "", 1)
    assert problems(TRANSLATION, broken_source) == []
    assert problems(TRANSLATION.replace("title: Satu panduan", "title:"), broken_source) == [
        'a.ms.md:2: front matter "title" is empty']


def test_the_check_reports_a_broken_source_file(guides):
    source = guides / "teens.en.md"
    source.write_text(source.read_text(encoding="utf-8").replace("---\n", "", 1), encoding="utf-8")
    result = run(guides, "check")
    assert result.exit_code == 1
    assert f"{source}:1: no front matter (the file must start with a --- line)" in result.output
