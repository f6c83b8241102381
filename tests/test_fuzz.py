"""Hostile and random input on every route, parameter and form field: never a 500.

Property-based (hypothesis), deterministic (derandomized) so CI failures reproduce.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.accounts import make_user, sign_in
from helpers.forms import csrf_token, new_service_data

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from([
        "", " ", "0", "-1", "99999999999999999999", "1e9", "NaN", "null", "true", "[]", "{}",
        "' OR 1=1 --", "%", "_", "\\", "%00", "\x00", "../../etc/passwd", "<script>alert(1)</script>",
        "MY-03", "MY-99", "crisis-helpline", "ms", "en", "zh", "24h", "now", "free", "youth",
        "JG-0000-0000", "ｓｕｉｃｉｄｅ", "🙂" * 50, "a" * 5000, "\u202e\u200b", "nak bunuh diri",
    ]),
)
PARAM_NAMES = ["state", "service", "speaks", "open", "cost", "audience", "q", "page", "per_page",
               "locale", "code", "kind", "status", "entity", "widget_lang", "sent", "next", "v"]
params = st.dictionaries(st.one_of(st.sampled_from(PARAM_NAMES), st.text(max_size=10)),
                         st.one_of(nasty_text, st.lists(nasty_text, max_size=3)), max_size=6)
htmx_headers = st.sampled_from([
    {}, {"HX-Request": "true"}, {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    {"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "http://localhost/en/"},
    {"HX-Request": "garbage"},
])
languages = st.sampled_from(["ms", "en", "xx", "EN", "", "ms-MY"])


def get_paths(app) -> list[str]:
    """Every GET route, with placeholders for its variables."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            paths.append(rule.rule)
    return sorted(set(paths))


SLUGS = st.one_of(st.sampled_from(["befrienders-kuala-lumpur", "miasa", "teens", "talking-to-someone",
                                   "nope", "JG-0000-0000", "1", "0"]), st.text(min_size=1, max_size=30))


def fill(rule: str, lang: str, slug: str) -> str:
    path = rule.replace("<lang>", lang or "ms")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: slug.replace("/", "%2F").replace("?", "%3F").replace("#", "%23") or "x", path)
    return path


@pytest.mark.parametrize("backend_marker", [None])
@FUZZ
@given(data=st.data())
def test_every_get_route_with_random_parameters_and_headers(app, client, data, backend_marker):
    rule = data.draw(st.sampled_from(get_paths(app)))
    path = fill(rule, data.draw(languages), data.draw(SLUGS))
    response = client.get(path, query_string=data.draw(params), headers={
        **data.draw(htmx_headers), "Accept-Language": data.draw(st.sampled_from(["", "ms", "en-GB", "*", "zz;q=x"]))})
    assert response.status_code < 500, (path, response.status_code)
    response.close()


FORM_FIELDS = list(new_service_data()) + ["comment", "reason", "contact", "homepage", "nationwide",
                                          "is_24_7", "phones-9-number", "phones-0-kind"]


@FUZZ
@given(data=st.data())
def test_every_public_form_with_random_values(app, client, data):
    url = data.draw(st.sampled_from(["/en/submit/new", "/ms/submit/new",
                                     "/en/services/talian-heal-15555/update",
                                     "/ms/services/talian-heal-15555/report"]))
    form = data.draw(st.dictionaries(st.sampled_from(FORM_FIELDS),
                                     st.one_of(nasty_text, st.lists(nasty_text, max_size=3)), max_size=12))
    if data.draw(st.booleans()):
        form = {**new_service_data(), **form}
    form["csrf_token"] = csrf_token(client, url)
    response = client.post(url, data=form, headers=data.draw(htmx_headers))
    assert response.status_code < 500, (url, response.status_code)


@FUZZ
@given(value=nasty_text, target=st.sampled_from(["phones-0-number-error", "x", "", "<b>-error", "a" * 300]))
def test_inline_phone_check_with_random_values(app, client, value, target):
    token = csrf_token(client, "/en/submit/new")
    response = client.post("/en/submit/check/phone", data={"phones-0-number": value},
                           headers={"HX-Request": "true", "HX-Target": target, "X-CSRFToken": token})
    assert response.status_code < 500


@pytest.fixture
def moderator(app, client):
    make_user(app)
    sign_in(client)
    return client


@FUZZ
@given(data=st.data())
def test_admin_routes_with_random_input(app, moderator, data):
    client = moderator
    token = csrf_token(client, "/admin/")
    rule = data.draw(st.sampled_from(sorted({r.rule for r in app.url_map.iter_rules()
                                             if r.rule.startswith("/admin") and "logout" not in r.rule})))
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(data.draw(st.integers(-5, 10**12))), rule)
    if data.draw(st.booleans()):
        response = client.get(path, query_string=data.draw(params))
    else:
        form = data.draw(st.dictionaries(st.sampled_from(FORM_FIELDS + ["note", "unpublish", "slug", "speaker_name",
                                                                        "starts_at", "duration_minutes", "email",
                                                                        "password", "role", "language"]),
                                         nasty_text, max_size=10))
        response = client.post(path, data={**form, "csrf_token": token})
    assert response.status_code < 500, (path, response.status_code)



hostile_hosts = st.one_of(
    st.sampled_from(["evil.example", "jaga.example.evil.example", "evil.example:443",
                     "jaga.example@evil.example", "127.0.0.1", "[::1]", "", " ", "jaga.example:99999",
                     "JAGA.EXAMPLE", "evil.example, jaga.example", "evil.example\tx"]),
    st.text(alphabet=st.characters(codec="ascii", exclude_characters="\r\n"), max_size=30)
    .map(lambda text: "evil.example" + text))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_host_headers_never_reach_a_page(database_url, app_config, data):
    """Host and X-Forwarded-Host (one trusted proxy hop): a 400 or the real site, never a 500,
    and the attacker's host never in a page, cached or not."""
    from helpers.apps import make_app
    from directory.extensions import db

    app = make_app(database_url, PUBLIC_BASE_URL="https://jaga.example", PAGE_CACHE_ENABLED=True,
                   TRUST_PROXY_HOPS=1, **app_config)
    client = app.test_client()
    path = data.draw(st.sampled_from(["/en/", "/en/directory?state=MY-10",
                                      "/en/services/befrienders-kuala-lumpur", "/api/v1/"]))
    header = data.draw(st.sampled_from(["Host", "X-Forwarded-Host"]))
    try:
        response = client.get(path, headers={header: data.draw(hostile_hosts)})
        assert response.status_code < 500
        assert b"evil.example" not in response.data
        assert b"evil.example" not in client.get(path, headers={"Host": "jaga.example"}).data
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
