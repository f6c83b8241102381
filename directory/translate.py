"""`flask translate ...`: the gettext workflow in one command each.

Runs Babel's own tools from the repository root, so the paths in babel.cfg hold whatever the
current directory is. The options (keywords, widths, fuzzy matching) are set here and only
here; babel.cfg says which files are read.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess  # nosec B404
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click
from babel import Locale
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from flask import current_app
from flask.cli import AppGroup

from .config import ROOT
from .content.guide_check import check_folder, inventory

KEYWORDS = ["_l", "lazy_gettext", "lazy_pgettext:1c,2", "lazy_ngettext:1,2"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")

translate = AppGroup("translate", help="Extract, update, compile and check the catalogs.")


@contextmanager
def at_root():
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def pybabel(*args: str) -> None:
    with at_root():
        CommandLineInterface().run(["pybabel", "-q", *args])


def translations_dir() -> Path:
    """The catalogs' folder (BABEL_TRANSLATION_DIRECTORIES; translations/ by default)."""
    return Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])


def pot_path() -> Path:
    return translations_dir() / "messages.pot"


def catalog_path(locale: str) -> Path:
    return translations_dir() / locale / "LC_MESSAGES" / "messages.po"


def shown(path: Path) -> str:
    """A path as translators see it: relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def guides_dir() -> Path:
    """The guides' folder (GUIDES_DIR; directory/content/guides/ by default)."""
    return Path(current_app.config["GUIDES_DIR"])


def locales() -> list[str]:
    return sorted(p.name for p in translations_dir().iterdir() if catalog_path(p.name).exists())


@translate.command()
def extract() -> None:
    """Collect every translatable string into translations/messages.pot."""
    keywords = [arg for kw in KEYWORDS for arg in ("-k", kw)]
    pybabel("extract", "-F", "babel.cfg", *keywords, "--add-comments=Translators:",
            "--sort-by-file", "--width=100", "--project=Jaga", "-o", str(pot_path()), ".")
    click.echo(f"Wrote {shown(pot_path())}")


@translate.command()
def update() -> None:
    """Merge messages.pot into every catalog (no fuzzy guessing)."""
    pybabel("update", "-i", str(pot_path()), "-d", str(translations_dir()), "--no-fuzzy-matching",
            "--width=100", "--ignore-obsolete")
    click.echo("Updated: " + ", ".join(locales()))


@translate.command()
def compile() -> None:  # noqa: A001 - the gettext step is called compile
    """Compile the .po catalogs into the .mo files the app reads."""
    pybabel("compile", "-d", str(translations_dir()), "--statistics")


@translate.command()
@click.argument("locale")
def init(locale: str) -> None:
    """Start a catalog for a new language (then add it to JAGA_LANGUAGES)."""
    pybabel("init", "-i", str(pot_path()), "-d", str(translations_dir()), "-l", locale,
            "--width=100")
    set_plural_forms(locale)
    click.echo(f"Created {shown(catalog_path(locale))}")


def set_plural_forms(locale: str) -> None:
    """Babel guesses two plural forms for languages it has no rule for; use CLDR's count."""
    path = catalog_path(locale)
    if expected_plurals(locale) == 1:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'"Plural-Forms: [^"]*"', r'"Plural-Forms: nplurals=1; plural=0;\\n"', text)
        path.write_text(text, encoding="utf-8")


@dataclass
class CatalogReport:
    locale: str
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    problems: list[str] = field(default_factory=list)


def msgfmt_errors(path: Path) -> list[str]:
    """GNU msgfmt's strict syntax and format check, as Poedit and Weblate apply it.

    Babel's own reader forgives unterminated strings and stray text; msgfmt does not.
    Without GNU gettext installed (`apt-get install gettext`) only Babel checks the syntax.
    """
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        return []
    # Fixed arguments, no shell: GNU msgfmt on a catalog path from this repository.
    result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)],  # nosec B603
                            capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return []
    lines = [line.replace(str(path), shown(path)) for line in result.stderr.splitlines()
             if line.strip() and not line.startswith(msgfmt)]
    return lines[:10] or [f"{shown(path)}: msgfmt failed"]


def expected_plurals(locale: str) -> int:
    """How many plural forms a catalog needs, from CLDR's plural rules (Malay has one)."""
    return len(Locale.parse(locale).plural_form.tags) + 1  # the tags leave out "other"


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text or "")}


def examine(locale: str, source_locale: str) -> CatalogReport:
    """Count and check one catalog; problems name the file and line."""
    path = catalog_path(locale)
    report = CatalogReport(locale)
    rel = shown(path)
    report.problems.extend(f"does not compile: {e}" for e in msgfmt_errors(path))
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, abort_invalid=True)
        write_mo(io.BytesIO(), catalog)
    except (PoFileError, ValueError) as error:
        line = getattr(error, "lineno", None)
        report.problems.append(f"does not compile: {rel}{f':{line}' if line else ''}: {error}")
        return report
    plurals = expected_plurals(locale)
    if catalog.num_plurals != plurals:
        report.problems.append(
            f"{rel}: Plural-Forms gives {catalog.num_plurals} forms, {locale} has {plurals}"
        )
    for message in catalog:
        if not message.id:
            continue
        where = f"{rel}:{message.lineno}"
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy:
            report.fuzzy += 1
            report.problems.append(f"{where}: fuzzy entry {ids[0]!r}")
        elif not all(strings):
            report.missing += 1
            if locale != source_locale:
                report.problems.append(f"{where}: untranslated {ids[0]!r}")
        else:
            report.translated += 1
        if isinstance(message.id, (list, tuple)) and len(strings) != plurals:
            report.problems.append(f"{where}: {len(strings)} plural forms, expected {plurals}")
        wanted = set().union(*(placeholders(i) for i in ids))
        for text in strings:
            if text and placeholders(text) != wanted:
                report.problems.append(
                    f"{where}: placeholders {sorted(placeholders(text))} differ from the "
                    f"source's {sorted(wanted)} in {ids[0]!r}"
                )
        for error in message.check(catalog):
            report.problems.append(f"{where}: {error}")
    return report


@translate.command()
def check() -> None:
    """Fail on fuzzy, untranslated or mismatched entries, and on guides out of step."""
    source = current_app.config["SOURCE_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    failed = False
    for locale in languages:
        if not catalog_path(locale).exists():
            click.echo(f"{locale}: no catalog at {shown(catalog_path(locale))}", err=True)
            failed = True
            continue
        report = examine(locale, source)
        for problem in report.problems:
            click.echo(problem, err=True)
        failed = failed or bool(report.problems)
    guide_problems = check_folder(guides_dir(), languages, source, show=shown)
    for problem in guide_problems:
        click.echo(problem, err=True)
    if failed or guide_problems:
        sys.exit(1)
    click.echo("All catalogs are complete and consistent.")
    click.echo(f"All guides exist in {', '.join(languages)} and match their {source} version.")


@translate.command()
def stats() -> None:
    """Per locale: how many strings are translated, fuzzy and missing; guides per language."""
    source = current_app.config["SOURCE_LOCALE"]
    for locale in locales():
        r = examine(locale, source)
        note = " (source language: empty strings show the English text)" if locale == source else ""
        click.echo(f"{locale}: {r.translated} translated, {r.fuzzy} fuzzy, {r.missing} missing{note}")
    click.echo(f"Guides in {shown(guides_dir())}:")
    for lang, have, lack in inventory(guides_dir(), current_app.config["LANGUAGES"]):
        missing = f"; missing: {', '.join(lack)}" if lack else ""
        click.echo(f"{lang}: {len(have)} of {len(have) + len(lack)} guides "
                   f"({', '.join(have) or 'none'}){missing}")
