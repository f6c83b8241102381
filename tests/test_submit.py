"""NGO and public forms: valid, invalid, CSRF, honeypot, rate limit, size, status."""

import re

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.models import Service, Submission

from helpers.apps import make_app
from helpers.forms import csrf_token, new_service_data


def submissions(app):
    with app.app_context():
        return db.session.scalars(sa.select(Submission).order_by(Submission.id)).all()


def post_new(client, lang="en", **overrides):
    data = new_service_data(**overrides)
    data["csrf_token"] = csrf_token(client, f"/{lang}/submit/new")
    return client.post(f"/{lang}/submit/new", data=data)


def errors(response) -> dict[str, str]:
    html = response.get_data(as_text=True)
    return dict(re.findall(r'<p class="field-error" id="([\w-]+)-error">([^<]+)</p>', html))


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_new_service_form_page(client, lang):
    response = client.get(f"/{lang}/submit/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="csrf_token"' in html and 'name="homepage"' in html
    for name in ("organisation_name", "name_ms", "phones-0-number", "states", "languages",
                 "cost", "audiences", "service_types", "website", "sources", "submitter_contact"):
        assert f'name="{name}"' in html, name
    assert re.search(r'<label for="submitter_name">', html)


def test_new_service_is_saved_with_a_reference_and_not_published(app, client):
    response = post_new(client)
    assert response.status_code == 303
    code = re.search(r"/en/submit/status/(JG-[0-9A-Z]{4}-[0-9A-Z]{4})\?sent=1$", response.headers["Location"]).group(1)
    [saved] = submissions(app)
    assert saved.reference == code and saved.kind == "new_service" and saved.status == "received"
    assert saved.payload["phones"] == [
        {"number": "+60323456789", "display": "03-2345 6789", "kind": "voice"},
        {"number": "+60123456789", "display": "012-345 6789", "kind": "whatsapp"},
    ]
    assert saved.payload["states"] == ["MY-10", "MY-14"]
    assert saved.payload["sources"] == ["https://example.org/contact"]
    assert saved.submitter_contact == "aminah@example.org" and saved.locale == "en"
    status = client.get(response.headers["Location"]).get_data(as_text=True)
    assert code in status and "Received, waiting for review" in status
    assert "aminah@example.org" not in status and "Aminah" not in status  # nothing personal
    assert "Example Support Line" not in client.get("/en/directory").get_data(as_text=True)


@pytest.mark.parametrize("overrides, field, message", [
    ({"organisation_name": ""}, "organisation_name", "Please give the organisation's name."),
    ({"name_ms": "", "name_en": ""}, "name_ms", "Please give the service's name in Malay or in English."),
    ({"phones-0-number": "", "phones-1-number": ""}, "phones", "Please give at least one phone number."),
    ({"phones-0-number": "12345"}, "phones-0-number", "This is not a Malaysian phone number"),
    ({"phones-0-number": "+1 415 555 0100"}, "phones-0-number", "This is not a Malaysian phone number"),
    ({"phones-1-number": "call me"}, "phones-1-number", "This is not a Malaysian phone number"),
    ({"website": "not a url"}, "website", "Please give a web address such as https://example.org."),
    ({"email": "nobody@"}, "email", "Please give an email address such as name@example.org."),
    ({"description_en": "x" * 2001}, "description_en", "Field cannot be longer than 2000 characters."),
    ({"states": []}, "states", "Please choose the states it serves"),
    ({"states": ["MY-99"]}, "states", "not a valid choice"),
    ({"languages": []}, "languages", "Please choose at least one language."),
    ({"cost": None}, "cost", "Please choose what it costs."),
    ({"cost": "cheap"}, "cost", "Not a valid choice."),
    ({"audiences": []}, "audiences", "Please choose who it is for."),
    ({"service_types": []}, "service_types", "Please choose at least one type of help."),
    ({"sources": ""}, "sources", "Please give at least one link"),
    ({"sources": "ftp://example.org"}, "sources", "Each line should be one web address"),
    ({"submitter_name": ""}, "submitter_name", "Please tell us your name."),
    ({"submitter_contact": ""}, "submitter_contact", "Please tell us how to reach you"),
    ({"submitter_contact": "12345"}, "submitter_contact", "Please give an email address or a Malaysian phone number"),
    ({"submitter_contact": "a@b"}, "submitter_contact", "Please give an email address such as"),
])
def test_each_kind_of_error_is_shown_next_to_its_field_and_input_is_kept(app, client, overrides, field, message):
    response = post_new(client, **overrides)
    assert response.status_code == 422
    found = errors(response)
    assert field in found and message in found[field], found
    html = response.get_data(as_text=True)
    assert 'value="Pertubuhan Contoh"' in html or overrides.get("organisation_name") == ""
    assert "Some answers need another look." in html
    if field != "phones-0-number":
        assert 'value="03-2345 6789"' in html or "phones-0-number" in overrides
    assert submissions(app) == []


def test_errors_are_in_malay_on_the_malay_form(client):
    response = post_new(client, lang="ms", submitter_name="")
    assert response.status_code == 422
    assert "Please tell us your name." not in response.get_data(as_text=True)
    assert errors(response)["submitter_name"]


def test_nationwide_needs_no_states(app, client):
    response = post_new(client, states=[], nationwide="y")
    assert response.status_code == 303
    [saved] = submissions(app)
    assert saved.payload["nationwide"] is True and saved.payload["states"] == []


def test_short_codes_are_accepted(app, client):
    assert post_new(client, **{"phones-0-number": "15999"}).status_code == 303
    assert submissions(app)[0].payload["phones"][0] == {"number": "15999", "display": "15999", "kind": "voice"}


def test_without_csrf_token_nothing_is_saved_and_input_is_kept(app, client):
    response = client.post("/en/submit/new", data=new_service_data())
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Your form had expired, so it was not sent." in html
    assert 'value="Pertubuhan Contoh"' in html and 'value="03-2345 6789"' in html
    assert submissions(app) == []


def test_honeypot(app, client):
    response = post_new(client, homepage="http://spam.example")
    assert response.status_code == 422
    assert submissions(app) == []


@pytest.fixture
def limited_app(database_url, app_config):
    app = make_app(database_url, RATELIMIT_ENABLED=True, **app_config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_over_the_rate_limit_input_is_kept(limited_app):
    client = limited_app.test_client()
    for _ in range(5):
        assert post_new(client).status_code == 303
    response = post_new(client, organisation_name="Sixth Try")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "You have sent several forms in a short time" in html
    assert 'value="Sixth Try"' in html
    assert len(submissions(limited_app)) == 5
    assert "Retry-After" in response.headers


def test_too_large_request_gets_a_clear_413(app, client):
    token = csrf_token(client, "/en/submit/new")
    response = client.post("/en/submit/new", data={**new_service_data(), "csrf_token": token,
                                                   "description_en": "x" * 100_000})
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)
    assert submissions(app) == []


def test_database_failure_keeps_input_and_says_so(app, client, monkeypatch):
    token = csrf_token(client, "/en/submit/new")

    def broken_commit():
        raise sa.exc.OperationalError("INSERT", {}, Exception("connection lost"))

    monkeypatch.setattr(db.session, "commit", broken_commit)
    response = client.post("/en/submit/new", data={**new_service_data(), "csrf_token": token})
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "We could not save what you sent" in html
    assert 'value="Pertubuhan Contoh"' in html


def test_update_form_is_prefilled_with_what_is_published(client):
    html = client.get("/en/services/befrienders-kuala-lumpur/update").get_data(as_text=True)
    assert 'value="Befrienders Kuala Lumpur"' in html
    assert 'value="03-7627 2929"' in html
    assert 'value="sam@befrienders.org.my"' in html
    assert re.search(r'<input checked id="languages-\d" name="languages" type="checkbox" value="ms">', html)


def test_update_is_saved_against_the_published_values(app, client):
    url = "/en/services/befrienders-kuala-lumpur/update"
    token = csrf_token(client, url)
    data = new_service_data(organisation_name="Befrienders Kuala Lumpur", name_en="Befrienders Kuala Lumpur",
                            name_ms="Befrienders Kuala Lumpur", comment="New evening line")
    data.update({"csrf_token": token, "phones-0-number": "03-7627 2929", "phones-1-number": "03-7627 2930",
                 "phones-1-kind": "voice", "states": [], "nationwide": "y", "is_24_7": "y"})
    response = client.post(url, data=data)
    assert response.status_code == 303
    [saved] = submissions(app)
    assert saved.kind == "update" and saved.comment == "New evening line"
    assert saved.base["phones"] == [{"number": "+60376272929", "display": "03-7627 2929", "kind": "voice"}]
    assert saved.payload["phones"][1]["number"] == "+60376272930"


def test_update_and_report_only_for_published_services(client):
    assert client.get("/en/services/miasa/update").status_code == 404
    assert client.get("/en/services/miasa/report").status_code == 404


def test_report_needs_no_contact_details(app, client):
    url = "/ms/services/talian-heal-15555/report"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "wrong_hours"})
    assert response.status_code == 303
    [saved] = submissions(app)
    assert saved.kind == "report" and saved.report_reason == "wrong_hours"
    assert saved.submitter_contact is None and saved.submitter_name is None


@pytest.mark.parametrize("data, field", [
    ({}, "reason"),
    ({"reason": "bored"}, "reason"),
    ({"reason": "closed", "comment": "x" * 1001}, "comment"),
    ({"reason": "closed", "contact": "not-a-contact"}, "contact"),
])
def test_report_errors(app, client, data, field):
    url = "/en/services/talian-heal-15555/report"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), **data})
    assert response.status_code == 422
    assert field in errors(response)
    assert submissions(app) == []


def test_status_lookup_accepts_what_people_type(app, client):
    response = post_new(client)
    code = response.headers["Location"].split("/")[-1].split("?")[0]
    typed = code.lower().replace("-", " ").replace("jg ", "")
    lookup = client.get("/en/submit/status", query_string={"code": typed})
    assert lookup.status_code == 302 and lookup.headers["Location"] == f"/en/submit/status/{code}"
    assert client.get(f"/en/submit/status/{code.lower()}").status_code == 200


def test_unknown_or_malformed_codes(client):
    response = client.get("/en/submit/status/JG-0000-0000")
    assert response.status_code == 404
    assert "We found no submission with this code." in response.get_data(as_text=True)
    assert client.get("/en/submit/status", query_string={"code": "hello"}).status_code == 400
    assert client.get("/en/submit/status/<script>").status_code == 404


def test_inline_phone_check_returns_only_the_message(client):
    token = csrf_token(client, "/en/submit/new")
    headers = {"HX-Request": "true", "HX-Target": "phones-0-number-error", "X-CSRFToken": token}
    bad = client.post("/en/submit/check/phone", data={"phones-0-number": "12345"}, headers=headers)
    assert bad.status_code == 200
    html = bad.get_data(as_text=True)
    assert html.startswith('<p class="field-error" id="phones-0-number-error" role="alert">This is not')
    good = client.post("/en/submit/check/phone", data={"phones-0-number": "03-7627 2929"}, headers=headers)
    assert "hidden" in good.get_data(as_text=True)
    no_token = client.post("/en/submit/check/phone", data={"phones-0-number": "1"},
                           headers={"HX-Target": "phones-0-number-error"})
    assert no_token.status_code == 400


def test_submissions_cannot_be_deleted(app, client):
    post_new(client)
    code = submissions(app)[0].reference
    assert client.delete(f"/en/submit/status/{code}").status_code == 405
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "talian-heal-15555"))
    url = "/en/services/talian-heal-15555/report"
    client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "closed"})
    with app.app_context(), pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.delete(Service).where(Service.id == service.id))
        db.session.commit()


def test_service_page_links_to_the_forms(client):
    html = client.get("/en/services/talian-heal-15555").get_data(as_text=True)
    assert 'href="/en/services/talian-heal-15555/report"' in html
    assert 'href="/en/services/talian-heal-15555/update"' in html


def test_rate_limits_can_use_redis_for_several_workers(database_url, app_config):
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    app = make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
                   **app_config)
    from directory.extensions import limiter

    with app.app_context():
        limiter.reset()  # counters from an earlier run in the same minute
    client = app.test_client()
    url = "/en/services/talian-heal-15555/report"
    codes = [client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "closed"}).status_code
             for _ in range(6)]
    assert codes == [303] * 5 + [429]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_rate_limits_can_be_switched_off_from_the_environment(monkeypatch):
    from directory.config import from_environment

    monkeypatch.setenv("RATELIMIT_ENABLED", "false")
    assert from_environment("/tmp")["RATELIMIT_ENABLED"] is False
    monkeypatch.delenv("RATELIMIT_ENABLED")
    assert from_environment("/tmp")["RATELIMIT_ENABLED"] is True


FORMS = {
    "new": ("/en/submit/new", lambda: new_service_data()),
    "update": ("/en/services/talian-heal-15555/update", lambda: new_service_data(
        organisation_name="Ministry of Health", name_en="HEAL Line", states=[], nationwide="y")),
    "report": ("/en/services/talian-heal-15555/report", lambda: {"reason": "closed", "comment": "Typed comment"}),
}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_without_a_csrf_token_keeps_input(app, client, form):
    url, data = FORMS[form]
    response = client.post(url, data=data())
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Your form had expired" in html
    assert ('value="Pertubuhan Contoh"' if form == "new" else "Typed comment" if form == "report"
            else 'value="HEAL Line"') in html
    assert submissions(app) == []


@pytest.mark.parametrize("form", FORMS)
def test_every_form_too_large_is_413(app, client, form):
    url, data = FORMS[form]
    response = client.post(url, data={**data(), "csrf_token": csrf_token(client, url), "comment": "x" * 100_000})
    assert response.status_code == 413
    assert submissions(app) == []


@pytest.mark.parametrize("form", FORMS)
def test_every_form_over_the_rate_limit_keeps_input(limited_app, form):
    client = limited_app.test_client()
    url, data = FORMS[form]
    codes = [client.post(url, data={**data(), "csrf_token": csrf_token(client, url)}).status_code
             for _ in range(6)]
    assert codes == [303] * 5 + [429]
    last = client.post(url, data={**data(), "csrf_token": csrf_token(client, url)})
    assert last.status_code == 429 and "You have sent several forms" in last.get_data(as_text=True)
    assert len(submissions(limited_app)) == 5
