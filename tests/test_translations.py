"""The catalogs in the repository: complete, consistent, and compiled."""

import pytest

from helpers.apps import make_app
from directory.translate import catalog_path, examine


@pytest.fixture
def app_context():
    with make_app("sqlite://").app_context():
        yield


def test_translate_check_passes():
    result = make_app("sqlite://").test_cli_runner().invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output


def test_malay_catalog_is_complete(app_context):
    report = examine("ms", "en")
    assert report.problems == []
    assert report.translated > 400
    assert report.missing == report.fuzzy == 0


def test_catalogs_are_compiled(app_context):
    for locale in ("ms", "en"):
        assert catalog_path(locale).with_suffix(".mo").exists()
