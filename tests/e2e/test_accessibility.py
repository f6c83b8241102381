"""Accessibility in a real browser at phone size: axe-core on every public page and the admin
queue (no serious or critical violation), the keyboard alone, and no sideways scrolling at
320 px.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from .browser import (
    PHONE,
    blocking,
    create_moderator,
    describe_violations,
    open_page,
    run_axe,
    set_viewport,
    sign_in,
    wait_for,
)

# An empty result: a query nothing in the directory can match (checked on the page below).
EMPTY_DIRECTORY = "/en/directory?state=MY-15&service=eating-disorder&speaks=ta&cost=free"

PUBLIC_PAGES = [
    "/ms/",
    "/en/",
    "/en/directory",
    "/ms/directory?state=MY-08&service=counselling",
    EMPTY_DIRECTORY,
    "/en/directory?q=zz%3Cbad%3E&state=MY-99",  # filters that were not understood
    "/en/services/befrienders-kuala-lumpur",
    "/ms/services/befrienders-ipoh",
    "/en/search?q=kaunseling",
    "/en/search?q=i%20want%20to%20die",
    "/ms/search?q=",
    "/en/guides/",
    "/en/guides/teens",
    "/en/guides/caregivers",
    "/en/guides/educators",
    "/en/guides/talking-to-someone",
    "/ms/guides/teens",
    "/en/help/eating-disorders",
    "/ms/help/eating-disorders",
    "/en/directory?service=eating-disorder",
    "/en/sessions",
    "/en/offline",
    "/en/submit/new",
    "/en/services/befrienders-kuala-lumpur/report",
    "/en/services/befrienders-kuala-lumpur/update",
    "/en/submit/status",
    "/en/open-data",
    "/en/embed",
    "/embed/en/directory",
    "/embed/ms/directory?state=MY-08&service=counselling",
    "/en/no-such-page",
    "/admin/login",
]


MODERATOR_PAGES = ["/admin/verification", "/admin/services", "/admin/sessions", "/admin/audit",
                   "/admin/translations"]


@pytest.fixture(scope="module")
def site(shared_live_server):
    """The shared server, with the demo live sessions so /sessions shows its cards."""
    from directory.web.clock import now
    from directory.seed import seed_demo_sessions

    with shared_live_server.app.app_context():
        seed_demo_sessions(now())
    return shared_live_server


@pytest.fixture
def phone(shared_browser):
    set_viewport(shared_browser, PHONE["width"], PHONE["height"])
    return shared_browser


def assert_no_serious_violations(driver):
    found = blocking(run_axe(driver))
    assert not found, (f"axe-core on {driver.current_url}:\n" + describe_violations(found))


# --- axe-core ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_axe_public_pages(phone, site, path):
    open_page(phone, site.url + path)
    assert phone.find_element(By.TAG_NAME, "h1").text
    assert_no_serious_violations(phone)


def test_the_empty_directory_url_is_really_empty(phone, site):
    open_page(phone, site.url + EMPTY_DIRECTORY)
    assert phone.find_elements(By.CSS_SELECTOR, "#results .empty")
    assert not phone.find_elements(By.CSS_SELECTOR, "#results .card")


def test_axe_directory_after_an_htmx_swap(phone, site):
    open_page(phone, site.url + "/en/directory")
    phone.execute_script("window.__marker = 1")
    phone.find_element(By.CSS_SELECTOR, "input[name=service][value=crisis-helpline]").click()
    wait_for(phone, lambda d: "service=crisis-helpline" in d.execute_script("return location.search"))
    wait_for(phone, lambda d: not d.find_elements(
        By.CSS_SELECTOR, ".htmx-request, .htmx-swapping, .htmx-settling"))
    assert phone.find_elements(By.CSS_SELECTOR, "#results a[href$='/befrienders-kuala-lumpur']")
    assert phone.execute_script("return window.__marker") == 1
    assert_no_serious_violations(phone)


def test_axe_submission_form_with_errors(phone, site):
    open_page(phone, site.url + "/en/submit/new")
    phone.find_element(By.ID, "phones-0-number").send_keys("12")
    phone.find_element(By.CSS_SELECTOR, "form.submission button[type=submit]").click()
    wait_for(phone, lambda d: d.find_elements(By.ID, "form-errors"))
    assert phone.find_elements(By.CSS_SELECTOR, "[aria-invalid=true]")
    assert_no_serious_violations(phone)


def test_axe_status_page_and_admin_queue(phone, site):
    # A real submission first, through the report form, so the status page and queue have one.
    open_page(phone, site.url + "/en/services/befrienders-kuala-lumpur/report")
    phone.find_element(By.CSS_SELECTOR, "input[name=reason]").click()
    phone.find_element(By.CSS_SELECTOR, "form.submission button[type=submit]").click()
    wait_for(phone, lambda d: "/submit/status/" in d.current_url)
    assert phone.find_element(By.CSS_SELECTOR, ".reference-code").text.startswith("JG-")
    assert_no_serious_violations(phone)

    create_moderator(site)
    sign_in(phone, site)
    open_page(phone, site.url + "/admin/")
    assert phone.find_elements(By.CSS_SELECTOR, ".admin-table tbody tr")
    assert_no_serious_violations(phone)
    # The submission itself: the moderator's review form.
    phone.find_element(By.CSS_SELECTOR, ".admin-table tbody a").click()
    wait_for(phone, lambda d: "/admin/submissions/" in d.current_url)
    assert_no_serious_violations(phone)
    for page in MODERATOR_PAGES:
        open_page(phone, site.url + page)
        assert "/admin/login" not in phone.current_url
        assert_no_serious_violations(phone)
    phone.find_element(By.CSS_SELECTOR, ".admin-header form button[type=submit]").click()
    wait_for(phone, lambda d: "/admin/login" in d.current_url)


# --- Keyboard ---------------------------------------------------------------------------------

FOCUSABLE = ("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
             "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])")

# The focused element, with its focus style and (when recorded) its style at rest.
ACTIVE = """
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name"),
            href: el.getAttribute("href"), text: (el.textContent || "").trim().slice(0, 60),
            outline: style.outlineStyle === "none" ? "none"
                     : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
            outlineWidth: parseFloat(style.outlineWidth) || 0, boxShadow: style.boxShadow,
            rest: el.dataset.jagaRest ? JSON.parse(el.dataset.jagaRest) : null,
            key: el.dataset.jagaKey || null};
"""
REMEMBER_REST_STYLE = """
    document.querySelectorAll(arguments[0]).forEach((el) => {
        const s = getComputedStyle(el);
        el.dataset.jagaRest = JSON.stringify({
            outline: s.outlineStyle === "none" ? "none"
                     : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            boxShadow: s.boxShadow});
    });
"""


def press_tab(driver, times=1, shift=False):
    actions = ActionChains(driver)
    for _ in range(times):
        if shift:
            actions.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
        else:
            actions.send_keys(Keys.TAB)
    actions.perform()


def visible_focus(active: dict) -> bool:
    """An outline, or a box-shadow, that the element does not have when it is not focused."""
    rest = active["rest"] or {"outline": "none", "boxShadow": "none"}
    outline = (active["outline"] != "none" and active["outlineWidth"] > 0
               and active["outline"] != rest["outline"])
    shadow = active["boxShadow"] not in ("", "none") and active["boxShadow"] != rest["boxShadow"]
    return outline or shadow


@pytest.mark.parametrize("path", ["/en/", "/ms/directory?state=MY-08", "/en/submit/new"])
def test_the_skip_link_comes_first_and_moves_focus_to_main(phone, site, path):
    open_page(phone, site.url + path)
    phone.execute_script(REMEMBER_REST_STYLE, "a.skip-link")
    press_tab(phone)
    active = phone.execute_script(ACTIVE)
    assert active["href"] == "#main", active
    assert phone.switch_to.active_element.is_displayed()  # shown when focused
    assert visible_focus(active)
    phone.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(phone, lambda d: d.execute_script("return document.activeElement.id") == "main")
    # The next Tab goes on from the main content, not back to the header.
    press_tab(phone)
    assert phone.execute_script(
        "return document.getElementById('main').contains(document.activeElement)")


def test_every_control_on_the_directory_is_reachable_with_visible_focus(phone, site):
    open_page(phone, site.url + "/en/directory?state=MY-08")
    # Open the folded filters, "More filters" and the other 24-hour lines first, so the
    # controls inside them can be reached.
    phone.execute_script("document.querySelectorAll('#filters-panel, details.more-filters, #emergency-more')"
                         ".forEach((d) => { d.open = true; })")
    expected = phone.execute_script("""
        const list = [];
        document.querySelectorAll(arguments[0]).forEach((el, i) => {
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            if (el.closest('[aria-hidden=true]') || s.visibility === 'hidden' ||
                (r.width === 0 && r.height === 0 && el !== document.activeElement &&
                 !el.classList.contains('skip-link'))) return;
            el.dataset.jagaKey = String(i);
            list.push(String(i));
        });
        return list;
    """, FOCUSABLE)
    assert len(expected) > 30
    phone.execute_script(REMEMBER_REST_STYLE, FOCUSABLE)
    seen, no_focus_style = [], []
    for _ in range(len(expected) + 5):
        press_tab(phone)
        active = phone.execute_script(ACTIVE)
        if active is None:
            break
        if active["key"] is None or active["key"] in seen:
            if active["key"] in seen:
                break
            continue
        seen.append(active["key"])
        if not visible_focus(active):
            no_focus_style.append(active)
    missed = phone.execute_script(
        "return arguments[0].map((k) => document.querySelector(`[data-jaga-key='${k}']`).outerHTML.slice(0, 120))",
        [k for k in expected if k not in seen])
    assert not missed, f"not reachable with Tab: {missed}"
    assert not no_focus_style, f"focused without a visible indicator: {no_focus_style}"
    # Tab order follows the page: the same order as in the document.
    assert seen == sorted(seen, key=int)


def test_the_filter_form_works_with_the_keyboard_alone(phone, site):
    open_page(phone, site.url + "/en/directory")
    before = phone.find_element(By.CSS_SELECTOR, "#results .result-count").text
    phone.execute_script("window.__marker = 1")
    state = phone.find_element(By.ID, "state")
    # Reach the state list by tabbing (as a keyboard user would), then use the arrow keys.
    for _ in range(60):
        press_tab(phone)
        if phone.execute_script("return document.activeElement.id") == "state":
            break
    else:
        pytest.fail("Tab never reached the state list")
    options = [o.get_attribute("value") for o in state.find_elements(By.TAG_NAME, "option")]
    perak = options.index("MY-08")
    ActionChains(phone).send_keys(*([Keys.ARROW_DOWN] * perak)).perform()
    wait_for(phone, lambda d: d.execute_script("return document.getElementById('state').value") == "MY-08")
    wait_for(phone, lambda d: "state=MY-08" in d.execute_script("return location.search"))
    # Tab on to the first kind of help and tick it with the space bar.
    press_tab(phone)
    active = phone.execute_script("return document.activeElement")
    assert active.get_attribute("name") == "service" and active.get_attribute("type") == "checkbox"
    value = active.get_attribute("value")
    ActionChains(phone).send_keys(Keys.SPACE).perform()
    wait_for(phone, lambda d: f"service={value}" in d.execute_script("return location.search"))
    assert active.is_selected()
    wait_for(phone, lambda d: d.find_element(By.CSS_SELECTOR, "#results .result-count").text != before)
    assert phone.execute_script("return window.__marker") == 1  # no full page load
    # Enter on "Show results" submits (htmx) and keeps the filters.
    for _ in range(30):
        press_tab(phone)
        if phone.execute_script("return document.activeElement.matches('#filters button[type=submit]')"):
            break
    else:
        pytest.fail("Tab never reached the Show results button")
    ActionChains(phone).send_keys(Keys.ENTER).perform()
    wait_for(phone, lambda d: not d.find_elements(By.CSS_SELECTOR, "#results.htmx-request"))
    search = phone.execute_script("return location.search")
    assert "state=MY-08" in search and f"service={value}" in search


def test_sensitive_passage_opens_with_the_keyboard(phone, site):
    open_page(phone, site.url + "/en/guides/teens")
    phone.execute_script(REMEMBER_REST_STYLE, "details.sensitive summary")
    summary = phone.find_element(By.CSS_SELECTOR, "details.sensitive summary")
    for _ in range(60):
        press_tab(phone)
        if phone.execute_script("return document.activeElement") == summary:
            break
    else:
        pytest.fail("Tab never reached the sensitive passage")
    assert visible_focus(phone.execute_script(ACTIVE))
    ActionChains(phone).send_keys(Keys.ENTER).perform()
    wait_for(phone, lambda d: d.find_element(By.CSS_SELECTOR, "details.sensitive").get_attribute("open") is not None)


# --- 320 px -----------------------------------------------------------------------------------

NARROW_PAGES = [
    "/ms/", "/en/", "/en/directory", "/ms/directory?state=MY-08&service=counselling",
    EMPTY_DIRECTORY, "/en/services/befrienders-kuala-lumpur", "/en/search?q=i%20want%20to%20die",
    "/en/search?q=kaunseling", "/en/guides/", "/en/guides/teens", "/en/sessions", "/en/offline",
    "/en/submit/new", "/en/services/befrienders-kuala-lumpur/report", "/en/open-data", "/en/embed",
    "/embed/en/directory", "/en/no-such-page", "/admin/login",
]


@pytest.mark.parametrize("path", NARROW_PAGES)
def test_nothing_overflows_at_320_px(shared_browser, site, path):
    set_viewport(shared_browser, 320, 640)
    try:
        open_page(shared_browser, site.url + path)
        width = shared_browser.execute_script("return document.documentElement.scrollWidth")
        if width > 320:
            culprits = shared_browser.execute_script("""
                return Array.from(document.querySelectorAll('body *'))
                  .filter((el) => el.getBoundingClientRect().right > 320.5)
                  .slice(0, 8).map((el) => el.outerHTML.slice(0, 120));
            """)
            pytest.fail(f"{path} is {width}px wide at 320px: {culprits}")
    finally:
        set_viewport(shared_browser, PHONE["width"], PHONE["height"])


def test_axe_really_runs_and_reports(phone, site):
    """A guard for the checks above: a planted problem is found (axe is not silently off)."""
    open_page(phone, site.url + "/en/")
    phone.execute_script("""
        document.getElementById("home-state").removeAttribute("id");
        const img = document.createElement("img");
        img.src = "/static/img/icon.svg";
        document.querySelector("main").append(img);
    """)
    found = {v["id"] for v in blocking(run_axe(phone))}
    assert {"image-alt", "select-name"} <= found
