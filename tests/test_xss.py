"""An XSS corpus in every free-text field, shown escaped wherever it appears."""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.models import Submission

from helpers.accounts import make_user, sign_in
from helpers.forms import csrf_token, new_service_data

CORPUS = [
    "<script>alert('jaga-xss-1')</script>",
    '"><img src=x onerror=alert("jaga-xss-2")>',
    "'><svg/onload=alert(`jaga-xss-3`)>",
    "</textarea><script>alert('jaga-xss-4')</script>",
    "<a href=\"javascript:alert('jaga-xss-5')\">x</a>",
    "{{7*7}}{% raw %}jaga-xss-6{% endraw %}",
    "<iframe src=//evil.example/jaga-xss-7></iframe>",
    "<style>*{background:url(//evil.example/jaga-xss-8)}</style>",
]
TEXT_FIELDS = ["organisation_name", "name_ms", "name_en", "description_ms", "description_en",
               "hours_ms", "hours_en", "submitter_name", "submitter_organisation"]


class Elements(HTMLParser):
    """Collects every element and attribute the browser would build."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("iframe", "svg", "style", "object", "embed"), tag
        if tag == "script":
            assert "src" in attrs and attrs["src"].startswith("/static/"), attrs
        if tag == "img":
            pytest.fail(f"unexpected <img>: {attrs}")
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)


def submit_all_fields(client, payload: str) -> str:
    data = new_service_data(**{field: payload for field in TEXT_FIELDS})
    data["name_en"] = payload + " line"
    data["csrf_token"] = csrf_token(client, "/en/submit/new")
    response = client.post("/en/submit/new", data=data)
    assert response.status_code == 303, response.status_code
    return response.headers["Location"].split("/")[-1].split("?")[0]


@pytest.mark.parametrize("payload", CORPUS)
def test_corpus_is_escaped_everywhere(app, client, payload):
    make_user(app)
    reference = submit_all_fields(client, payload)
    status = client.get(f"/en/submit/status/{reference}").get_data(as_text=True)
    assert_inert(status)

    moderator = app.test_client()
    sign_in(moderator)
    assert_inert(moderator.get("/admin/").get_data(as_text=True))
    with app.app_context():
        submission = db.session.scalar(sa.select(Submission).where(Submission.reference == reference))
        sid, payload_values = submission.id, submission.payload
    detail = moderator.get(f"/admin/submissions/{sid}").get_data(as_text=True)
    assert_inert(detail)
    assert payload.replace("<", "&lt;").split("&lt;")[0] in detail or "&lt;" in detail

    # Approve it as it is, so it reaches the public pages, the API and the audit log.
    form = {k: v for k, v in payload_values.items() if isinstance(v, str) and v}
    for i, phone in enumerate(payload_values["phones"]):
        form[f"phones-{i}-number"], form[f"phones-{i}-kind"] = phone["display"], phone["kind"]
    form.update({"states": payload_values["states"], "languages": payload_values["languages"],
                 "audiences": payload_values["audiences"], "service_types": payload_values["service_types"],
                 "sources": "\n".join(payload_values["sources"]), "note": payload,
                 "csrf_token": csrf_token(moderator, f"/admin/submissions/{sid}")})
    approved = moderator.post(f"/admin/submissions/{sid}/approve", data=form)
    assert approved.status_code == 303
    assert_inert(moderator.get("/admin/audit").get_data(as_text=True))
    listing = client.get("/en/directory?service=counselling&state=MY-10").get_data(as_text=True)
    assert_inert(listing)
    slug = re.search(r'href="/en/services/([^"]+)"[^>]*>[^<]*jaga-xss', listing)
    assert slug, "the approved listing is shown"
    page = client.get(f"/en/services/{slug.group(1)}").get_data(as_text=True)
    assert_inert(page)
    if "7*7" in payload:
        assert "{{7*7}}" in page  # templates never evaluate content
    assert_inert(client.get(f"/ms/services/{slug.group(1)}").get_data(as_text=True))
    assert_inert(client.get("/en/search", query_string={"q": payload}).get_data(as_text=True))
    assert_inert(client.get("/en/directory", query_string={"q": payload[:100]},
                            headers={"HX-Request": "true"}).get_data(as_text=True))
    assert_inert(client.get("/embed/en/directory?service=counselling").get_data(as_text=True))
    api = client.get("/api/v1/services?service=counselling&state=MY-10")
    assert api.mimetype == "application/json"


@pytest.mark.parametrize("payload", CORPUS)
def test_corpus_in_report_comments_and_lookup(app, client, payload):
    url = "/en/services/talian-heal-15555/report"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "other",
                                      "comment": payload})
    assert response.status_code == 303
    assert_inert(client.get(response.headers["Location"]).get_data(as_text=True))
    assert_inert(client.get("/en/submit/status", query_string={"code": payload}).get_data(as_text=True))
    assert_inert(client.get(f"/en/submit/status/{payload[:20]}").get_data(as_text=True))
