"""The catalogs: complete, consistent, and checked by `flask translate check`."""

from conftest import make_app
from directory.translate import catalog_path, examine


def test_translate_check_passes():
    result = make_app("sqlite://").test_cli_runner().invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output


def test_malay_catalog_is_complete():
    report = examine("ms", "en")
    assert report.problems == []
    assert report.translated > 100
    assert report.missing == report.fuzzy == 0


def test_catalogs_are_compiled():
    for locale in ("ms", "en"):
        assert catalog_path(locale).with_suffix(".mo").exists()
