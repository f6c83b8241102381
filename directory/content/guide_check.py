"""Keep each guide's translations in step with its source-language version.

A translation may word everything its own way, but what a reader relies on must match the
source: the headings (count, level and order), the `:::` directive blocks (sensitive passages
and any other kind, in order), the links (site `jaga:` links, web, `mailto:` and `tel:` targets,
in order), every number of three or more digits (phone numbers such as 999 or 15555; compared
by their digits, so `03-7627 2929` and `03 7627 2929` agree) and the front matter keys.

`outline()` reads a guide file into those parts and `compare()` lists the differences between
two outlines; both are pure. `check_folder()` and `inventory()` apply them to a folder of
`<slug>.<lang>.md` files for `flask translate check` and `flask translate stats`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from .guides import FRONT_MATTER_KEYS

REQUIRED_KEYS = ("title", "summary", "audience", "updated")  # the others may be left empty
DATE_KEYS = ("updated", "reviewed_on")
SAME_VALUE_KEYS = ("audience",)  # a code, not a text: the same in every language
NUMBER = re.compile(r"(?<![\w+])\+?\d(?:[ -]?\d)+(?![\w])")
MIN_DIGITS = 3  # leaves out "24 hours", "2 weeks"; keeps 999, 112, 15555 and longer numbers
DIRECTIVE = re.compile(r"\s*[A-Za-z][\w-]*")  # `::: kind …` opens a block of that kind

KINDS = ("heading", "block", "end", "link", "number")


@dataclass(frozen=True)
class Part:
    """One structural element of a guide body, with the file line it starts on."""

    kind: str  # heading | block | end (of a block) | link | number
    key: str  # what must match: heading level, block kind and options, link target, digits
    line: int
    text: str = ""  # what a translator recognises: heading text, block label, number as written

    def describe(self) -> str:
        if self.kind == "heading":
            return f'heading "{self.text}" (level {self.key})'
        if self.kind == "block":
            label = f' "{self.text}"' if self.text else ""
            return f"::: {self.key} block{label}"
        if self.kind == "end":
            return 'end of a ::: block (a ":::" line)'
        if self.kind == "link":
            return f'link to "{self.key}"'
        return f'number "{self.text}"'


@dataclass
class Outline:
    name: str  # the file as reports show it
    front_matter: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (value, line)
    front_matter_end: int = 1  # the line of the closing `---` (where a missing key would go)
    parts: list[Part] = field(default_factory=list)
    last_line: int = 1
    problems: list[str] = field(default_factory=list)  # the file cannot be read as a guide


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Every `::: <kind> …` block, including kinds the renderer does not know yet.
    container_plugin(md, "directive", validate=lambda params, _markup: bool(DIRECTIVE.match(params)))
    return md


PARSER = _parser()


def _numbers(text: str, line: int) -> list[Part]:
    found = []
    for match in NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) >= MIN_DIGITS:
            key = ("+" if match.group(0).startswith("+") else "") + digits
            found.append(Part("number", key, line, match.group(0)))
    return found


def _block(info: str, line: int) -> Part:
    """`::: kind key=value … free text`: the kind and options must match, the text is a label."""
    kind, *words = info.split()
    options = sorted(word for word in words if "=" in word)
    label = " ".join(word for word in words if "=" not in word)
    return Part("block", " ".join([kind, *options]), line, label)


def _inline_parts(token, line: int) -> list[Part]:
    """Links and numbers in one paragraph, heading or list item, each with its line.

    Sorted by kind and target, not by position: a translation may order a sentence's
    words differently, but each paragraph must keep its links and numbers.
    """
    parts: list[Part] = []
    buffer: list[str] = []

    def flush():
        parts.extend(_numbers("".join(buffer), line))
        buffer.clear()

    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            flush()
            line += 1
        elif child.type == "link_open":
            parts.append(Part("link", child.attrGet("href") or "", line))
        elif child.type in ("text", "code_inline"):
            buffer.append(child.content)
    flush()
    return sorted(parts, key=lambda part: (part.kind, part.key))


def outline(name: str, text: str) -> Outline:
    """The parts of a guide file that every language version must share."""
    result = Outline(name=name, last_line=max(1, text.count("\n") + (not text.endswith("\n"))))
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        result.problems.append(f"{name}:1: no front matter (the file must start with a --- line)")
        return result
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        result.problems.append(f"{name}:1: the front matter has no closing --- line")
        return result
    result.front_matter_end = end + 1
    for number, line in enumerate(lines[1:end], 2):
        key, sep, value = line.partition(":")
        if not line.strip():
            continue
        if not sep or key.strip() not in FRONT_MATTER_KEYS:
            result.problems.append(f"{name}:{number}: unexpected front matter line {line!r} "
                                   f"(known keys: {', '.join(FRONT_MATTER_KEYS)})")
            continue
        result.front_matter[key.strip()] = (value.strip(), number)

    offset = end + 2  # file line of the body's first line
    tokens = PARSER.parse("\n".join(lines[end + 1:]))
    ends: list[int] = []
    for index, token in enumerate(tokens):
        line = offset + token.map[0] if token.map else None
        if token.type == "heading_open":
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            result.parts.append(Part("heading", token.tag.removeprefix("h"), line, title))
        elif token.type == "container_directive_open":
            result.parts.append(_block(token.info, line))
            # Where the block ends matters: a fold left open hides the rest of the guide.
            ends.append(offset + token.map[1])
        elif token.type == "container_directive_close":
            result.parts.append(Part("end", "", min(ends.pop(), result.last_line)))
        elif token.type == "inline" and line is not None:
            result.parts.extend(_inline_parts(token, line))
    return result


def _front_matter_problems(target: Outline, source: Outline | None = None) -> list[str]:
    """Every key present, the required ones filled in, dates readable, codes as in the source."""
    problems = []
    for key in FRONT_MATTER_KEYS:
        if key not in target.front_matter:
            model = (f" (the source {source.name}:{source.front_matter[key][1]} has one)"
                     if source and key in source.front_matter else "")
            problems.append(f'{target.name}:{target.front_matter_end}: front matter has no '
                            f'"{key}:" line{model}')
            continue
        value, line = target.front_matter[key]
        if key in REQUIRED_KEYS and not value:
            problems.append(f'{target.name}:{line}: front matter "{key}" is empty')
        elif key in DATE_KEYS and value and not _is_date(value):
            problems.append(f'{target.name}:{line}: front matter "{key}" is "{value}", not a '
                            f"date written as YYYY-MM-DD")
        elif source and key in SAME_VALUE_KEYS and key in source.front_matter:
            theirs, their_line = source.front_matter[key]
            if value != theirs:
                problems.append(f'{target.name}:{line}: front matter "{key}" is "{value}", the '
                                f'source {source.name}:{their_line} says "{theirs}" (a code: '
                                f"keep it)")
    return problems


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _paired(source_part: Part, target_part: Part, source: Outline, target: Outline) -> str:
    where = f"{target.name}:{target_part.line}"
    theirs = f"{source.name}:{source_part.line}"
    if source_part.kind == "heading":
        return (f"{where}: heading \"{target_part.text}\" is level {target_part.key}; its "
                f"counterpart \"{source_part.text}\" ({theirs}) is level {source_part.key}")
    if source_part.kind == "block":
        return f"{where}: ::: {target_part.key} block where {theirs} has a ::: {source_part.key} block"
    if source_part.kind == "link":
        return f'{where}: link to "{target_part.key}" where {theirs} links to "{source_part.key}"'
    return f'{where}: number "{target_part.text}" where {theirs} has "{source_part.text}"'


def _structure_problems(source: Outline, target: Outline) -> list[tuple[int, str]]:
    """Align the two sequences of parts; every difference becomes one message."""
    problems: list[tuple[int, str]] = []
    keys_a = [(p.kind, p.key) for p in source.parts]
    keys_b = [(p.kind, p.key) for p in target.parts]
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        missing = list(source.parts[a0:a1])
        extra = list(target.parts[b0:b1])
        # A changed level, target or number: report it as one change, not a loss and a gain.
        for kind in KINDS:
            mine = [p for p in extra if p.kind == kind]
            theirs = [p for p in missing if p.kind == kind]
            for s, t in zip(theirs, mine):
                problems.append((t.line, _paired(s, t, source, target)))
                missing.remove(s)
                extra.remove(t)
        # Where a lost part belongs in the translation: before the next part that matched.
        here = target.parts[b1].line if b1 < len(target.parts) else target.last_line
        for s in missing:
            problems.append((here, f"{target.name}:{here}: missing {s.describe()} that the "
                                   f"source has at {source.name}:{s.line}"))
        for t in extra:
            problems.append((t.line, f"{target.name}:{t.line}: {t.describe()} has no "
                                     f"counterpart in the source {source.name}"))
    return problems


def compare(source: Outline, target: Outline) -> list[str]:
    """Every way `target` (a translation) has drifted from `source`, each with file and line."""
    if target.problems:
        return list(target.problems)
    if source.problems:  # nothing to compare with; the source's own report says why
        return _front_matter_problems(target)
    structure = sorted(_structure_problems(source, target), key=lambda item: item[0])
    return _front_matter_problems(target, source) + [message for _line, message in structure]


def guide_files(folder: Path) -> dict[str, dict[str, Path]]:
    """slug -> {lang: path} for every `<slug>.<lang>.md` in the folder."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.glob("*.md")):
        slug, dot, lang = path.name.removesuffix(".md").rpartition(".")
        if dot:
            found.setdefault(slug, {})[lang] = path
    return found


def check_folder(folder: Path, languages: list[str], source_lang: str, show=str) -> list[str]:
    """Problems in a folder of guides: missing language versions, unreadable files, drift.

    `languages` are the site's languages (each guide must exist in all of them); versions in
    other languages are still compared. `show` turns a path into the name reports use.
    """
    problems: list[str] = []
    for slug, versions in guide_files(folder).items():
        source_path = versions.get(source_lang)
        for lang in languages:
            if lang not in versions:
                expected = show(folder / f"{slug}.{lang}.md")
                model = show(source_path or next(iter(versions.values())))
                problems.append(f"{expected}:1: missing: guide \"{slug}\" has no {lang} version "
                                f"(translate {model})")
        source = (outline(show(source_path), source_path.read_text(encoding="utf-8"))
                  if source_path else None)
        if source:
            problems.extend(source.problems or _front_matter_problems(source))
        for lang, path in versions.items():
            if lang == source_lang:
                continue
            target = outline(show(path), path.read_text(encoding="utf-8"))
            problems.extend(compare(source, target) if source
                            else target.problems or _front_matter_problems(target))
    return problems


def inventory(folder: Path, languages: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """Per language (the site's, then any other found): the slugs it has and those it lacks."""
    files = guide_files(folder)
    found = sorted({lang for versions in files.values() for lang in versions} - set(languages))
    rows = []
    for lang in [*languages, *found]:
        have = [slug for slug, versions in files.items() if lang in versions]
        lack = [slug for slug, versions in files.items() if lang not in versions]
        rows.append((lang, have, lack))
    return rows
