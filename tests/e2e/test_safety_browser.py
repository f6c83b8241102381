"""In a real browser: sensitive passages, quick exit, the offline crisis card."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from .browser import wait_for


def test_sensitive_passage_stays_hidden_until_revealed(browser, live_server):
    browser.get(live_server.url + "/en/guides/teens")
    block = browser.find_element(By.CSS_SELECTOR, "details.sensitive")
    hidden = block.find_elements(By.CSS_SELECTOR, "li")[0]
    assert not hidden.is_displayed()
    summary = block.find_element(By.TAG_NAME, "summary")
    assert "Sensitive content" in summary.text and "vomiting" in summary.text
    summary.click()
    assert hidden.is_displayed()
    assert block.get_attribute("open") is not None


def test_sensitive_passage_works_without_javascript(browser_without_js, live_server):
    browser_without_js.get(live_server.url + "/ms/guides/caregivers")
    block = browser_without_js.find_element(By.CSS_SELECTOR, "details.sensitive")
    inner = block.find_element(By.CSS_SELECTOR, "li, p")
    assert not inner.is_displayed()
    block.find_element(By.TAG_NAME, "summary").click()
    assert inner.is_displayed()


def test_quick_exit_leaves_and_back_does_not_return(browser, live_server, neutral_site):
    browser.get(live_server.url + "/en/")
    browser.get(live_server.url + "/en/directory?state=MY-08")
    browser.find_element(By.ID, "quick-exit").click()
    wait_for(browser, lambda d: d.current_url.startswith(neutral_site.url))
    browser.back()
    wait_for(browser, lambda d: d.current_url.startswith(neutral_site.url))
    assert "Weather today" in browser.page_source
    assert not browser.current_url.startswith(live_server.url)


def test_escape_twice_leaves(browser, live_server, neutral_site):
    browser.get(live_server.url + "/ms/guides/teens")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ESCAPE)
    body.send_keys(Keys.ESCAPE)
    wait_for(browser, lambda d: d.current_url.startswith(neutral_site.url))


def test_coming_back_on_purpose_is_allowed(browser, live_server, neutral_site):
    browser.get(live_server.url + "/en/")
    browser.find_element(By.ID, "quick-exit").click()
    wait_for(browser, lambda d: d.current_url.startswith(neutral_site.url))
    browser.get(live_server.url + "/en/directory")  # typed in again: not a Back
    assert browser.current_url.startswith(live_server.url)
    assert browser.find_element(By.ID, "results")


def test_quick_exit_without_javascript_is_a_plain_link(browser_without_js, live_server, neutral_site):
    browser_without_js.get(live_server.url + "/en/")
    browser_without_js.find_element(By.ID, "quick-exit").click()
    wait_for(browser_without_js, lambda d: d.current_url.startswith(neutral_site.url))


def test_offline_crisis_card_is_served_when_the_network_is_cut(browser, live_server):
    browser.get(live_server.url + "/en/")
    # Wait until the service worker controls the page and has kept the offline card.
    browser.set_script_timeout(15)
    cached = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        navigator.serviceWorker.ready
          .then(() => caches.keys())
          .then((keys) => Promise.all(keys.map((k) => caches.open(k).then((c) => c.keys()))))
          .then((lists) => done(lists.flat().map((r) => new URL(r.url).pathname)))
          .catch((e) => done(String(e)));
    """)
    assert "/en/offline" in cached and "/ms/offline" in cached
    live_server.stop()  # the network is gone
    browser.get(live_server.url + "/en/directory?state=MY-03")
    heading = wait_for(browser, lambda d: d.find_element(By.TAG_NAME, "h1"))
    assert heading.text == "Crisis numbers"
    assert browser.find_element(By.CSS_SELECTOR, 'a[href="tel:999"]').is_displayed()
    assert browser.find_elements(By.CSS_SELECTOR, 'a[href="tel:+60376272929"]')
    assert "It was saved on" in browser.page_source
