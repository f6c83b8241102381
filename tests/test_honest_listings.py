"""What the pages say about how sure we are: only what the data backs (issue 12)."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from helpers.forms import csrf_token
from directory.extensions import db
from directory.models import Service


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card">.*?</li>\s*(?=<li class="card">|</ol>|</ul>)', html, re.S)


def all_listing_pages(client, lang="en"):
    page, pages = 1, []
    while True:
        html = client.get(f"/{lang}/directory?page={page}").get_data(as_text=True)
        pages.append(html)
        if 'rel="next"' not in html:
            return pages
        page += 1


@pytest.mark.parametrize("lang, confirmed, not_confirmed", [
    ("en", "Confirmed with the service on", "Not yet confirmed"),
    ("ms", "Disahkan dengan pihak perkhidmatan pada", "Belum disahkan"),
])
def test_every_published_card_states_confirmation_or_source_age(app, client, lang, confirmed,
                                                                  not_confirmed):
    with app.app_context():
        published = db.session.scalar(sa.select(sa.func.count()).where(Service.is_published.is_(True)))
    seen = 0
    for html in all_listing_pages(client, lang):
        for card in re.findall(r'<article aria-labelledby="card-\d+">.*?</article>', html, re.S):
            seen += 1
            verdict = re.search(r'<p class="verified">(.*?)</p>', card, re.S).group(1)
            assert not_confirmed in verdict  # nobody has confirmed the bundled records
            assert confirmed not in verdict
    assert seen == published


def test_no_page_claims_a_check_that_did_not_happen(client):
    for path in ("/en/", "/en/directory", "/ms/directory", "/en/services/befrienders-kuala-lumpur",
                 "/en/services/talian-heal-15555", "/ms/services/talian-heal-15555"):
        html = client.get(path).get_data(as_text=True)
        assert "checked by volunteers" not in html
        assert "Confirmed with the service" not in html
        assert "free and confidential" not in html
        assert "disemak oleh sukarelawan" not in html


def test_old_sources_get_a_visible_caution(client):
    html = client.get("/en/services/buddy-bear-childline").get_data(as_text=True)
    assert "Not yet confirmed: number last seen in a public source in February 2021." in html
    assert '<strong class="caution">Over two years old' in html
    html = client.get("/en/services/talian-heal-15555").get_data(as_text=True)
    assert "number last seen in a public source in January 2026." in html
    assert 'class="caution"' not in html


def test_research_notes_and_unstated_costs_stay_off_the_page(client):
    html = client.get("/en/services/emergency-999").get_data(as_text=True)
    assert "implied by the sources" not in html and "24 hours (national emergency line)." in html
    assert "<dd>Cost not confirmed</dd>" in html
    html = client.get("/en/services/talian-heal-15555").get_data(as_text=True)
    assert "<dd>Free</dd>" not in html
    assert "Normal call charges may apply." in html


def test_crisis_panel_says_what_is_true_per_line(client):
    html = client.get("/en/directory?q=suicide").get_data(as_text=True)
    panel = html[html.index('id="crisis-panel"'):]
    panel = panel[:panel.index("</section>")]
    assert "free and confidential" not in panel
    items = re.findall(r"<li><span.*?</li>", panel, re.S)
    assert len(items) >= 3
    for item in items:
        if 'href="tel:999"' in item:
            assert 'class="line-cost"' not in item  # no claim either way on the emergency number
        else:
            assert 'class="line-cost"' in item, item
    kl = next(item for item in items if "tel:+60376272929" in item)
    assert "Free service; normal call charges may apply" in kl  # a 2019 waiver, unconfirmed since


def test_verification_raises_confidence_and_allows_publication(app, client, moderator_client):
    with app.app_context():
        bahagia = db.session.scalar(sa.select(Service).where(Service.slug == "hospital-bahagia-ulu-kinta"))
        assert bahagia.confidence == "low" and not bahagia.is_published
        service_id = bahagia.id
    token = csrf_token(moderator_client, "/admin/services")
    moderator_client.post(f"/admin/services/{service_id}/publish", data={"csrf_token": token})
    assert client.get("/en/services/hospital-bahagia-ulu-kinta").status_code == 404  # low
    moderator_client.post(f"/admin/services/{service_id}/verify", data={"csrf_token": token})
    moderator_client.post(f"/admin/services/{service_id}/publish", data={"csrf_token": token})
    with app.app_context():
        bahagia = db.session.get(Service, service_id)
        assert bahagia.confidence == "high" and bahagia.is_published
        assert bahagia.last_verified is not None
        assert all(p.last_verified == bahagia.last_verified for p in bahagia.phones)
        day = bahagia.last_verified
    html = client.get("/en/services/hospital-bahagia-ulu-kinta").get_data(as_text=True)
    assert f"Confirmed with the service on {day.strftime('%B')} {day.day}, {day.year}." in html


def test_each_line_keeps_its_own_hours_and_the_open_line_comes_first(app, client):
    """Two lines with different, unconflicting hours (invented test data, not the bundled set)."""
    from directory.hours import KL
    from directory.models import Phone, Schedule
    from helpers.factories import make_service

    with app.app_context():
        day = Phone(number="+60311111111", display="03-1111 1111", kind="voice", position=0,
                    hours_en="Mon-Fri 9.30am-10.30pm")
        late = Phone(number="+60322222222", display="03-2222 2222", kind="voice", position=1,
                     hours_en="Fri and Sat 10.30pm-1.30am")
        service = make_service(slug="two-lines", phones=[day, late])
        db.session.flush()
        service.schedules = (
            [Schedule(phone_id=day.id, weekday=d, opens_minute=570, closes_minute=1350) for d in range(5)]
            + [Schedule(phone_id=late.id, weekday=d, opens_minute=1350, closes_minute=90) for d in (4, 5)])
        db.session.commit()
    app.config["CLOCK"] = lambda: dt.datetime(2026, 11, 27, 23, 0, tzinfo=KL)  # Friday 11pm
    html = client.get("/en/services/two-lines").get_data(as_text=True)
    lines = html[html.index('<ul class="lines">'):]
    lines = lines[:lines.index("</ul>")]
    assert lines.index("03-2222 2222") < lines.index("03-1111 1111")  # the open line first
    late_item, day_item = re.findall(r"<li>.*?</li>", lines, re.S)
    assert "Open now" in late_item and "Closed now" in day_item
    app.config["CLOCK"] = lambda: dt.datetime(2026, 11, 25, 12, 0, tzinfo=KL)  # Wednesday noon
    html = client.get("/en/services/two-lines").get_data(as_text=True)
    lines = html[html.index('<ul class="lines">'):]
    assert lines.index("03-1111 1111") < lines.index("03-2222 2222")


def test_open_data_states_the_cost_as_the_sources_do(client):
    body = client.get("/api/v1/services/talian-heal-15555?locale=en").get_json()
    assert body["fees_description"].endswith("Normal call charges may apply.")
    body = client.get("/api/v1/services/emergency-999?locale=en").get_json()
    assert body["fees_description"] == "Cost not confirmed" and body["x_cost"] == "unknown"
