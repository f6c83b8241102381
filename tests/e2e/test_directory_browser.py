"""The directory as a person on a phone gets it: filters without a page load, the address bar,
Back and Forward, reload, JavaScript off, the language switch, tap-to-call and crisis search.

What the results should be is asked from the server itself (the Flask test client on the same
app and database), never hard-coded.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from .browser import PHONE, open_page, wait_for

CARD_LINK = re.compile(r'<h3 id="card-\d+"><a href="([^"]+)"')
RESULT_COUNT = re.compile(r'<p class="result-count" data-announce>([^<]+)</p>')

BROWSER_RESULTS = """
    const results = document.getElementById("results");
    if (!results || results.classList.contains("htmx-request")) return null;
    const count = results.querySelector(".result-count");
    return {links: Array.from(results.querySelectorAll(".card h3 a"), (a) => a.getAttribute("href")),
            count: count ? count.textContent.trim() : null};
"""


def server_results(server, url: str) -> dict:
    """The services (their links, in order) and the count line that the server gives for url."""
    response = server.app.test_client().get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    return {"links": CARD_LINK.findall(page),
            "count": html.unescape(RESULT_COUNT.search(page).group(1)).strip()}


def browser_results(driver) -> dict | None:
    return driver.execute_script(BROWSER_RESULTS)


def query(driver) -> dict:
    """The address bar's filters, without empty ones."""
    return {k: sorted(v) for k, v in parse_qs(urlsplit(driver.current_url).query).items()}


def path(driver) -> str:
    return urlsplit(driver.current_url).path


def form_state(driver) -> dict:
    """What the filter form shows: the chosen state and the ticked kinds of help."""
    return driver.execute_script("""
        return {state: document.getElementById("state").value,
                service: Array.from(document.querySelectorAll("#filters input[name=service]:checked"),
                                    (i) => i.value).sort()};
    """)


def wait_for_results(driver, expected: dict):
    try:
        wait_for(driver, lambda d: browser_results(d) == expected)
    except TimeoutException:
        assert browser_results(driver) == expected  # shows the difference


def full_loads(driver) -> int:
    """How many documents this tab's window has loaded (a marker on window survives htmx)."""
    return driver.execute_script("return window.__marker || 0")


def tick_service(driver, slug: str):
    driver.find_element(By.CSS_SELECTOR, f"#filters input[name=service][value='{slug}']").click()


# --- Filtering with htmx, the address bar, history ------------------------------------------------

@pytest.fixture
def filtered(browser, live_server):
    """Home of the directory, then Perak, then Perak + counselling, all by htmx swaps.

    Returns the results the server gives for each of the three addresses.
    """
    base = live_server.url
    expected = {
        "all": server_results(live_server, "/en/directory"),
        "perak": server_results(live_server, "/en/directory?state=MY-08"),
        "perak_counselling": server_results(live_server, "/en/directory?state=MY-08&service=counselling"),
    }
    # The three really differ, or the checks below would prove nothing.
    assert len({str(v) for v in expected.values()}) == 3, expected
    assert "/en/services/befrienders-ipoh" in expected["perak"]["links"]

    open_page(browser, base + "/en/directory")
    wait_for_results(browser, expected["all"])
    browser.execute_script("window.__marker = 1")
    navigations = browser.execute_script("return performance.getEntriesByType('navigation').length")

    Select(browser.find_element(By.ID, "state")).select_by_value("MY-08")
    wait_for(browser, lambda d: query(d) == {"state": ["MY-08"]})
    wait_for_results(browser, expected["perak"])

    tick_service(browser, "counselling")
    wait_for(browser, lambda d: query(d) == {"state": ["MY-08"], "service": ["counselling"]})
    wait_for_results(browser, expected["perak_counselling"])

    # Still the same document: no full page load happened.
    assert full_loads(browser) == 1
    assert browser.execute_script("return performance.getEntriesByType('navigation').length") == navigations
    return expected


def test_filters_update_results_and_address_without_a_page_load(browser, filtered):
    assert path(browser) == "/en/directory"
    assert form_state(browser) == {"state": "MY-08", "service": ["counselling"]}
    # Screen-reader users are told the new count.
    wait_for(browser, lambda d: d.find_element(By.ID, "announcer").get_attribute("textContent")
             == filtered["perak_counselling"]["count"])


def test_back_and_forward_restore_earlier_results(browser, filtered):
    steps = [
        (browser.back, {"state": ["MY-08"]}, "perak", {"state": "MY-08", "service": []}),
        (browser.back, {}, "all", {"state": "", "service": []}),
        (browser.forward, {"state": ["MY-08"]}, "perak", {"state": "MY-08", "service": []}),
        (browser.forward, {"state": ["MY-08"], "service": ["counselling"]}, "perak_counselling",
         {"state": "MY-08", "service": ["counselling"]}),
    ]
    for move, address, name, form in steps:
        move()
        wait_for(browser, lambda d, address=address: query(d) == address)
        wait_for_results(browser, filtered[name])
        # The form matches the address too, so the next change starts from what is shown.
        wait_for(browser, lambda d, form=form: form_state(d) == form)


def history_length(driver) -> int:
    return driver.execute_script("return history.length")


def test_enter_in_the_search_field_adds_one_history_entry(browser, live_server):
    # Enter fires both "change" and "submit"; one address must come of it, so a single
    # Back press returns to the results before the search.
    everything = server_results(live_server, "/en/directory")
    searched = server_results(live_server, "/en/directory?q=counselling")
    assert searched != everything
    open_page(browser, live_server.url + "/en/directory")
    before = history_length(browser)
    browser.find_element(By.ID, "q").send_keys("counselling", Keys.ENTER)
    wait_for(browser, lambda d: query(d) == {"q": ["counselling"]})
    wait_for_results(browser, searched)
    assert history_length(browser) == before + 1
    browser.back()
    wait_for(browser, lambda d: query(d) == {})
    wait_for_results(browser, everything)


def test_show_results_after_a_change_adds_no_second_entry(browser, filtered):
    # People tap "Show results" after picking a filter, though the results already changed.
    before = history_length(browser)
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_for(browser, lambda d: d.execute_script(
        "return document.getElementById('results').classList.contains('htmx-request')") is False)
    wait_for_results(browser, filtered["perak_counselling"])
    assert history_length(browser) == before
    browser.back()
    wait_for(browser, lambda d: query(d) == {"state": ["MY-08"]})
    wait_for_results(browser, filtered["perak"])


def test_reload_of_a_filtered_address_shows_the_same_results(browser, filtered):
    browser.refresh()
    wait_for(browser, lambda d: full_loads(d) == 0)  # a new document
    wait_for_results(browser, filtered["perak_counselling"])
    assert query(browser) == {"state": ["MY-08"], "service": ["counselling"]}
    assert form_state(browser) == {"state": "MY-08", "service": ["counselling"]}


def test_opening_a_shared_filtered_address(browser, live_server):
    url = "/en/directory?service=crisis-helpline"
    expected = server_results(live_server, url)
    assert "/en/services/befrienders-kuala-lumpur" in expected["links"]
    open_page(browser, live_server.url + url)
    wait_for_results(browser, expected)
    assert form_state(browser)["service"] == ["crisis-helpline"]


def test_the_same_filters_work_without_javascript(browser_without_js, live_server):
    driver = browser_without_js
    open_page(driver, live_server.url + "/en/directory")
    assert driver.execute_script("return typeof htmx") == "undefined"  # the page's scripts are off
    Select(driver.find_element(By.ID, "state")).select_by_value("MY-08")
    tick_service(driver, "counselling")
    assert query(driver) == {}  # nothing happens until the form is sent
    driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_for(driver, lambda d: query(d).get("state") == ["MY-08"])
    assert query(driver)["service"] == ["counselling"]
    # The same results as with JavaScript, for the same filters.
    expected = server_results(live_server, "/en/directory?state=MY-08&service=counselling")
    assert browser_results(driver) == expected
    assert browser_results(driver) == server_results(live_server, urlsplit(driver.current_url).path
                                                     + "?" + urlsplit(driver.current_url).query)
    assert form_state(driver) == {"state": "MY-08", "service": ["counselling"]}


# --- Language switch ---------------------------------------------------------------------------

def test_language_switch_keeps_the_filters_after_htmx_changes(browser, live_server, filtered):
    link = browser.find_element(By.CSS_SELECTOR, "#lang-switch a[hreflang=ms]")
    # The switch's links were refreshed with the swap, so they carry the new filters.
    assert parse_qs(urlsplit(link.get_attribute("href")).query) == {
        "state": ["MY-08"], "service": ["counselling"]}
    link.click()
    wait_for(browser, lambda d: path(d) == "/ms/directory")
    assert query(browser) == {"state": ["MY-08"], "service": ["counselling"]}
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ms"
    wait_for_results(browser, server_results(live_server, "/ms/directory?state=MY-08&service=counselling"))
    assert form_state(browser) == {"state": "MY-08", "service": ["counselling"]}
    # The same services, now in Malay (sorted by their Malay names).
    assert sorted(link.replace("/ms/", "/en/") for link in browser_results(browser)["links"]) == \
        sorted(filtered["perak_counselling"]["links"])


def test_language_switch_keeps_the_filters_without_javascript(browser_without_js, live_server):
    driver = browser_without_js
    open_page(driver, live_server.url + "/ms/directory?state=MY-08&service=counselling&speaks=en")
    driver.find_element(By.CSS_SELECTOR, "#lang-switch a[hreflang=en]").click()
    wait_for(driver, lambda d: path(d) == "/en/directory")
    assert query(driver) == {"state": ["MY-08"], "service": ["counselling"], "speaks": ["en"]}
    assert browser_results(driver) == server_results(
        live_server, "/en/directory?state=MY-08&service=counselling&speaks=en")


# --- Tap to call -------------------------------------------------------------------------------

TAP_LINKS = """
    return Array.from(document.querySelectorAll("a[href^='tel:'], a[href^='sms:'], a[href^='https://wa.me/6']"),
      (a) => {
        const r = a.getBoundingClientRect();
        return {href: a.getAttribute("href"), text: a.textContent.replace(/\\s+/g, " ").trim(),
                height: r.height, width: r.width,
                card: (a.closest(".card h3, .card") && a.closest(".card").querySelector("h3 a"))
                      ? a.closest(".card").querySelector("h3 a").getAttribute("href") : null};
      });
"""


def dialled_digits(href: str) -> str:
    """The number a phone dials for a link, in Malaysian national form."""
    number = re.sub(r"^(tel:|sms:|https://wa\.me/)", "", href)
    if number.startswith("+60"):
        return "0" + number[3:]
    if number.startswith("60") and "wa.me" in href:
        return "0" + number[2:]
    return number


def shown_digits(text: str) -> str:
    """The digits of the first number written in a link's text (before any spelled-out form)."""
    match = re.search(r"\d[\d -]{1,20}\d", text)
    return re.sub(r"\D", "", match.group(0)) if match else ""


@pytest.mark.parametrize("url", ["/en/directory?state=MY-08", "/ms/directory?service=crisis-helpline",
                                 "/en/services/befrienders-kuala-lumpur", "/en/offline"])
def test_tap_to_call_links_dial_what_they_show(browser, live_server, url):
    open_page(browser, live_server.url + url)
    links = browser.execute_script(TAP_LINKS)
    assert len(links) >= 3
    for link in links:
        href = link["href"]
        if href.startswith("tel:"):
            # International form for landlines and mobiles, national for 1-800, short codes as is.
            assert re.fullmatch(r"tel:(\+60[1-9]\d{7,9}|1[38]00\d{6,7}|\d{3,5})", href), link
        elif href.startswith("sms:"):
            assert re.fullmatch(r"sms:\+60[1-9]\d{7,9}", href), link
        else:
            assert re.fullmatch(r"https://wa\.me/60[1-9]\d{7,9}", href), link
        assert dialled_digits(href) == shown_digits(link["text"]), link
        # Big enough to tap.
        if link["width"]:
            assert link["height"] >= 44, link


def test_known_numbers_are_dialled_right(browser, live_server):
    open_page(browser, live_server.url + "/en/directory?state=MY-08")
    links = browser.execute_script(TAP_LINKS)
    by_card = {(link["card"], link["href"]) for link in links}
    assert ("/en/services/befrienders-kuala-lumpur", "tel:+60376272929") in by_card
    assert ("/en/services/buddy-bear-childline", "tel:1800182327") in by_card  # 1-800: national
    assert ("/en/services/talian-kasih-15999", "tel:15999") in by_card  # a short code
    # The emergency strip on every page: 999 and the 24-hour lines.
    strip = {a.get_attribute("href") for a in
             browser.find_elements(By.CSS_SELECTOR, ".emergency a.emergency-call")}
    assert {"tel:999", "tel:+60376272929", "tel:15999"} <= strip
    # On the first screen of a phone, without scrolling.
    first = browser.find_element(By.CSS_SELECTOR, ".emergency a[href='tel:999']")
    assert first.is_displayed()
    assert browser.execute_script("return arguments[0].getBoundingClientRect().bottom", first) \
        <= PHONE["height"]


# --- Crisis search -----------------------------------------------------------------------------

def assert_crisis_panel_first(driver, scope: str = "main"):
    panel = driver.find_element(By.ID, "crisis-panel")
    count = driver.find_element(By.CSS_SELECTOR, f"{scope} .result-count")
    # Before the results, in the page and on the screen.
    assert driver.execute_script(
        "return !!(arguments[0].compareDocumentPosition(arguments[1]) & Node.DOCUMENT_POSITION_FOLLOWING)",
        panel, count)
    assert panel.location["y"] < count.location["y"]
    assert panel.find_elements(By.CSS_SELECTOR, "a[href='tel:+60376272929']")


def test_a_crisis_search_shows_the_crisis_panel_first(browser, live_server):
    open_page(browser, live_server.url + "/en/")
    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys("i want to die", Keys.ENTER)
    wait_for(browser, lambda d: path(d) == "/en/search")
    assert parse_qs(urlsplit(browser.current_url).query) == {"q": ["i want to die"]}
    assert_crisis_panel_first(browser)
    # The panel's heading is on the first screen of the phone: no scrolling to find it.
    heading = browser.execute_script(
        "return document.getElementById('crisis-panel-heading').getBoundingClientRect().bottom")
    assert heading <= PHONE["height"]


def test_a_crisis_query_in_the_directory_filter_shows_the_panel_first(browser, live_server):
    open_page(browser, live_server.url + "/ms/directory")
    browser.execute_script("window.__marker = 1")
    expected = server_results(live_server, "/ms/directory?q=nak+bunuh+diri")
    box = browser.find_element(By.ID, "q")
    box.send_keys("nak bunuh diri", Keys.ENTER)
    wait_for(browser, lambda d: query(d).get("q") == ["nak bunuh diri"])
    wait_for_results(browser, expected)
    assert browser.find_elements(By.CSS_SELECTOR, "#results > #crisis-panel")
    assert full_loads(browser) == 1
    first = browser.execute_script("return document.getElementById('results').firstElementChild.id")
    assert first == "crisis-panel"
    assert_crisis_panel_first(browser, "#results")


def test_an_ordinary_search_shows_no_crisis_panel(browser, live_server):
    open_page(browser, live_server.url + "/en/search?q=kaunseling")
    assert not browser.find_elements(By.ID, "crisis-panel")
    assert browser.find_elements(By.CSS_SELECTOR, "main .card")


# --- "Did you get through?" ------------------------------------------------------------------

def feedback_counts(live_server) -> list[tuple]:
    import sqlalchemy as sa

    from directory.extensions import db
    from directory.models import LineFeedbackCount

    with live_server.app.app_context():
        return db.session.execute(
            sa.select(LineFeedbackCount.answer, LineFeedbackCount.count)
            .order_by(LineFeedbackCount.answer)).all()


def test_did_you_get_through_works_without_javascript(browser_without_js, live_server):
    driver = browser_without_js
    open_page(driver, live_server.url + "/en/services/talian-kasih-15999")
    forms = driver.find_elements(By.CSS_SELECTOR, "form.got-through")
    assert len(forms) == 2 and all(form.is_displayed() for form in forms)  # under each button
    form_id = forms[0].get_attribute("id")
    forms[0].find_element(By.CSS_SELECTOR, 'button[value="no_answer"]').click()
    wait_for(driver, lambda d: "thanks=" in d.current_url)
    thanks = driver.find_element(By.ID, form_id)
    assert thanks.tag_name == "p" and "Your answer was counted" in thanks.text
    assert driver.get_cookies() == []  # no cookie, not even for the form
    assert feedback_counts(live_server) == [("no_answer", 1)]


def test_did_you_get_through_asks_after_the_call_link_is_used(browser, live_server):
    open_page(browser, live_server.url + "/en/services/talian-kasih-15999")
    forms = browser.find_elements(By.CSS_SELECTOR, "form.got-through")
    assert forms and not any(form.is_displayed() for form in forms)  # not asked before a call
    link = browser.find_element(By.CSS_SELECTOR, ".contact a.call")
    # The phone app cannot open here: keep the page, then come back to it as from a call.
    browser.execute_script("arguments[0].addEventListener('click', e => e.preventDefault());"
                           "arguments[0].click();"
                           "document.dispatchEvent(new Event('visibilitychange'));", link)
    asked = link.find_element(By.XPATH, "following-sibling::form[1]")
    wait_for(browser, lambda d: asked.is_displayed())
    assert sum(form.is_displayed() for form in forms) == 1  # only that line's question
    form_id = asked.get_attribute("id")
    url = browser.current_url
    asked.find_element(By.CSS_SELECTOR, 'button[value="got_through"]').click()
    thanks = "var e = document.getElementById(arguments[0]); return e && e.tagName + ' ' + e.textContent;"
    wait_for(browser, lambda d: (d.execute_script(thanks, form_id) or "").startswith("P "))
    assert browser.current_url == url  # swapped in place, no page load
    assert "Your answer was counted" in browser.execute_script(thanks, form_id)
    assert feedback_counts(live_server) == [("got_through", 1)]
