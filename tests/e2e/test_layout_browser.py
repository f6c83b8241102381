"""Help on the first screen: the layout at a phone's 360x740 and a desktop's 1280x800.

On a phone, with filters chosen, the first result's call link is on the first screen in both
languages, with JavaScript on and off; on a desktop the filters sit beside the results. Every
card is announced by its service's name (Chromium's accessibility tree, not the markup).
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from .browser import PHONE, open_page, set_viewport, wait_for

# Filtered directory pages a person lands on from the home page: one state, or a state and a
# kind of help, in both languages (Malay labels are longer).
FILTERED = [
    "/ms/directory?state=MY-03",
    "/en/directory?state=MY-03",
    "/ms/directory?state=MY-10",
    "/en/directory?state=MY-10",
    "/ms/directory?state=MY-08&service=counselling",
    "/en/directory?state=MY-03&service=suicide-prevention",
    "/ms/directory?state=MY-14&service=crisis-helpline&open=24h",
]
DESKTOP = (1280, 800)

FIRST_CALL = """
    const link = document.querySelector("#results .card .calls a");
    if (!link) return null;
    const r = link.getBoundingClientRect();
    return {bottom: r.bottom, top: r.top, width: r.width, height: r.height,
            text: link.textContent.trim(), scrollY: window.scrollY};
"""


def assert_first_call_on_first_screen(driver, url, height=PHONE["height"]):
    link = driver.execute_script(FIRST_CALL)
    assert link is not None, f"{url}: no call link in the results"
    assert link["scrollY"] == 0 and link["width"] > 0 and link["height"] >= 44, (url, link)
    assert link["bottom"] <= height, f"{url}: the first call link ends at {link['bottom']}px"


@pytest.fixture
def phone(shared_browser):
    set_viewport(shared_browser, PHONE["width"], PHONE["height"])
    return shared_browser


@pytest.fixture(scope="module")
def phone_without_js(tmp_path_factory):
    from .browser import _chrome, _require_chromium

    _require_chromium()
    driver = _chrome(tmp_path_factory.mktemp("chrome-nojs"), javascript=False)
    yield driver
    driver.quit()


@pytest.mark.parametrize("url", FILTERED)
def test_first_result_can_be_called_without_scrolling(phone, shared_live_server, url):
    open_page(phone, shared_live_server.url + url)
    assert_first_call_on_first_screen(phone, url)
    # The filters fold into one line that says what they are and opens the whole form.
    panel = phone.find_element(By.ID, "filters-panel")
    assert panel.get_attribute("open") is None
    summary = phone.find_element(By.CSS_SELECTOR, "#filters-panel > summary")
    state = phone.find_element(By.CSS_SELECTOR, "#state option:checked").get_attribute("textContent")
    assert state.strip() in summary.text
    assert not phone.find_element(By.ID, "state").is_displayed()
    summary.click()
    assert phone.find_element(By.ID, "state").is_displayed()


@pytest.mark.parametrize("url", FILTERED)
def test_first_result_can_be_called_without_scrolling_without_javascript(
        phone_without_js, shared_live_server, url):
    open_page(phone_without_js, shared_live_server.url + url)
    assert_first_call_on_first_screen(phone_without_js, url)
    phone_without_js.find_element(By.CSS_SELECTOR, "#filters-panel > summary").click()
    assert phone_without_js.find_element(By.ID, "state").is_displayed()


def test_first_call_on_first_screen_at_320_px(phone, shared_live_server):
    set_viewport(phone, 320, PHONE["height"])
    for url in FILTERED[:2]:
        open_page(phone, shared_live_server.url + url)
        assert_first_call_on_first_screen(phone, url)
        assert phone.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")


def test_the_emergency_strip_is_compact_and_every_line_stays_one_tap_away(phone, shared_live_server):
    open_page(phone, shared_live_server.url + "/ms/directory?state=MY-10")
    strip = phone.find_element(By.CSS_SELECTOR, "aside.emergency")
    assert strip.rect["height"] <= 130, strip.rect
    emergency = phone.find_element(By.CSS_SELECTOR, ".emergency a[href='tel:999']")
    assert emergency.is_displayed()
    hidden = phone.find_elements(By.CSS_SELECTOR, "#emergency-more a.emergency-call")
    assert hidden and not any(a.is_displayed() for a in hidden)
    # What the strip offers is exactly the voice numbers of the nationwide 24-hour lines.
    from directory import phones, reference

    with shared_live_server.app.app_context():
        expected = {phones.href(p) for line in reference.emergency_lines() for p in line.phones
                    if p.kind == "voice"}
    phone.find_element(By.CSS_SELECTOR, "#emergency-more > summary").click()
    assert all(a.is_displayed() and a.rect["height"] >= 44 for a in hidden)
    hrefs = {a.get_attribute("href") for a in
             phone.find_elements(By.CSS_SELECTOR, ".emergency a.emergency-call")}
    assert "tel:999" in hrefs and hrefs == expected


@pytest.mark.parametrize("url", ["/en/directory?state=MY-10", "/ms/directory"])
def test_desktop_shows_filters_beside_results(shared_browser, shared_live_server, url):
    set_viewport(shared_browser, *DESKTOP, pixel_ratio=1)
    try:
        open_page(shared_browser, shared_live_server.url + url)
        form = shared_browser.find_element(By.ID, "filters").rect
        results = shared_browser.find_element(By.ID, "results").rect
        assert form["width"] > 200 and results["width"] > 400, (form, results)
        # Two columns: side by side, starting at the same height, not overlapping.
        assert form["x"] + form["width"] <= results["x"], (form, results)
        assert abs(form["y"] - results["y"]) < 60, (form, results)
        assert shared_browser.find_element(By.ID, "state").is_displayed()
        assert shared_browser.execute_script(FIRST_CALL)["bottom"] <= DESKTOP[1]
    finally:
        set_viewport(shared_browser, PHONE["width"], PHONE["height"])


@pytest.mark.parametrize("url", ["/en/directory?state=MY-10", "/ms/directory",
                                 "/en/search?q=befrienders"])
def test_every_card_is_announced_by_its_service_name(phone, shared_live_server, url):
    open_page(phone, shared_live_server.url + url)
    cards = phone.find_elements(By.CSS_SELECTOR, ".card > article")
    assert len(cards) >= 3, url
    for card in cards:
        name = card.find_element(By.CSS_SELECTOR, "h3").text.strip()
        assert card.aria_role == "article"
        assert card.accessible_name == name, (url, card.accessible_name, name)


def test_home_leads_to_help_in_three_taps_and_to_the_24_hour_lines(phone, shared_live_server):
    from selenium.webdriver.support.ui import Select

    open_page(phone, shared_live_server.url + "/en/")
    now = phone.find_element(By.ID, "help-now")
    assert now.is_displayed() and now.rect["y"] + now.rect["height"] <= PHONE["height"]
    now.click()
    lines = phone.find_elements(By.CSS_SELECTOR, "#crisis-lines a[href^='tel:']")
    assert lines and lines[0].is_displayed()
    open_page(phone, shared_live_server.url + "/en/")
    Select(phone.find_element(By.ID, "home-state")).select_by_value("MY-10")       # tap 1
    Select(phone.find_element(By.ID, "home-service")).select_by_index(1)           # tap 2
    phone.find_element(By.CSS_SELECTOR, ".home-find button[type=submit]").click()  # tap 3
    wait_for(phone, lambda d: "/directory" in d.current_url
             and d.execute_script("return document.readyState") == "complete")
    assert "/en/directory?state=MY-10&service=" in phone.current_url
    assert_first_call_on_first_screen(phone, phone.current_url)
