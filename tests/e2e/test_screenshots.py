"""Screenshots of the main pages at phone width, for a person to look at.

Every run saves PNGs, 360 CSS pixels wide, into artifacts/screenshots/ (git-ignored): `<name>.png`
is the whole page, `<name>-first-screen.png` what a 360x740 phone shows before any scrolling
(and `directory-perak-counselling-results.png` the filtered directory scrolled to its results).
The clock is fixed, so "open now" and dates look the same on every run.

The README shows four of them (one at 1280x800) from docs/screenshots/; to refresh those copies, run
`JAGA_UPDATE_DOC_SCREENSHOTS=1 .venv/bin/python -m pytest tests/e2e/test_screenshots.py`.
"""

from __future__ import annotations

import os
import shutil

import pytest
from helpers.apps import WEDNESDAY_10AM
from selenium.webdriver.common.by import By

from .browser import (
    PHONE,
    ROOT,
    SCREENSHOTS,
    open_page,
    save_screenshot,
    set_viewport,
    wait_for,
)

PAGES = {
    "home-ms": "/ms/",
    "home-en": "/en/",
    "directory": "/en/directory",
    "directory-perak-counselling": "/en/directory?state=MY-08&service=counselling",
    "directory-ms-kelantan": "/ms/directory?state=MY-03",
    "directory-empty": "/ms/directory?state=MY-15&service=eating-disorder&speaks=ta",
    "search-crisis": "/en/search?q=i%20want%20to%20die",
    "search": "/ms/search?q=kaunseling",
    "service": "/en/services/befrienders-kuala-lumpur",
    "guides": "/en/guides/",
    "guide-teens": "/en/guides/teens",
    "sessions": "/en/sessions",
    "offline": "/en/offline",
    "submit": "/en/submit/new",
    "report": "/ms/services/befrienders-ipoh/report",
    "embed": "/embed/en/directory?state=MY-08",
}
IN_README = ["directory-perak-counselling-first-screen", "directory-ms-kelantan-first-screen",
             "search-crisis-first-screen", "directory-desktop"]


@pytest.fixture(scope="module")
def shared_e2e_config():
    return {"CLOCK": lambda: WEDNESDAY_10AM}


@pytest.fixture(scope="module")
def phone_1x(shared_browser):
    """The phone viewport at one device pixel per CSS pixel, so a PNG is 360 pixels wide."""
    set_viewport(shared_browser, PHONE["width"], PHONE["height"], pixel_ratio=1)
    yield shared_browser
    set_viewport(shared_browser, PHONE["width"], PHONE["height"])


def shoot(driver, name: str):
    whole = save_screenshot(driver, name)
    first = save_screenshot(driver, f"{name}-first-screen", full_page=False)
    for path in (whole, first):
        assert path.stat().st_size > 5_000, path  # not a blank page
    return whole, first


@pytest.mark.parametrize("name", PAGES)
def test_screenshot(phone_1x, shared_live_server, name):
    open_page(phone_1x, shared_live_server.url + PAGES[name])
    assert phone_1x.find_element(By.TAG_NAME, "h1").is_displayed()
    assert phone_1x.execute_script("return window.innerWidth") == PHONE["width"]
    shoot(phone_1x, name)


def test_screenshot_of_filtered_results(phone_1x, shared_live_server):
    """The filtered directory scrolled to its results, as a person sees them after the form."""
    open_page(phone_1x, shared_live_server.url + PAGES["directory-perak-counselling"])
    phone_1x.execute_script("document.getElementById('results').scrollIntoView()")
    wait_for(phone_1x, lambda d: d.execute_script("return window.scrollY") > 0)
    path = save_screenshot(phone_1x, "directory-perak-counselling-results", full_page=False)
    assert path.stat().st_size > 5_000


def test_screenshot_of_a_form_with_errors(phone_1x, shared_live_server):
    open_page(phone_1x, shared_live_server.url + "/en/submit/new")
    phone_1x.find_element(By.ID, "organisation_name").send_keys("Pertubuhan Contoh")
    phone_1x.find_element(By.ID, "phones-0-number").send_keys("03-123")
    phone_1x.find_element(By.CSS_SELECTOR, "form.submission button[type=submit]").click()
    wait_for(phone_1x, lambda d: d.find_elements(By.ID, "form-errors"))
    shoot(phone_1x, "submit-errors")


def test_screenshot_of_the_desktop_directory(phone_1x, shared_live_server):
    """At 1280x800: the filters beside the results."""
    set_viewport(phone_1x, 1280, 800, pixel_ratio=1)
    try:
        open_page(phone_1x, shared_live_server.url + "/en/directory?state=MY-10")
        path = save_screenshot(phone_1x, "directory-desktop", full_page=False)
        assert path.stat().st_size > 5_000
    finally:
        set_viewport(phone_1x, PHONE["width"], PHONE["height"], pixel_ratio=1)


def test_readme_screenshots(phone_1x, shared_live_server):
    """Runs last in this module: the README's pictures exist; refreshed on request."""
    docs = ROOT / "docs" / "screenshots"
    for name in IN_README:
        made = SCREENSHOTS / f"{name}.png"
        assert made.exists(), f"{made} was not made by this run"
        if os.environ.get("JAGA_UPDATE_DOC_SCREENSHOTS") == "1":
            docs.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(made, docs / made.name)
        assert (docs / made.name).exists(), f"docs/screenshots/{made.name} (README) is missing"
        assert f"docs/screenshots/{made.name}" in (ROOT / "README.md").read_text(encoding="utf-8")
