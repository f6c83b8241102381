"""End-to-end fixtures: the app served on a real port, and Debian's headless Chromium.

A missing browser skips these tests on a developer's machine; with JAGA_REQUIRE_BROWSER=1
(as in CI) it is a failure. Never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from conftest import make_app

CHROMIUM = Path(os.environ.get("JAGA_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("JAGA_CHROMEDRIVER", "/usr/bin/chromedriver"))
REQUIRE_BROWSER = os.environ.get("JAGA_REQUIRE_BROWSER") == "1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PHONE = {"width": 360, "height": 740, "pixelRatio": 2.0}
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic", "--disable-extensions"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


class Server:
    """A WSGI app on 127.0.0.1 in a background thread."""

    def __init__(self, wsgi_app):
        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        if self._thread.is_alive():
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)


def neutral_page(environ, start_response):
    """Stands in for the neutral site that Quick exit goes to."""
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [b"<!doctype html><title>Weather</title><h1>Weather today</h1>"]


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
    database = tmp_path / "e2e.sqlite3"
    shutil.copy(sqlite_template, database)
    app = make_app(f"sqlite:///{database}",
                   QUICK_EXIT_URL=neutral_site.url + "/", **e2e_config)
    server = Server(app)
    server.app = app
    yield server
    server.stop()


def _chrome(tmp_path, javascript=True):
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chrome-profile'}")
    options.add_argument(f"--window-size={PHONE['width']},{PHONE['height']}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.command_executor.client_config.timeout = 30  # fail fast instead of hanging
    driver.set_page_load_timeout(20)
    # A phone's viewport (ChromeDriver's mobileEmulation option hangs clicks when page
    # scripts are off, so the metrics are set through the DevTools protocol instead).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": PHONE["width"], "height": PHONE["height"],
        "deviceScaleFactor": PHONE["pixelRatio"], "mobile": True,
    })
    if not javascript:
        # The page's scripts are off; ChromeDriver's own stay on (a disabled-JavaScript
        # preference would also stop ChromeDriver's clicks).
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    return driver


def _require_chromium():
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    message = f"Chromium not found at {CHROMIUM} / {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
    if REQUIRE_BROWSER:
        pytest.fail(message + " and JAGA_REQUIRE_BROWSER=1", pytrace=False)
    pytest.skip(message)


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


def wait_for(driver, condition, timeout=10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)
