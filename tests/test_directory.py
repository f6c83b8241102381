"""The directory page: filters, htmx fragment, counts, empty results, bad input, queries."""

import re

import pytest

from directory.extensions import db
from directory.models import Schedule, ServiceArea
from helpers.factories import make_service

from helpers.apps import WEDNESDAY_10AM, KL


def slugs(response) -> list[str]:
    """The services listed in a directory response, in order."""
    return re.findall(r'href="/(?:ms|en)/services/([a-z0-9-]+)"', response.get_data(as_text=True))


def count_text(response) -> str:
    match = re.search(r'<p class="result-count" data-announce>([^<]+)</p>', response.get_data(as_text=True))
    return match.group(1)


def test_lists_published_services_only(client):
    response = client.get("/en/directory")
    assert response.status_code == 200
    listed = slugs(response)
    assert "befrienders-kuala-lumpur" in listed
    assert "talian-heal-15555" in listed
    assert "buddy-bear-childline" in listed  # medium confidence is published
    for low in ("miasa", "befrienders-penang", "relate-malaysia", "hospital-selayang-psychiatry"):
        assert low not in listed
    published = published_count(client.application)
    assert count_text(response) == f"{published} services found"
    assert len(listed) == min(published, 20)


def published_count(app) -> int:
    import sqlalchemy as sa

    from directory.extensions import db
    from directory.models import Service
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).where(Service.is_published.is_(True)))


def test_24_hour_lines_come_first(client):
    listed = slugs(client.get("/en/directory"))
    first_non_24h = listed.index("talian-heal-15555")
    assert {"befrienders-kuala-lumpur", "emergency-999", "talian-kasih-15999"} <= set(listed[:first_non_24h])


def test_state_filter_includes_nationwide_services_labelled(client):
    response = client.get("/en/directory?state=MY-08")  # Perak
    listed = slugs(response)
    assert "befrienders-ipoh" in listed
    # one undated directory page shows Bahagia's number: low by the rule, so unpublished
    assert "hospital-bahagia-ulu-kinta" not in listed
    assert "befrienders-kuching" not in listed  # Sarawak only
    assert "befrienders-kuala-lumpur" in listed  # nationwide
    html = response.get_data(as_text=True)
    assert "<dd>Nationwide</dd>" in html
    assert "<dd>Perak</dd>" in html


def test_kelantan_gets_only_nationwide_services(client):
    listed = slugs(client.get("/en/directory?state=MY-03"))
    assert listed
    assert all(s not in listed for s in ("befrienders-ipoh", "befrienders-kuching", "kawan-bah-careline-sabah"))


def test_service_type_is_repeatable_and_matches_any(client):
    women = set(slugs(client.get("/en/directory?service=women-support")))
    youth = set(slugs(client.get("/en/directory?service=youth-support")))
    both = set(slugs(client.get("/en/directory?service=women-support&service=youth-support")))
    assert "womens-aid-organisation" in women and "buddy-bear-childline" in youth
    assert both == women | youth


def test_speaks_filter(client):
    listed = slugs(client.get("/en/directory?speaks=ta"))
    assert set(listed) == {"buddy-bear-childline", "sneham-malaysia"}


def test_open_24h_filter(client):
    listed = slugs(client.get("/en/directory?open=24h"))
    assert "befrienders-kuala-lumpur" in listed
    assert "talian-heal-15555" not in listed


@pytest.mark.parametrize("hour, heal_open, sneham_open", [(10, True, False), (17, True, True), (7, False, False)])
def test_open_now_uses_kuala_lumpur_time(app, client, hour, heal_open, sneham_open):
    app.config["CLOCK"] = lambda: WEDNESDAY_10AM.replace(hour=hour)
    listed = slugs(client.get("/en/directory?open=now"))
    assert ("talian-heal-15555" in listed) is heal_open
    assert ("sneham-malaysia" in listed) is sneham_open
    assert "befrienders-kuala-lumpur" in listed  # 24/7
    assert "moh-mhpss-psychosocial-support-line" not in listed  # hours unknown: never "open now"


def test_no_open_now_on_conflicting_hours(app, client):
    # Life Line: one source says 24 hours, another gives limited hours per line (and on a
    # Friday at 23:00 only the late line would be open). Buddy Bear: three sets of hours.
    import datetime as dt
    for moment in (dt.datetime(2026, 11, 27, 23, 0, tzinfo=KL),  # Friday 11pm
                   dt.datetime(2026, 11, 28, 1, 0, tzinfo=KL),  # Saturday 1am
                   dt.datetime(2026, 11, 25, 13, 0, tzinfo=KL)):  # Wednesday 1pm
        app.config["CLOCK"] = lambda moment=moment: moment
        listed = slugs(client.get("/en/directory?open=now"))
        for slug in ("life-line-association-malaysia", "buddy-bear-childline",
                     "moh-mhpss-psychosocial-support-line"):
            assert slug not in listed
            html = client.get(f"/en/services/{slug}").get_data(as_text=True)
            assert "Open now" not in html and "Hours not confirmed" in html
            assert "The public sources disagree about the hours" in html
    html = client.get("/en/services/life-line-association-malaysia").get_data(as_text=True)
    assert "theSun, May 2022: 24-hour counselling service" in html
    assert "Fri and Sat 10.30pm-1.30am" in html  # the late line's own hours, by its number


def test_cost_and_audience_filters(client):
    free = slugs(client.get("/en/directory?cost=free"))
    assert "malaysian-mental-health-association" not in free  # mixed cost
    assert "befrienders-kuala-lumpur" in free
    youth = slugs(client.get("/en/directory?audience=youth"))
    assert "buddy-bear-childline" in youth
    assert "befrienders-kuala-lumpur" not in youth


@pytest.mark.parametrize("query, expected", [
    ("befrienders", "befrienders-ipoh"),
    ("BEFRIENDERS", "befrienders-kota-kinabalu"),
    ("keganasan", "talian-kasih-15999"),  # a word from the Malay description
    ("kaunseling", "moh-mhpss-psychosocial-support-line"),  # a Malay service-type name
])
def test_text_filter_searches_both_languages(client, query, expected):
    assert expected in slugs(client.get(f"/en/directory?q={query}"))


def test_text_filter_ignores_punctuation_and_like_wildcards(client):
    everything = slugs(client.get("/en/directory"))
    assert slugs(client.get("/en/directory?q=%25")) == everything
    assert slugs(client.get("/en/directory?q=_")) == everything
    assert slugs(client.get("/en/directory?q=befrienders%25")) == slugs(client.get("/en/directory?q=befrienders"))


def test_filters_combine(client):
    listed = slugs(client.get("/en/directory?state=MY-12&service=youth-support&open=24h"))
    assert "kawan-bah-careline-sabah" in listed
    assert "befrienders-kota-kinabalu" not in listed


def test_htmx_request_gets_only_the_results_fragment(client):
    full = client.get("/en/directory?state=MY-08")
    fragment = client.get("/en/directory?state=MY-08", headers={"HX-Request": "true"})
    assert full.status_code == fragment.status_code == 200
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and 'id="filters"' not in html
    assert slugs(fragment) == slugs(full)
    assert count_text(fragment) == count_text(full)
    # The fragment refreshes the language switch out of band so it keeps the new filters.
    assert 'id="lang-switch"' in html and 'data-hx-swap-oob="true"' in html
    assert 'href="/ms/directory?state=MY-08"' in html


def test_history_restore_gets_the_full_page(client):
    response = client.get("/en/directory?state=MY-08",
                          headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.get_data(as_text=True)


def test_filter_form_is_a_plain_get_form_enhanced_by_htmx(client):
    html = client.get("/en/directory").get_data(as_text=True)
    form = re.search(r'<form id="filters"[^>]*>', html).group(0)
    assert 'method="get"' in form and 'action="/en/directory"' in form
    assert 'data-hx-get="/en/directory"' in form and 'data-hx-target="#results"' in form
    assert 'data-hx-push-url="true"' in form
    assert '<section id="results"' in html
    for name in ("q", "state", "service", "open", "speaks", "audience", "cost"):
        assert f'name="{name}"' in html
    assert re.search(r'<label for="state">', html)


def test_filter_form_keeps_the_chosen_values(client):
    html = client.get("/en/directory?state=MY-08&service=counselling&open=24h&q=help").get_data(as_text=True)
    assert '<option selected value="MY-08">' in html
    assert re.search(r'<input checked id="filter-service-\d+" name="service" type="checkbox" value="counselling">', html)
    assert '<option selected value="24h">' in html
    assert 'value="help"' in html


def test_empty_result_suggests_widening_and_shows_24_hour_lines(client):
    response = client.get("/en/directory?state=MY-03&service=eating-disorder")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert count_text(response) == "0 services found"
    assert 'href="/en/directory?state=MY-03"' in html  # every kind of help in Kelantan
    assert 'href="/en/directory"' in html
    assert 'id="crisis-lines-heading"' in html
    assert 'href="tel:+60376272929"' in html and 'href="tel:999"' in html


@pytest.mark.parametrize("query, field", [
    ("state=XX", "State"),
    ("state=MY-99", "State"),
    ("service=nonsense", "Type of help"),
    ("open=sometimes", "Opening hours"),
    ("speaks=fr", "Language spoken"),
    ("cost=cheap", "Cost"),
    ("audience=aliens", "Who it is for"),
    ("page=abc", "Page"),
    ("page=0", "Page"),
    ("page=-3", "Page"),
    ("q=" + "x" * 101, "Search"),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_invalid_parameters_get_a_clear_message_not_a_500(client, query, field, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(f"/en/directory?{query}", headers=headers)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and f"<li>{field}:" in html
    assert slugs(response)  # the other filters (none) still give results


def test_invalid_value_is_ignored_while_valid_filters_apply(client):
    response = client.get("/en/directory?state=XX&service=women-support")
    assert response.status_code == 400
    assert "womens-aid-organisation" in slugs(response)
    assert "befrienders-kuala-lumpur" not in slugs(response)


def test_unknown_parameters_and_empty_values_are_ignored(client):
    response = client.get("/en/directory?utm_source=x&state=&service=&q=%20%20")
    assert response.status_code == 200
    assert len(slugs(response)) == len(slugs(client.get("/en/directory")))


def test_page_past_the_end_says_so(client):
    response = client.get("/en/directory?page=50")
    assert response.status_code == 200
    assert "There are no results on this page." in response.get_data(as_text=True)


def test_pagination_is_stable_and_keeps_filters(app, client):
    with app.app_context():
        for i in range(25):
            make_service(name_en=f"Zz paging {i:02d}", types=("counselling",))
        db.session.commit()
    first = client.get("/en/directory?service=counselling")
    second = client.get("/en/directory?service=counselling&page=2")
    assert len(slugs(first)) == app.config["PAGE_SIZE"]
    assert set(slugs(first)).isdisjoint(slugs(second))
    html = first.get_data(as_text=True)
    assert 'href="/en/directory?service=counselling&amp;page=2"' in html
    assert "Page 1 of 2" in html


def test_query_count_is_fixed_whatever_the_number_of_results(app, client, count_queries):
    with count_queries() as few:
        client.get("/en/directory?state=MY-03&service=eating-disorder")
    with count_queries() as some:
        client.get("/en/directory")
    with app.app_context():
        for i in range(15):
            service = make_service(types=("counselling", "crisis-helpline"), nationwide=False)
            service.areas.append(ServiceArea(state_code="MY-08"))
            service.schedules.append(Schedule(weekday=2, opens_minute=0, closes_minute=600))
        db.session.commit()
    with count_queries() as many:
        client.get("/en/directory")
    with count_queries() as fragment:
        client.get("/en/directory", headers={"HX-Request": "true"})
    assert len(some) == len(many), many
    assert len(few) <= len(many)
    assert len(fragment) <= len(many)
    assert len(many) <= 12


def test_results_count_is_announced_to_screen_readers(client):
    html = client.get("/en/directory").get_data(as_text=True)
    assert re.search(r'<div id="announcer"[^>]*role="status"', html)
    assert "data-announce" in html


def test_count_uses_plural_forms(app, client):
    response = client.get("/en/directory?speaks=ta&state=MY-12&audience=general")
    assert count_text(response) in {"1 service found", "0 services found"}
    listed = slugs(response)
    assert count_text(response) == ("1 service found" if len(listed) == 1 else "0 services found")


def test_a_text_query_counts_to_its_own_smaller_cap(app, client):
    app.config.update(TEXT_COUNT_CAP=2, LISTING_COUNT_CAP=1000)
    text = client.get("/en/directory?q=befrienders").get_data(as_text=True)
    assert "More than 2 services found" in text
    assert "More than" not in client.get("/en/directory?state=MY-07").get_data(as_text=True)
    assert "More than 2 services found" in client.get("/en/search?q=befrienders").get_data(as_text=True)


def test_counting_stops_at_the_cap_and_paging_still_works(app, client):
    app.config["LISTING_COUNT_CAP"] = 5
    app.config["PAGE_SIZE"] = 4
    first = client.get("/en/directory").get_data(as_text=True)
    assert "More than 5 services found" in first
    assert "Page 1<" in first and 'rel="next"' in first
    everything = []
    page = 1
    while True:
        response = client.get(f"/en/directory?page={page}")
        listed = slugs(response)
        everything += listed
        if 'rel="next"' not in response.get_data(as_text=True):
            break
        page += 1
    assert len(everything) == len(set(everything)) == published_count(app)  # each, once
