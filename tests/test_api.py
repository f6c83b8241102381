"""The open-data API (/api/v1): HSDS shapes, the directory's filters, pages, locales,
published-only, ETag/304, CORS, rate limit and the exports."""

import csv
import datetime as dt
import io
import json
import re
import uuid
import zipfile

import pytest
import sqlalchemy as sa

from directory.api import hsds
from directory.extensions import db, limiter
from directory.models import Phone, Schedule, Service
from helpers.factories import make_service

from helpers.apps import WEDNESDAY_10AM, make_app

CARD = re.compile(r'<h3 id="card-\d+"><a href="/(?:ms|en)/services/([a-z0-9-]+)"')


def directory_slugs(client, lang: str, query: str) -> list[str]:
    """Every service the directory page lists for a query, over all its pages, in order."""
    found, page = [], 1
    while True:
        html = client.get(f"/{lang}/directory?{query}&page={page}").get_data(as_text=True)
        listed = CARD.findall(html)
        if not listed:
            return found
        found += listed
        page += 1


def api(client, path: str, **kwargs):
    response = client.get(path, **kwargs)
    assert response.headers["Content-Type"].startswith("application/json"), response.data[:200]
    return response, response.get_json()


def api_slugs(client, query: str) -> list[str]:
    response, body = api(client, f"/api/v1/services?{query}&per_page=200")
    assert response.status_code == 200, body
    return [s["x_slug"] for s in body["contents"]]


def add_service(app, **fields) -> str:
    with app.app_context():
        service = make_service(**fields)
        db.session.commit()
        return service.slug


# --- The root document ------------------------------------------------------------------------

def test_root_document_follows_hsds(client):
    response, body = api(client, "/api/v1/")
    assert response.status_code == 200
    assert body["version"] == "3.0"
    assert body["profile"] == "http://localhost/api/v1/profile"
    assert body["openapi_url"] == "http://localhost/api/v1/openapi.json"
    assert body["x_api_version"] == hsds.API_VERSION
    assert body["x_license"]["id"] == "CC-BY-4.0"
    assert client.get("/api/v1/openapi.json").get_json()["openapi"].startswith("3.1")
    profile = client.get("/api/v1/profile")
    assert profile.status_code == 200 and profile.mimetype == "text/markdown"
    assert "CC BY 4.0" in profile.get_data(as_text=True)
    assert client.get("/api/v1").status_code == 308  # to /api/v1/


# --- Services, organizations, taxonomy ---------------------------------------------------------

def test_service_list_and_detail_are_hsds_services(client):
    _, body = api(client, "/api/v1/services?per_page=200")
    kl = next(s for s in body["contents"] if s["x_slug"] == "befrienders-kuala-lumpur")
    assert kl["id"] == str(uuid.uuid5(hsds.NAMESPACE, "service:befrienders-kuala-lumpur"))
    assert uuid.UUID(kl["id"]).version == 5
    assert kl["status"] == "active"
    assert kl["organization_id"] == kl["organization"]["id"]
    assert kl["phones"][0] == {
        "id": kl["phones"][0]["id"], "service_id": kl["id"], "number": "+60376272929",
        "extension": None, "type": "voice", "description": None, "languages": [],
        "x_display": "03-7627 2929", "x_href": "tel:+60376272929",
    }
    assert kl["schedules"][0]["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert (kl["schedules"][0]["opens_at"], kl["schedules"][0]["closes_at"]) == ("00:00", "00:00")
    assert kl["service_areas"][0]["x_iso_3166_2"] == "MY" and kl["x_nationwide"] is True
    assert [lang["code"] for lang in kl["languages"]] == ["ms", "en"]
    codes = {(a["link_type"], a["taxonomy_term"]["code"]) for a in kl["attributes"]}
    assert ("service-type", "crisis-helpline") in codes and ("audience", "general") in codes
    assert kl["assured_date"] is None  # never confirmed with the service: never invented
    assert kl["x_sources"] and kl["x_sources"][0]["url"].startswith("https://")
    assert kl["x_listing_url"] == "http://localhost/en/services/befrienders-kuala-lumpur"
    assert "notes" not in json.dumps(kl)
    for key in (kl["id"], "befrienders-kuala-lumpur", kl["id"].upper()):
        response, detail = api(client, f"/api/v1/services/{key}")
        assert response.status_code == 200
        assert detail == kl


def test_phone_types_and_schedules(app, client):
    with app.app_context():
        service = make_service(
            slug="test-hours", phones=[
                Phone(number="+60312345678", display="03-1234 5678", kind="voice", position=0),
                Phone(number="+60123456789", display="012-345 6789", kind="whatsapp", position=1),
                Phone(number="15999", display="15999", kind="sms", position=2)],
            schedules=[*(Schedule(weekday=d, opens_minute=540, closes_minute=1020)
                         for d in range(5)),
                       Schedule(weekday=5, opens_minute=1200, closes_minute=120),
                       Schedule(weekday=6, opens_minute=600, closes_minute=1440)],
            hours_en="Weekdays 9am to 5pm", hours_ms="Hari bekerja 9 pagi hingga 5 petang",
            last_verified=dt.date(2026, 10, 1),
        )
        db.session.commit()
        service_uuid = hsds.service_id(service.slug)
    _, body = api(client, f"/api/v1/services/{service_uuid}?locale=ms")
    assert [(p["type"], p["x_href"]) for p in body["phones"]] == [
        ("voice", "tel:+60312345678"), ("whatsapp", "https://wa.me/60123456789"),
        ("text", "sms:15999")]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]] == [
        ("MO,TU,WE,TH,FR", "09:00", "17:00"), ("SA", "20:00", "02:00"), ("SU", "10:00", "00:00")]
    assert {s["description"] for s in body["schedules"]} == {"Hari bekerja 9 pagi hingga 5 petang"}
    assert all(s["freq"] == "WEEKLY" and s["timezone"] == 8 for s in body["schedules"])
    assert body["assured_date"] == "2026-10-01"
    assert body["x_translations"]["en"]["hours"] == "Weekdays 9am to 5pm"


def test_organizations_list_and_detail(client):
    _, body = api(client, "/api/v1/organizations?per_page=200")
    assert body["total_items"] == len(body["contents"]) > 10
    org = next(o for o in body["contents"] if o["x_slug"] == "befrienders-kuala-lumpur")
    assert set(org) == {"id", "name", "alternate_name", "description", "email", "website",
                        "x_slug", "x_translations"}
    response, detail = api(client, f"/api/v1/organizations/{org['id']}")
    assert response.status_code == 200
    assert detail["id"] == org["id"]
    assert [s["x_slug"] for s in detail["services"]] == ["befrienders-kuala-lumpur"]
    assert "organization" not in detail["services"][0]
    assert api(client, "/api/v1/organizations/befrienders-kuala-lumpur")[1]["id"] == org["id"]
    names = [o["name"].lower() for o in body["contents"]]
    assert names == sorted(names)


def test_taxonomy_lists_service_types_then_audiences(client):
    _, body = api(client, "/api/v1/taxonomy?per_page=200")
    terms = body["contents"]
    assert [t["taxonomy"] for t in terms] == sorted(
        (t["taxonomy"] for t in terms), key=["jaga-service-types", "jaga-audiences"].index)
    codes = [t["code"] for t in terms]
    assert "crisis-helpline" in codes and codes[-4:] == ["general", "youth", "parents", "educators"]
    crisis = next(t for t in terms if t["code"] == "crisis-helpline")
    assert crisis["name"] == "Crisis helpline" and crisis["language"] == "en"
    assert crisis["x_translations"]["ms"]["name"] == "Talian bantuan krisis"
    for key in (crisis["id"], "crisis-helpline"):
        _, term = api(client, f"/api/v1/taxonomy/{key}?locale=ms")
        assert term["name"] == "Talian bantuan krisis"
    assert client.get("/api/v1/taxonomy/nope").status_code == 404


def test_unknown_ids_and_paths_are_json_404s(client):
    for path in ("/api/v1/services/nope", f"/api/v1/services/{uuid.uuid4()}",
                 "/api/v1/organizations/nope", "/api/v1/nothing/here"):
        response, body = api(client, path)
        assert response.status_code == 404 and body["status"] == 404
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/services").status_code == 405
    assert client.delete("/api/v1/services/befrienders-kuala-lumpur").status_code == 405


# --- The directory's filters ---------------------------------------------------------------------

QUERIES = [
    "", "state=MY-08", "state=MY-03", "service=women-support&service=youth-support",
    "speaks=ta", "open=24h", "open=now", "cost=free", "audience=youth", "q=befrienders",
    "q=kaunseling", "q=penang", "q=eating+disorder", "state=MY-10&service=crisis-helpline",
    "state=MY-12&service=youth-support&open=24h", "state=&service=", "q=zzzzqqq",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("lang", ["en", "ms"])
def test_filters_return_what_the_directory_page_lists(client, query, lang):
    expected = directory_slugs(client, lang, query)
    assert api_slugs(client, f"{query}&locale={lang}") == expected


def test_open_now_follows_the_clock(app, client):
    app.config["CLOCK"] = lambda: WEDNESDAY_10AM.replace(hour=7)
    early = api_slugs(client, "open=now")
    assert "talian-heal-15555" not in early and "befrienders-kuala-lumpur" in early
    assert early == directory_slugs(client, "en", "open=now")


@pytest.mark.parametrize("query, parameter", [
    ("state=MY-99", "state"), ("service=crisis-helpline&service=nope", "service"),
    ("speaks=fr", "speaks"), ("open=later", "open"), ("cost=paid", "cost"),
    ("audience=aliens", "audience"), ("q=" + "x" * 101, "q"), ("page=0", "page"),
    ("page=abc", "page"), ("page=-1", "page"), ("per_page=201", "per_page"),
    ("per_page=0", "per_page"), ("locale=fr", "locale"), ("locale=EN", "locale"),
])
def test_invalid_values_are_400s_naming_the_parameter(client, query, parameter):
    response, body = api(client, f"/api/v1/services?{query}")
    assert response.status_code == 400
    assert body["parameter"] == parameter and body["error"] == "invalid_parameter"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_allowed_values_are_listed(client):
    _, body = api(client, "/api/v1/services?state=XX")
    assert "MY-10" in body["allowed"]


def test_unknown_parameters_are_ignored(client):
    assert api_slugs(client, "foo=bar&search=nothing") == api_slugs(client, "")


@pytest.mark.parametrize("q", ["%00", "a%00b", "%F0%9F%98%80", "'%3B--", "%25%5F"])
def test_odd_text_never_breaks_the_api(client, q):
    assert client.get(f"/api/v1/services?q={q}").status_code in (200, 400)


# --- Pages and order ---------------------------------------------------------------------------

def test_page_wrapper_arithmetic_and_stable_order(client):
    everything = api_slugs(client, "")
    total = len(everything)
    assert total > 12
    per_page = 5
    pages = -(-total // per_page)
    seen = []
    for number in range(1, pages + 1):
        _, body = api(client, f"/api/v1/services?per_page={per_page}&page={number}")
        assert body["total_items"] == total and body["total_pages"] == pages
        assert body["page_number"] == number and body["x_per_page"] == per_page
        expected_size = min(per_page, total - (number - 1) * per_page)
        assert body["size"] == len(body["contents"]) == expected_size
        assert body["first_page"] is (number == 1) and body["last_page"] is (number == pages)
        assert body["empty"] is False
        seen += [s["x_slug"] for s in body["contents"]]
    assert seen == everything
    assert api_slugs(client, "") == everything  # the same order every time
    _, beyond = api(client, f"/api/v1/services?per_page={per_page}&page={pages + 1}")
    assert beyond["contents"] == [] and beyond["empty"] is True and beyond["size"] == 0
    assert beyond["last_page"] is True and beyond["total_items"] == total
    _, default = api(client, "/api/v1/services")
    assert default["x_per_page"] == 50


def test_empty_result_page(client):
    _, body = api(client, "/api/v1/services?q=zzzzqqq")
    assert body == {"total_items": 0, "total_pages": 0, "page_number": 1, "size": 0,
                    "first_page": True, "last_page": True, "empty": True, "x_per_page": 50,
                    "contents": []}


# --- Locales -------------------------------------------------------------------------------------

def test_texts_come_in_the_requested_locale(client):
    def kasih(locale):
        return api(client, f"/api/v1/services/talian-kasih-15999{locale}")[1]

    default, en, ms = kasih(""), kasih("?locale=en"), kasih("?locale=ms")
    assert default == en
    assert en["name"] == en["x_translations"]["en"]["name"]
    assert ms["name"] == ms["x_translations"]["ms"]["name"] != en["name"]
    assert en["fees_description"] == "Free" and ms["fees_description"] == "Percuma"
    assert en["x_translations"] == ms["x_translations"]
    assert ms["x_listing_url"].endswith("/ms/services/talian-kasih-15999")
    assert ms["languages"][0]["name"] == "Bahasa Melayu" and en["languages"][0]["name"] == "Malay"
    assert ms["id"] == en["id"]


def test_locale_orders_like_that_language_s_directory(client):
    assert api_slugs(client, "locale=ms") == directory_slugs(client, "ms", "")
    assert api_slugs(client, "locale=en") == directory_slugs(client, "en", "")


# --- Published data only -------------------------------------------------------------------------

def test_unpublished_services_never_appear(app, client):
    slug = add_service(app, published=False, slug="hidden-pending-service",
                       name_en="Hiddenword helpline", notes="SECRET-RESEARCH-NOTE")
    hidden_id = hsds.service_id(slug)
    hidden_org = hsds.organization_id(f"{slug}-org")
    assert slug not in api_slugs(client, "")
    assert slug not in api_slugs(client, "q=hiddenword")
    assert client.get(f"/api/v1/services/{slug}").status_code == 404
    assert client.get(f"/api/v1/services/{hidden_id}").status_code == 404
    assert client.get(f"/api/v1/organizations/{hidden_org}").status_code == 404
    assert client.get(f"/api/v1/organizations/{slug}-org").status_code == 404
    orgs = api(client, "/api/v1/organizations?per_page=200")[1]["contents"]
    assert hidden_org not in {o["id"] for o in orgs}
    for path in ("/api/v1/export.csv", "/api/v1/export.zip"):
        body = client.get(path).data
        if path.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = b"".join(archive.read(name) for name in archive.namelist())
        assert slug.encode() not in body and hidden_id.encode() not in body
        assert b"Hiddenword" not in body


def test_seeded_low_confidence_records_are_not_published(client):
    listed = api_slugs(client, "")
    for low in ("miasa", "befrienders-penang", "relate-malaysia"):
        assert low not in listed


def test_internal_fields_are_never_exposed(app, client):
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "emergency-999"))
        service.notes = "SECRET-RESEARCH-NOTE"
        db.session.commit()
    for path in ("/api/v1/services?per_page=200", "/api/v1/services/emergency-999",
                 "/api/v1/export.csv"):
        body = client.get(path).get_data(as_text=True)
        assert "SECRET-RESEARCH-NOTE" not in body
        assert '"notes"' not in body and "search_text" not in body and "is_published" not in body


# --- Caching, CORS and the rate limit ------------------------------------------------------------

def test_etag_and_304(app, client):
    first = client.get("/api/v1/services?state=MY-10")
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)  # strong
    cache = first.headers["Cache-Control"]
    assert "public" in cache and "max-age=60" in cache
    again = client.get("/api/v1/services?state=MY-10", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/v1/services?state=MY-10", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "emergency-999"))
        service.name_en = "Emergency (renamed)"
        db.session.commit()
    changed = client.get("/api/v1/services?state=MY-10", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_etag_with_compression(client):
    gz = {"Accept-Encoding": "gzip"}
    first = client.get("/api/v1/services", headers=gz)
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.headers["ETag"].endswith(':gzip"')
    again = client.get("/api/v1/services", headers={**gz, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "Accept-Encoding" in first.headers["Vary"]


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/services", "/api/v1/taxonomy",
                                  "/api/v1/export.csv", "/api/v1/services?state=XX"])
def test_cors_allows_any_origin_without_credentials(client, path):
    response = client.get(path, headers={"Origin": "https://school.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    head = client.head(path, headers={"Origin": "https://school.example"})
    assert head.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight(client):
    response = client.options("/api/v1/services", headers={
        "Origin": "https://school.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_site_pages_do_not_allow_other_origins(client):
    assert "Access-Control-Allow-Origin" not in client.get("/en/directory").headers


def test_rate_limit_answers_429_in_json(database_url):
    app = make_app(database_url, RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    try:
        with app.app_context():
            limiter.reset()
        client = app.test_client()
        statuses = [client.get("/api/v1/taxonomy").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = client.get("/api/v1/services")
        assert response.status_code == 429
        body = response.get_json()
        assert body["status"] == 429 and body["error"] == "rate_limited"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert int(response.headers["Retry-After"]) > 0
        assert client.get("/en/").status_code == 200  # the API's limit is the API's own
    finally:
        with app.app_context():
            limiter.reset()
            db.session.remove()
            db.engine.dispose()


# --- Exports -------------------------------------------------------------------------------------

def test_csv_export(client):
    response = client.get("/api/v1/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'rel="license"' in response.headers["Link"]
    assert hsds.LICENSE_URL in response.headers["Link"]
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted(r["slug"] for r in rows) == sorted(api_slugs(client, ""))
    assert [r["slug"] for r in rows] == sorted(r["slug"] for r in rows)
    kl = next(r for r in rows if r["slug"] == "befrienders-kuala-lumpur")
    assert kl["phones"] == "voice:+60376272929" and kl["phones_display"] == "03-7627 2929"
    assert kl["name_ms"] == "Befrienders Kuala Lumpur" and kl["description_ms"].startswith("Talian")
    assert kl["is_24_7"] == "true" and kl["states"] == "MY" and kl["last_verified"] == ""
    assert kl["license"] == "CC-BY-4.0"
    ipoh = next(r for r in rows if r["slug"] == "befrienders-ipoh")
    assert ipoh["states"] == "MY-08" and ipoh["nationwide"] == "false"
    kasih = next(r for r in rows if r["slug"] == "talian-kasih-15999")
    assert "whatsapp:" in kasih["phones"] and "; " in kasih["phones"]


def test_zip_export_is_an_hsds_data_package(client):
    response = client.get("/api/v1/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert 'rel="license"' in response.headers["Link"]
    assert client.get("/api/v1/export.zip").data == response.data  # same data, same bytes
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    expected_tables = {"organizations", "services", "phones", "schedules", "languages",
                       "service_areas", "taxonomies", "taxonomy_terms", "attributes", "x_sources"}
    assert names == {f"{t}.csv" for t in expected_tables} | {"datapackage.json", "LICENSE.txt"}
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    licence = archive.read("LICENSE.txt").decode()
    assert "CC BY 4.0" in licence and hsds.LICENSE_URL in licence and "999" in licence
    tables = {}
    for resource in package["resources"]:
        reader = csv.DictReader(io.StringIO(archive.read(resource["path"]).decode("utf-8")))
        tables[resource["name"]] = list(reader)
        assert reader.fieldnames == [f["name"] for f in resource["schema"]["fields"]]
    assert set(tables) == expected_tables
    api_ids = {s["id"] for s in api(client, "/api/v1/services?per_page=200")[1]["contents"]}
    service_ids = {s["id"] for s in tables["services"]}
    assert service_ids == api_ids
    for resource in package["resources"]:  # every foreign key resolves
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]
            targets = {row[target["fields"]] for row in tables[target["resource"]]}
            assert {row[key["fields"]] for row in tables[resource["name"]]} <= targets
    kl = next(s for s in tables["services"] if s["x_slug"] == "befrienders-kuala-lumpur")
    assert kl["x_name_ms"] == "Befrienders Kuala Lumpur" and kl["assured_date"] == ""
    assert {p["type"] for p in tables["phones"]} <= {"voice", "text", "whatsapp"}
    ms = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/export.zip?locale=ms").data))
    ms_terms = list(csv.DictReader(io.StringIO(ms.read("taxonomy_terms.csv").decode())))
    assert "Talian bantuan krisis" in {t["name"] for t in ms_terms}
