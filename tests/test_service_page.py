"""One service's page: contact links, hours, details, sources, sharing."""

import datetime as dt
import re

import sqlalchemy as sa

from directory.extensions import db
from directory.models import Service

from helpers.apps import KL


def page(client, slug, lang="en"):
    response = client.get(f"/{lang}/services/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_call_buttons_say_what_they_do(client):
    html = page(client, "befrienders-kuala-lumpur")
    assert '<a class="call call-voice" href="tel:+60376272929">Call 03-7627 2929</a>' in html
    assert "<h1 id=\"service-name\">Befrienders Kuala Lumpur</h1>" in html


def test_whatsapp_and_sms_links(client):
    html = page(client, "womens-aid-organisation")
    assert 'href="https://wa.me/60189888058"' in html and "WhatsApp 018-988 8058" in html
    assert 'href="sms:+60189888058"' in html and "Text 018-988 8058" in html
    assert 'href="tel:+60330008858"' in html


def test_toll_free_numbers_dial_in_national_form(client):
    assert 'href="tel:1800182327"' in page(client, "buddy-bear-childline")


def test_hours_with_open_now_state(client):  # the clock says Wednesday 10am in KL
    assert "Open 24 hours" in page(client, "befrienders-kuala-lumpur")
    heal = page(client, "talian-heal-15555")
    assert "Open now" in heal and "8am to midnight every day" in heal
    sneham = page(client, "sneham-malaysia")
    assert "Closed now" in sneham and re.search(r"opens 4:00\s?PM", sneham)
    assert "Hours not confirmed" in page(client, "moh-mhpss-psychosocial-support-line")


def test_next_opening_on_another_day_names_the_day(app, client):
    app.config["CLOCK"] = lambda: dt.datetime(2026, 11, 28, 12, 0, tzinfo=KL)  # Saturday noon
    html = page(client, "lppkn-familycare-helpline")  # Sunday to Friday
    assert "Closed now" in html and "opens Sunday" in html


def test_details(client):
    html = page(client, "sneham-malaysia")
    assert "<dd>Malay, English, and Tamil</dd>" in html  # site order, as a list in the locale
    assert "<dd>Free</dd>" in html
    assert "<dd>Nationwide</dd>" in html
    assert "<dd>Anyone</dd>" in html
    assert "Crisis helpline" in html and "Suicide prevention" in html


def test_sources_and_last_verified(app, client):
    html = page(client, "befrienders-kuala-lumpur")
    assert "Not yet confirmed: number last seen in a public source in November 2024." in html
    assert 'href="https://thestar.com.my/news/nation/2024/11/26/more-psychosocial-counselling-services-across-social-media"' in html
    assert ">thestar.com.my</a>" in html and "2024-11-26" in html
    assert "Public sources last read on November 24, 2026." in html
    assert "OLDER NUMBER" not in html  # research notes stay internal
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "befrienders-kuala-lumpur"))
        service.last_verified = dt.date(2026, 11, 20)
        db.session.commit()
    html = page(client, "befrienders-kuala-lumpur")
    assert "Confirmed with the service on November 20, 2026." in html
    assert "Not yet confirmed" not in html


def test_third_party_listing_without_url(client):
    html = page(client, "buddy-bear-childline")
    assert "A third-party app listing (publisher not identified)" in html


def test_report_and_share_links(client):
    html = page(client, "befrienders-kuala-lumpur")
    assert 'href="/en/services/befrienders-kuala-lumpur/report"' in html
    assert 'value="http://localhost/en/services/befrienders-kuala-lumpur"' in html
    assert "https://wa.me/?text=Befrienders%20Kuala%20Lumpur%20http%3A%2F%2Flocalhost%2Fen%2Fservices%2Fbefrienders-kuala-lumpur" in html
    assert 'data-copy="#share-url"' in html


def test_malay_page(client):
    html = page(client, "befrienders-kuala-lumpur", "ms")
    assert '<html lang="ms" ' in html
    assert "Talian sokongan emosi yang dikendalikan sukarelawan" in html


def test_unpublished_and_unknown_services_are_not_found(client):
    assert client.get("/en/services/miasa").status_code == 404  # low confidence
    assert client.get("/en/services/no-such-service").status_code == 404
    assert client.get("/en/services/<script>").status_code == 404


def test_print_stylesheet_exists(client):
    html = page(client, "befrienders-kuala-lumpur")
    css_url = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    with client.get(css_url) as response:
        assert "@media print" in response.get_data(as_text=True)
