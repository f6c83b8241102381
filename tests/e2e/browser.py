"""Browser-test helpers: the app on a real port, Debian's headless Chromium, and what the tests
do with it (wait, open a page at phone size, run axe-core, sign in, save a screenshot).
The fixtures that use them are in conftest.py."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from helpers.accounts import MODERATOR_PASSWORD
from helpers.apps import make_app
from werkzeug.serving import make_server

CHROMIUM = Path(os.environ.get("JAGA_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("JAGA_CHROMEDRIVER", "/usr/bin/chromedriver"))
REQUIRE_BROWSER = os.environ.get("JAGA_REQUIRE_BROWSER") == "1"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740, "pixelRatio": 2.0}
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic", "--disable-extensions"]


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


def _serve_app(sqlite_template, folder: Path, quick_exit_url: str, config: dict) -> Server:
    database = folder / "e2e.sqlite3"
    shutil.copy(sqlite_template, database)
    app = make_app(f"sqlite:///{database}", QUICK_EXIT_URL=quick_exit_url, **config)
    server = Server(app)
    server.app = app
    return server


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


def wait_for(driver, condition, timeout=10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def set_viewport(driver, width: int, height: int = PHONE["height"],
                 pixel_ratio: float = PHONE["pixelRatio"]):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": pixel_ratio, "mobile": True,
    })


def open_page(driver, url: str):
    """Load a page and wait until it has finished loading (scripts deferred included)."""
    driver.get(url)
    wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")


BLOCKING_IMPACTS = ("serious", "critical")


def run_axe(driver) -> list[dict]:
    """axe-core's violations on the current page.

    axe.min.js comes from the npm registry through `npm ci` (package.json devDependencies).
    WebDriver's execute_script runs through the DevTools protocol, so the page's strict CSP
    (no inline scripts) does not stop it, and the page itself is not changed for the test.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make install` (npm ci installs axe-core)",
                    pytrace=False)
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    driver.set_script_timeout(30)
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]})
          .then((r) => done({violations: r.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
              nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary,
                                          html: n.html.slice(0, 200)}))}))}))
          .catch((e) => done({error: String(e)}));
    """)
    if "error" in result:
        pytest.fail(f"axe-core did not run on {driver.current_url}: {result['error']}")
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}: {node['html']}")
            lines.extend("        " + part for part in (node["summary"] or "").splitlines())
    return "\n".join(lines)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def create_moderator(server, email="mod@example.org", role="moderator"):
    from directory.moderation.accounts import create_user

    with server.app.app_context():
        create_user(email, MODERATOR_PASSWORD, role)
    return email


def sign_in(driver, server, email="mod@example.org"):
    """Sign in through the real /admin/login form."""
    from selenium.webdriver.common.by import By

    open_page(driver, server.url + "/admin/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(MODERATOR_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for(driver, lambda d: not d.current_url.split("?")[0].endswith("/admin/login"))


def save_screenshot(driver, name: str, full_page: bool = True) -> Path:
    """A PNG into artifacts/screenshots/, one image pixel per CSS pixel: the whole page, or
    (full_page=False) just what the screen shows now."""
    import base64

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    viewport = metrics["cssVisualViewport"]
    if full_page:
        clip = {"x": 0, "y": 0, "width": viewport["clientWidth"],
                "height": metrics["cssContentSize"]["height"]}
    else:
        clip = {"x": viewport["pageX"], "y": viewport["pageY"],
                "width": viewport["clientWidth"], "height": viewport["clientHeight"]}
    ratio = driver.execute_script("return window.devicePixelRatio") or 1
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": full_page, "clip": {**clip, "scale": 1 / ratio},
    })
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path
