"""The submission form in a real browser, with and without JavaScript: an error is shown next
to its field and everything typed is still there; once corrected, it is sent.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .browser import open_page, wait_for

BAD_PHONE = "03-123"

TYPED = {
    "organisation_name": "Pertubuhan Contoh",
    "name_ms": "Talian Sokongan Contoh",
    "name_en": "Example Support Line",
    "description_ms": "Sokongan emosi melalui telefon.\nJuga melalui WhatsApp.",
    "description_en": "Emotional support by phone.",
    "phones-0-number": BAD_PHONE,
    "phones-1-number": "012-345 6789",
    "website": "https://example.org",
    "email": "help@example.org",
    "hours_ms": "Isnin hingga Jumaat, 9 pagi hingga 5 petang",
    "hours_en": "Monday to Friday, 9am to 5pm",
    "sources": "https://example.org/contact",
    "submitter_name": "Aminah",
    "submitter_organisation": "Pertubuhan Contoh",
    "submitter_contact": "aminah@example.org",
}
CHOSEN = {"phones-0-kind": "voice", "phones-1-kind": "whatsapp"}
TICKED = {
    "service_types": ["counselling"],
    "states": ["MY-10", "MY-14"],
    "languages": ["en", "ms"],
    "audiences": ["general", "youth"],
    "cost": ["free"],
}


def fill_in(driver):
    for name, value in TYPED.items():
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    for name, value in CHOSEN.items():
        Select(driver.find_element(By.NAME, name)).select_by_value(value)
    for name, values in TICKED.items():
        for value in values:
            driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()


def what_the_form_holds(driver) -> dict:
    """Every control of the submission form and its current value, as the browser has it."""
    return driver.execute_script("""
        const form = document.querySelector("form.submission"), out = {typed: {}, chosen: {}, ticked: {}};
        for (const el of form.elements) {
            if (!el.name || el.type === "hidden" || el.name === "homepage") continue;
            if (el.type === "checkbox" || el.type === "radio") {
                if (el.checked) (out.ticked[el.name] = out.ticked[el.name] || []).push(el.value);
            } else if (el.tagName === "SELECT") {
                out.chosen[el.name] = el.value;
            } else if (el.value) {
                out.typed[el.name] = el.value;
            }
        }
        Object.values(out.ticked).forEach((v) => v.sort());
        return out;
    """)


def expected_form() -> dict:
    chosen = {f"phones-{i}-kind": "voice" for i in range(4)} | CHOSEN
    return {"typed": TYPED, "chosen": chosen,
            "ticked": {name: sorted(values) for name, values in TICKED.items()}}


def visible_errors(driver) -> dict:
    return driver.execute_script("""
        const out = {};
        document.querySelectorAll("form.submission .field-error").forEach((p) => {
            if (!p.hidden && p.textContent.trim()) out[p.id] = p.textContent.trim();
        });
        return out;
    """)


def submissions(server) -> int:
    from directory.extensions import db
    from directory.models import Submission

    with server.app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Submission))


def assert_phone_error_next_to_the_field(driver):
    field = driver.find_element(By.ID, "phones-0-number")
    error = driver.find_element(By.ID, "phones-0-number-error")
    assert error.is_displayed()
    assert "not a Malaysian phone number" in error.text
    # Next to its field (in the same .field box, right after it), linked for screen readers.
    assert driver.execute_script(
        "return arguments[0].closest('.field') === arguments[1].closest('.field')", field, error)
    assert 0 < error.location["y"] - field.location["y"] < 150
    assert "phones-0-number-error" in field.get_attribute("aria-describedby").split()
    assert field.get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_form_keeps_every_input_after_an_error(request, live_server, javascript):
    driver = request.getfixturevalue("browser" if javascript else "browser_without_js")
    open_page(driver, live_server.url + "/en/submit/new")
    fill_in(driver)
    if javascript:
        # Leaving the phone field checks it at once, without sending the form.
        wait_for(driver, lambda d: d.find_element(By.ID, "phones-0-number-error").is_displayed())
        assert "/submit/new" in driver.current_url
    driver.find_element(By.CSS_SELECTOR, "form.submission button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "form-errors"))

    assert submissions(live_server) == 0
    assert_phone_error_next_to_the_field(driver)
    assert list(visible_errors(driver)) == ["phones-0-number-error"]  # the rest was valid
    assert what_the_form_holds(driver) == expected_form()

    # Corrected, it goes through and gives a reference code.
    phone = driver.find_element(By.ID, "phones-0-number")
    phone.clear()
    phone.send_keys("03-2345 6789")
    driver.find_element(By.CSS_SELECTOR, "form.submission button[type=submit]").click()
    wait_for(driver, lambda d: "/submit/status/" in d.current_url)
    assert driver.find_element(By.CSS_SELECTOR, ".reference-code").text.startswith("JG-")
    assert submissions(live_server) == 1


def test_the_phone_check_clears_its_message_once_the_number_is_right(browser, live_server):
    open_page(browser, live_server.url + "/en/submit/new")
    phone = browser.find_element(By.ID, "phones-0-number")
    phone.send_keys(BAD_PHONE)
    browser.find_element(By.ID, "phones-0-kind").click()  # leave the field
    wait_for(browser, lambda d: d.find_element(By.ID, "phones-0-number-error").is_displayed())
    wait_for(browser, lambda d: phone.get_attribute("aria-invalid") == "true")
    phone.clear()
    phone.send_keys("1-800-18-2327")
    browser.find_element(By.ID, "website").click()
    wait_for(browser, lambda d: not d.find_element(By.ID, "phones-0-number-error").is_displayed())
    assert phone.get_property("value") == "1-800-18-2327"
    assert phone.get_attribute("aria-invalid") == "false"
