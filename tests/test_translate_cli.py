"""`flask translate …`: check catches broken catalogs; stats; adding a language end to end."""

import re
import shutil

import pytest

from directory.config import ROOT
from directory.extensions import db

from helpers.apps import make_app


@pytest.fixture
def catalogs(tmp_path):
    """A copy of translations/ the test may break."""
    folder = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", folder)
    return folder


def run(folder, *args, **config):
    app = make_app("sqlite://", BABEL_TRANSLATION_DIRECTORIES=str(folder), **config)
    return app.test_cli_runner().invoke(args=["translate", *args])


def edit_ms(folder, old, new):
    po = folder / "ms" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    return po


def line_of(po, needle):
    return next(i for i, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_check_passes_on_the_real_catalogs(catalogs):
    result = run(catalogs, "check")
    assert result.exit_code == 0, result.output
    assert "All catalogs are complete and consistent." in result.output


def test_check_fails_on_an_untranslated_malay_entry(catalogs):
    edit_ms(catalogs, 'msgstr "Cari bantuan"', 'msgstr ""')
    result = run(catalogs, "check")
    assert result.exit_code == 1
    assert re.search(r"ms/LC_MESSAGES/messages.po:\d+: untranslated 'Find help'", result.output)


def test_check_fails_on_a_fuzzy_entry(catalogs):
    po = edit_ms(catalogs, 'msgid "Find help"', '#, fuzzy\nmsgid "Find help"')
    result = run(catalogs, "check")
    assert result.exit_code == 1
    line = line_of(po, 'msgid "Find help"')
    assert f"messages.po:{line}: fuzzy entry 'Find help'" in result.output


def test_check_fails_when_placeholders_differ(catalogs):
    edit_ms(catalogs, '"Hubungi %(number)s"', '"Hubungi %(nombor)s"')
    result = run(catalogs, "check")
    assert result.exit_code == 1
    assert "placeholders ['%(nombor)s'] differ from the source's ['%(number)s']" in result.output


def test_check_fails_when_a_catalog_does_not_compile(catalogs):
    edit_ms(catalogs, 'msgstr "Cari bantuan"', 'msgstr "Cari bantuan')
    result = run(catalogs, "check")
    assert result.exit_code == 1
    assert "does not compile" in result.output


def test_check_fails_on_wrong_plural_forms(catalogs):
    edit_ms(catalogs, "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);")
    result = run(catalogs, "check")
    assert result.exit_code == 1
    assert "Plural-Forms gives 2 forms, ms has 1" in result.output


def test_english_source_catalog_may_leave_strings_empty(catalogs):
    assert run(catalogs, "check").exit_code == 0  # en/messages.po has empty msgstrs by design


def test_stats(catalogs):
    result = run(catalogs, "stats")
    assert result.exit_code == 0
    assert re.search(r"^ms: \d+ translated, 0 fuzzy, 0 missing$", result.output, re.M)
    assert re.search(r"^en: 0 translated, 0 fuzzy, \d+ missing \(source language", result.output, re.M)


def test_adding_a_language_is_one_setting_and_one_command(catalogs, sqlite_template, tmp_path):
    languages = ["ms", "en", "ta"]
    result = run(catalogs, "init", "ta", LANGUAGES=languages)
    assert result.exit_code == 0, result.output
    po = catalogs / "ta" / "LC_MESSAGES" / "messages.po"
    assert "nplurals=2" in po.read_text(encoding="utf-8")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Find help"\nmsgstr ""', 'msgid "Find help"\nmsgstr "உதவி தேடுங்கள்"'),
                  encoding="utf-8")
    assert run(catalogs, "compile", LANGUAGES=languages).exit_code == 0
    database = tmp_path / "db.sqlite3"
    shutil.copy(sqlite_template, database)
    app = make_app(f"sqlite:///{database}", BABEL_TRANSLATION_DIRECTORIES=str(catalogs),
                   LANGUAGES=languages)
    client = app.test_client()
    html = client.get("/ta/directory").get_data(as_text=True)
    assert '<html lang="ta" ' in html
    assert "<h1>உதவி தேடுங்கள்</h1>" in html  # the new catalog
    assert "Skip to main content" in html  # untranslated strings fall back to English
    # Content has no Tamil yet: names fall back to English, marked with their language.
    assert '<a href="/ta/services/befrienders-kuala-lumpur" lang="en">Befrienders Kuala Lumpur</a>' in html
    assert 'href="/ta/directory" lang="ta" hreflang="ta"' in html  # in the language switch
    assert client.get("/", headers={"Accept-Language": "ta"}).headers["Location"] == "/ta/"
    with app.app_context():
        db.engine.dispose()
