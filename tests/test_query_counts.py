"""SQL statements per public page: few, and the same whatever the number of services.

Each page is requested once to warm the per-process caches (reference data, guides, search
vocabulary), then counted; then SERVICES_ADDED more published services that match every
listing are added, and each page is counted again. A page must stay within its maximum
below and must not run more statements with more services (no query per row).

The maxima are in one table so they can be tightened after performance work. Statements on
every connection count, the crisis-search counter's own one included.
"""

from __future__ import annotations

from directory.extensions import db
from directory.models import ServiceArea
from helpers.factories import make_service
from helpers.queries import count_statements

SERVICE = "befrienders-kuala-lumpur"
SERVICE_ID = "/api/v1/services/{id}"  # filled in with the HSDS id of SERVICE

# page -> (URL, the most statements it may run)
MAXIMA = {
    "home": ("/en/", 0),
    "directory": ("/en/directory", 9),
    "directory, filtered": ("/en/directory?state=MY-14&service=counselling&speaks=ms&open=now&cost=free", 9),
    "directory, text": ("/en/directory?q=kaunseling", 9),
    "directory, crisis text": ("/en/directory?q=aku+nak+bunuh+diri", 10),
    "directory, fragment": ("/en/directory?state=MY-14", 9),
    "search": ("/en/search?q=kaunseling", 9),
    "search, crisis": ("/en/search?q=nak+bunuh+diri", 10),
    "service page": (f"/en/services/{SERVICE}", 9),
    "guides": ("/en/guides/", 0),
    "guide": ("/en/guides/teens", 0),
    "help page": ("/en/help/eating-disorders", 0),
    "sessions": ("/en/sessions", 1),
    "offline card": ("/en/offline", 0),
    "widget": ("/embed/en/directory", 9),
    "widget, filtered": ("/embed/en/directory?state=MY-14&service=counselling", 9),
    "widget, crisis text": ("/embed/en/directory?q=nak+bunuh+diri", 10),
    "widget snippet": ("/en/embed", 0),
    "open data": ("/en/open-data", 0),
    "API list": ("/api/v1/services", 10),
    "API list, filtered": ("/api/v1/services?state=MY-14&service=counselling&per_page=100", 10),
    "API item": (SERVICE_ID, 10),
    "API organizations": ("/api/v1/organizations", 2),
    "OpenAPI": ("/api/v1/openapi.json", 0),
}
FRAGMENT_PAGES = {"directory, fragment"}
SERVICES_ADDED = 30


def url_of(app, page: str) -> str:
    url = MAXIMA[page][0]
    if "{id}" in url:
        from directory.api.hsds import service_id

        url = url.format(id=service_id(SERVICE))
    return url


def count(app, client, page: str) -> tuple[int, list[str]]:
    headers = {"HX-Request": "true"} if page in FRAGMENT_PAGES else {}
    url = url_of(app, page)
    client.get(url, headers=headers)  # warm the per-process caches
    with count_statements(app) as statements:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (page, url, response.status_code)
    return len(statements), statements


def add_services(app, n: int) -> None:
    """Published services that every listing above shows (nationwide, counselling, free,
    Malay, open 24 hours, matching "kaunseling")."""
    with app.app_context():
        for i in range(n):
            service = make_service(types=("counselling", "crisis-helpline"), nationwide=True,
                                   is_24_7=True,
                                   description_en="Counselling by phone.",
                                   description_ms="Kaunseling melalui telefon.")
            service.areas.append(ServiceArea(state_code="MY-14"))
        db.session.commit()


def test_every_public_page_runs_few_statements_whatever_the_number_of_services(app, client):
    before = {page: count(app, client, page) for page in MAXIMA}
    add_services(app, SERVICES_ADDED)
    after = {page: count(app, client, page) for page in MAXIMA}
    report = {page: (before[page][0], after[page][0], MAXIMA[page][1]) for page in MAXIMA}
    grew = {page: counts for page, counts in report.items() if counts[1] > counts[0]}
    too_many = {page: counts for page, counts in report.items() if counts[1] > counts[2]}
    assert not grew, f"statements grew with {SERVICES_ADDED} more services (before, after, max): {grew}"
    assert not too_many, f"over the maximum (before, after, max): {too_many}\n" + "\n".join(
        f"{page}:\n  " + "\n  ".join(after[page][1]) for page in too_many)


def test_a_crisis_query_costs_one_write_more_than_an_ordinary_one(app, client):
    """count_signals() writes on its own connection: committing the request's session
    instead would expire every loaded service and reload them all (65 statements, not 8)."""
    add_services(app, SERVICES_ADDED)
    for ordinary, crisis in (("directory, text", "directory, crisis text"),
                             ("search", "search, crisis"),
                             ("widget", "widget, crisis text")):
        plain, _ = count(app, client, ordinary)
        signalled, statements = count(app, client, crisis)
        writes = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
        assert len(writes) == 1, (crisis, statements)
        assert signalled <= plain + 1, (crisis, plain, statements)  # + the count, nothing reloaded


# With the card cache on (as in production), a listing is one query for the count and the
# page's ids; the cards come from memory. SQLite adds the data-version read (PostgreSQL's
# listener needs none); a crisis text adds its counter's write.
WARM_CARDS_MAXIMA = {
    "directory": 2,
    "directory, filtered": 2,
    "directory, text": 2,
    "directory, crisis text": 3,
    "directory, fragment": 2,
    "search": 2,
    "search, crisis": 3,
}


def test_listings_with_warm_cards_run_one_query_whatever_the_number_of_services(app, client):
    app.config["CARD_CACHE_ENABLED"] = True
    before = {page: count(app, client, page)[0] for page in WARM_CARDS_MAXIMA}
    add_services(app, SERVICES_ADDED)
    after = {page: count(app, client, page) for page in WARM_CARDS_MAXIMA}
    over = {page: (before[page], n, statements) for page, (n, statements) in after.items()
            if n > WARM_CARDS_MAXIMA[page] or n > before[page]}
    assert not over, over
