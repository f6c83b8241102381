"""End-to-end fixtures: the app served on a real port, and Debian's headless Chromium.

A missing browser skips these tests on a developer's machine; with JAGA_REQUIRE_BROWSER=1
(as in CI) it is a failure. Never downloads a browser.

Per test: `live_server`, `browser`, `browser_without_js`. For modules that visit many pages
without changing anything (accessibility, layout, screenshots), `shared_live_server` and
`shared_browser` start once per module. The helpers (`wait_for`, `run_axe`, `sign_in`,
`save_screenshot`, ...) are in browser.py.
"""

from __future__ import annotations

import pytest

from .browser import (
    Server, neutral_page, _serve_app, _chrome, _require_chromium,
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def neutral_site():
    server = Server(neutral_page)
    yield server
    server.stop()


@pytest.fixture
def e2e_config():
    """Override to change the app's settings for one test module."""
    return {}


@pytest.fixture
def live_server(sqlite_template, tmp_path, neutral_site, e2e_config):
    server = _serve_app(sqlite_template, tmp_path, neutral_site.url + "/", e2e_config)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_e2e_config():
    """Override in a module to change the settings of its `shared_live_server`."""
    return {}


@pytest.fixture(scope="module")
def shared_live_server(sqlite_template, tmp_path_factory, shared_e2e_config):
    """One live server for a whole module; for tests that only read (or write harmlessly)."""
    neutral = Server(neutral_page)
    server = _serve_app(sqlite_template, tmp_path_factory.mktemp("e2e"), neutral.url + "/",
                        shared_e2e_config)
    yield server
    server.stop()
    neutral.stop()


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium at a 360x740 phone viewport, with a fresh profile."""
    _require_chromium()
    driver = _chrome(tmp_path)
    yield driver
    driver.quit()


@pytest.fixture
def browser_without_js(tmp_path):
    _require_chromium()
    driver = _chrome(tmp_path, javascript=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shared_browser(tmp_path_factory):
    """One phone-sized Chromium for a whole module (tests must not rely on its history)."""
    _require_chromium()
    driver = _chrome(tmp_path_factory.mktemp("chrome"))
    yield driver
    driver.quit()
