"""The moderators' area: access control, sign-in, review, audit, verification, sessions."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.models import AuditEntry, LiveSession, Service, Submission, User
from helpers.formdata import form_data

from helpers.accounts import MODERATOR_PASSWORD, make_user, sign_in
from helpers.apps import make_app
from helpers.forms import csrf_token, new_service_data

ADMIN_GETS = ["/admin/", "/admin/submissions/1", "/admin/verification", "/admin/services",
              "/admin/sessions", "/admin/sessions/new", "/admin/audit", "/admin/translations",
              "/admin/users"]
ADMIN_POSTS = ["/admin/submissions/1/approve", "/admin/submissions/1/reject",
               "/admin/services/1/verify", "/admin/services/1/unpublish", "/admin/services/1/publish",
               "/admin/sessions/new", "/admin/users", "/admin/users/1/deactivate"]


@pytest.fixture(autouse=True)
def english_admin(client):
    """The admin area follows the browser's language; these tests read its English text."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def get_service(slug):
    return db.session.scalar(sa.select(Service).where(Service.slug == slug))


def submit_report(client, slug="talian-heal-15555", reason="number_not_working", comment=None):
    url = f"/en/services/{slug}/report"
    data = {"csrf_token": csrf_token(client, url), "reason": reason}
    if comment:
        data["comment"] = comment
    response = client.post(url, data=data)
    assert response.status_code == 303
    return response.headers["Location"].split("/")[-1].split("?")[0]


def submit_update(client, slug="sneham-malaysia", **changes):
    """Start from what the update form shows (the published values), change some, send."""
    url = f"/en/services/{slug}/update"
    data = form_data(client.get(url).get_data(as_text=True), action=url)
    data.update({"submitter_name": "Ravi", "submitter_contact": "ravi@example.org", **changes})
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return response.headers["Location"].split("/")[-1].split("?")[0]


def submission_id(app, reference):
    with app.app_context():
        return db.session.scalar(sa.select(Submission.id).where(Submission.reference == reference))


@pytest.mark.parametrize("path", ADMIN_GETS)
def test_signed_out_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")


@pytest.mark.parametrize("path", ADMIN_POSTS)
def test_signed_out_posts_change_nothing(app, client, path):
    assert client.post(path).status_code == 400  # no CSRF token
    token = csrf_token(client, "/admin/login")
    response = client.post(path, data={"csrf_token": token, "reason": "x"})
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize("path", ["/admin/users"])
def test_moderators_cannot_manage_accounts(moderator_client, path):
    assert moderator_client.get(path).status_code == 403
    token = csrf_token(moderator_client, "/admin/")
    response = moderator_client.post(path, data={"csrf_token": token, "email": "x@example.org",
                                                 "role": "admin", "password": "x" * 20})
    assert response.status_code == 403
    assert moderator_client.post("/admin/users/1/deactivate", data={"csrf_token": token}).status_code == 403


def test_admin_manages_accounts(app, client):
    make_user(app, "boss@example.org", "admin")
    make_user(app, "mod@example.org", "moderator")
    sign_in(client, "boss@example.org")
    token = csrf_token(client, "/admin/users")
    response = client.post("/admin/users", data={"csrf_token": token, "email": "New@Example.org",
                                                 "role": "moderator", "password": "a long password 1"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
        assert user.role == "moderator" and user.password_hash.startswith("$argon2")
        mod_id = db.session.scalar(sa.select(User.id).where(User.email == "mod@example.org"))
    client.post(f"/admin/users/{mod_id}/deactivate", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(User, mod_id).is_active is False
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    token = csrf_token(other, "/admin/login")
    response = other.post("/admin/login", data={"csrf_token": token, "email": "mod@example.org",
                                                "password": MODERATOR_PASSWORD})
    assert response.status_code == 401


def test_sign_in_failures_say_the_same_thing(app, client):
    make_user(app)
    token = csrf_token(client, "/admin/login")
    wrong_password = client.post("/admin/login", data={"csrf_token": token, "email": "mod@example.org", "password": "nope"})
    no_account = client.post("/admin/login", data={"csrf_token": token, "email": "who@example.org", "password": "nope"})
    assert wrong_password.status_code == no_account.status_code == 401
    message = "That email and password do not match an active account."
    assert message in wrong_password.get_data(as_text=True) and message in no_account.get_data(as_text=True)


def test_sign_in_redirects_only_inside_admin(app, client):
    make_user(app)
    for target, expected in [("/admin/audit", "/admin/audit"), ("https://evil.example/", "/admin/"),
                             ("//evil.example", "/admin/")]:
        token = csrf_token(client, "/admin/login")  # a new one each time: rotated at sign-in
        response = client.post("/admin/login", query_string={"next": target},
                               data={"csrf_token": token, "email": "mod@example.org", "password": MODERATOR_PASSWORD})
        assert response.headers["Location"] == expected
        client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})


def test_sign_in_is_rate_limited(database_url, app_config):
    app = make_app(database_url, RATELIMIT_ENABLED=True, **app_config)
    make_user(app)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    token = csrf_token(client, "/admin/login")
    codes = [client.post("/admin/login", data={"csrf_token": token, "email": "mod@example.org",
                                               "password": f"guess {i}"}).status_code for i in range(7)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_sign_out(moderator_client):
    token = csrf_token(moderator_client, "/admin/")
    assert moderator_client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    assert moderator_client.get("/admin/").status_code == 302


def test_admin_pages_are_never_cached(moderator_client):
    for path in ("/admin/", "/admin/audit", "/admin/login"):
        cache = moderator_client.get(path).headers["Cache-Control"]
        assert "no-store" in cache and "private" in cache


def test_public_pages_never_link_to_admin(client):
    for path in ("/en/", "/ms/directory", "/en/services/talian-heal-15555", "/en/guides/", "/en/submit/new"):
        assert "/admin" not in client.get(path).get_data(as_text=True)


def test_queue_newest_first_and_filters(app, client, moderator_client):
    first = submit_report(client, reason="closed")
    second = submit_report(client, slug="befrienders-kuala-lumpur")
    html = moderator_client.get("/admin/").get_data(as_text=True)
    assert html.index(second) < html.index(first)
    assert "2 submissions" in html
    assert second not in moderator_client.get("/admin/?kind=update").get_data(as_text=True)
    assert "0 submissions" in moderator_client.get("/admin/?status=approved").get_data(as_text=True)


def test_update_shows_a_field_by_field_comparison(app, client, moderator_client):
    reference = submit_update(client, **{"phones-0-number": "1-800-22-5758", "hours_en": "5pm-9pm daily."})
    html = moderator_client.get(f"/admin/submissions/{submission_id(app, reference)}").get_data(as_text=True)
    rows = dict((f, (b, a)) for f, b, a in re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="before">([^<]*)</td><td class="after">([^<]*)</td></tr>', html))
    assert rows["Opening hours, in English"] == ("4pm-8pm daily.", "5pm-9pm daily.")
    assert rows["Phone numbers"] if "Phone numbers" in rows else True
    assert any("1-800-22-5757" in before and "1-800-22-5758" in after for before, after in rows.values())
    assert "Organisation" not in rows  # unchanged fields are not listed


def test_approving_an_update_applies_it_once_with_an_audit_trail(app, client, moderator_client):
    reference = submit_update(client, **{"hours_en": "5pm-9pm daily."})
    sid = submission_id(app, reference)
    url = f"/admin/submissions/{sid}"
    html = moderator_client.get(url).get_data(as_text=True)
    form = {"csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)}
    # The moderator edits before approving: corrects the English hours again.
    with app.app_context():
        payload = db.session.get(Submission, sid).payload
    form.update(flatten(payload))
    form["hours_en"] = "5pm to 9pm, every day."
    response = moderator_client.post(f"{url}/approve", data=form)
    assert response.status_code == 303
    with app.app_context():
        service = get_service("sneham-malaysia")
        assert service.hours_en == "5pm to 9pm, every day."
        assert service.last_verified == dt.date(2026, 11, 25)
        submission = db.session.get(Submission, sid)
        assert submission.status == "approved" and submission.decided_by.email == "mod@example.org"
        [entry] = db.session.scalars(sa.select(AuditEntry)).all()
        assert entry.action == "update" and entry.user.email == "mod@example.org"
        assert entry.changes["hours_en"] == ["4pm-8pm daily.", "5pm to 9pm, every day."]
        assert entry.changes["last_verified"] == [None, "2026-11-25"]
        assert entry.submission_id == sid
    page = client.get("/en/services/sneham-malaysia").get_data(as_text=True)
    assert "5pm to 9pm, every day." in page and "November 25, 2026" in page
    status = client.get(f"/en/submit/status/{reference}").get_data(as_text=True)
    assert "Approved" in status
    # A second approval (a double click, a second moderator) changes nothing.
    again = moderator_client.post(f"{url}/approve", data=form)
    assert again.status_code == 303
    assert "already decided this submission" in moderator_client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 1


def flatten(payload: dict) -> dict:
    """A payload as the review form's fields."""
    data = {k: v for k, v in payload.items() if k not in ("phones", "sources", "is_24_7", "nationwide")}
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    for i, phone in enumerate(payload["phones"]):
        data[f"phones-{i}-number"] = phone["display"]
        data[f"phones-{i}-kind"] = phone["kind"]
    data["sources"] = "\n".join(payload["sources"])
    for flag in ("is_24_7", "nationwide"):
        if payload[flag]:
            data[flag] = "y"
    return data


def test_approving_a_new_service_publishes_it(app, client, moderator_client):
    url = "/ms/submit/new"
    response = client.post(url, data={**new_service_data(), "csrf_token": csrf_token(client, url)})
    reference = response.headers["Location"].split("/")[-1].split("?")[0]
    sid = submission_id(app, reference)
    with app.app_context():
        payload = db.session.get(Submission, sid).payload
    token = csrf_token(moderator_client, f"/admin/submissions/{sid}")
    response = moderator_client.post(f"/admin/submissions/{sid}/approve", data={**flatten(payload), "csrf_token": token})
    assert response.status_code == 303
    listing = client.get("/en/directory?state=MY-10&service=counselling").get_data(as_text=True)
    assert "Example Support Line" in listing
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.name_en == "Example Support Line"))
        assert service.is_published and service.last_verified == dt.date(2026, 11, 25)
        assert service.slug == "example-support-line"
        assert [p.number for p in service.phones] == ["+60323456789", "+60123456789"]
        assert [s.url for s in service.sources] == ["https://example.org/contact"]
        entry = db.session.scalar(sa.select(AuditEntry))
        assert entry.action == "create" and entry.entity_id == service.id


def test_invalid_edits_are_refused_with_the_values_kept(app, client, moderator_client):
    reference = submit_update(client)
    sid = submission_id(app, reference)
    with app.app_context():
        payload = db.session.get(Submission, sid).payload
    token = csrf_token(moderator_client, f"/admin/submissions/{sid}")
    data = {**flatten(payload), "csrf_token": token, "phones-0-number": "12345"}
    response = moderator_client.post(f"/admin/submissions/{sid}/approve", data=data)
    assert response.status_code == 422
    assert 'value="12345"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Submission, sid).status == "received"


def test_rejecting_needs_a_reason_shown_to_the_sender(app, client, moderator_client):
    reference = submit_report(client)
    sid = submission_id(app, reference)
    token = csrf_token(moderator_client, f"/admin/submissions/{sid}")
    assert moderator_client.post(f"/admin/submissions/{sid}/reject", data={"csrf_token": token}).status_code == 422
    response = moderator_client.post(f"/admin/submissions/{sid}/reject",
                                     data={"csrf_token": token, "reason": "We called: the line works."})
    assert response.status_code == 303
    status = client.get(f"/en/submit/status/{reference}").get_data(as_text=True)
    assert "Not accepted" in status and "We called: the line works." in status


def test_report_can_unpublish_the_service_which_is_kept(app, client, moderator_client):
    reference = submit_report(client, slug="sneham-malaysia", reason="closed")
    sid = submission_id(app, reference)
    token = csrf_token(moderator_client, f"/admin/submissions/{sid}")
    response = moderator_client.post(f"/admin/submissions/{sid}/approve",
                                     data={"csrf_token": token, "unpublish": "y", "note": "Confirmed closed."})
    assert response.status_code == 303
    assert client.get("/en/services/sneham-malaysia").status_code == 404
    with app.app_context():
        service = get_service("sneham-malaysia")
        assert service is not None and service.is_published is False
        entry = db.session.scalar(sa.select(AuditEntry))
        assert entry.action == "unpublish" and entry.changes == {"is_published": [True, False]}


def test_verification_list_and_confirming(app, moderator_client):
    html = moderator_client.get("/admin/verification").get_data(as_text=True)
    assert "Befrienders Kuala Lumpur" in html  # published, never verified
    assert "MIASA" in html  # low confidence
    assert 'href="tel:+60376272929"' in html
    with app.app_context():
        service_id = get_service("befrienders-kuala-lumpur").id
    token = csrf_token(moderator_client, "/admin/verification")
    moderator_client.post(f"/admin/services/{service_id}/verify", data={"csrf_token": token})
    with app.app_context():
        assert get_service("befrienders-kuala-lumpur").last_verified == dt.date(2026, 11, 25)
        entry = db.session.scalar(sa.select(AuditEntry))
        assert entry.action == "verify" and entry.changes["last_verified"] == [None, "2026-11-25"]
    html = moderator_client.get("/admin/verification").get_data(as_text=True)
    due = html[:html.index("Low-confidence records")]
    assert "Befrienders Kuala Lumpur" not in due


def test_old_verifications_come_due_again(app, moderator_client):
    with app.app_context():
        get_service("talian-kasih-15999").last_verified = dt.date(2025, 11, 1)
        get_service("befrienders-kuala-lumpur").last_verified = dt.date(2026, 1, 1)
        db.session.commit()
    html = moderator_client.get("/admin/verification").get_data(as_text=True)
    due = html[:html.index("Low-confidence records")]
    assert "Talian Kasih" in due and "Befrienders Kuala Lumpur" not in due


def test_unpublish_and_publish_with_audit(app, client, moderator_client):
    with app.app_context():
        heal = get_service("talian-heal-15555").id
        miasa = get_service("miasa").id
    token = csrf_token(moderator_client, "/admin/services")
    moderator_client.post(f"/admin/services/{heal}/unpublish", data={"csrf_token": token})
    assert client.get("/en/services/talian-heal-15555").status_code == 404
    moderator_client.post(f"/admin/services/{heal}/publish", data={"csrf_token": token})
    assert client.get("/en/services/talian-heal-15555").status_code == 200
    response = moderator_client.post(f"/admin/services/{miasa}/publish", data={"csrf_token": token})
    assert "Confirm the details with the service first" in moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get("/en/services/miasa").status_code == 404
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["unpublish", "publish"]


def test_moderators_manage_live_sessions(app, client, moderator_client):
    token = csrf_token(moderator_client, "/admin/sessions/new")
    data = {"csrf_token": token, "slug": "talk-1", "title_ms": "Bual tentang tidur", "title_en": "About sleep",
            "speaker_name": "Dr Siti", "speaker_credentials_en": "Psychiatrist", "language": "ms",
            "starts_at": "2026-12-02T20:00", "duration_minutes": "60", "watch_url": "https://example.org/live",
            "is_published": "y"}
    response = moderator_client.post("/admin/sessions/new", data=data)
    assert response.status_code == 303
    page = client.get("/en/sessions").get_data(as_text=True)
    assert "About sleep" in page and "8:00" in page
    with app.app_context():
        session = db.session.scalar(sa.select(LiveSession))
        assert session.starts_at == dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc)
    bad = moderator_client.post("/admin/sessions/new", data={**data, "starts_at": "soon", "slug": "x2"})
    assert bad.status_code == 422
    edit = {k: v for k, v in data.items() if k != "is_published"}
    moderator_client.post(f"/admin/sessions/{session.id}", data=edit)
    assert "About sleep" not in client.get("/en/sessions").get_data(as_text=True)
    with app.app_context():
        assert [e.action for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))] == ["create", "update"]


def test_audit_log_page(app, client, moderator_client):
    with app.app_context():
        service_id = get_service("befrienders-kuala-lumpur").id
    token = csrf_token(moderator_client, "/admin/verification")
    moderator_client.post(f"/admin/services/{service_id}/verify", data={"csrf_token": token})
    html = moderator_client.get("/admin/audit").get_data(as_text=True)
    assert "mod@example.org" in html and "verify service" in html and "2026-11-25" in html


def test_free_text_is_escaped_in_the_queue_and_detail(app, client, moderator_client):
    reference = submit_report(client, comment='<script>alert("x")</script><img src=x onerror=alert(1)>')
    sid = submission_id(app, reference)
    html = moderator_client.get(f"/admin/submissions/{sid}").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_users_cli(app, runner):
    result = runner.invoke(args=["users", "create", "Admin@Example.org", "--role", "admin",
                                 "--password", "a very long password"])
    assert result.exit_code == 0 and "Created admin admin@example.org." in result.output
    again = runner.invoke(args=["users", "create", "admin@example.org", "--role", "admin", "--password", "x" * 20])
    assert again.exit_code != 0 and "already an account" in again.output
    short = runner.invoke(args=["users", "create", "b@example.org", "--role", "moderator", "--password", "short"])
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    prompted = runner.invoke(args=["users", "create", "c@example.org", "--role", "moderator"],
                             input="another long password\nanother long password\n")
    assert prompted.exit_code == 0, prompted.output
    bad_role = runner.invoke(args=["users", "create", "d@example.org", "--role", "owner", "--password", "x" * 20])
    assert bad_role.exit_code != 0


def test_ids_too_large_for_the_database_are_404(moderator_client):
    assert moderator_client.get("/admin/submissions/2147483648").status_code == 404
    assert moderator_client.get("/admin/submissions/0").status_code == 404
