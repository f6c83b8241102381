"""Verification calls per line and "Did you get through?", through the real stack."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from directory.moderation import verification
from directory.extensions import db
from directory.models import (
    AuditEntry, LineFeedbackCount, Phone, Service, Submission, User, VerificationCall,
)
from directory.moderation.verification import CallFact, Due, add_months, due_state, failed_days, is_flagged

from helpers.accounts import make_user, sign_in
from helpers.apps import WEDNESDAY_10AM, make_app
from helpers.forms import csrf_token

TODAY = dt.date(2026, 11, 25)  # WEDNESDAY_10AM in Kuala Lumpur
TWO_LINES = "talian-kasih-15999"


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def service_by(slug: str) -> Service:
    return db.session.scalar(sa.select(Service).where(Service.slug == slug))


def line_ids(app, slug: str) -> list[int]:
    with app.app_context():
        return [p.id for p in service_by(slug).phones]


def record(client, phone_id: int, outcome: str, day: dt.date = TODAY, note: str = "",
           token: str | None = None):
    token = token or csrf_token(client, "/admin/verification")
    prefix = f"line-{phone_id}-"
    return client.post(f"/admin/lines/{phone_id}/calls", data={
        prefix + "csrf_token": token, prefix + "outcome": outcome,
        prefix + "called_on": day.isoformat(), prefix + "note": note})


def line_order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li class="call-line" id="line-(\d+)"', html)]


# --- Pure rules, by tables of cases ------------------------------------------------------

D1, D2, D3 = dt.date(2026, 11, 20), dt.date(2026, 11, 21), dt.date(2026, 11, 22)


@pytest.mark.parametrize("calls, flagged", [
    ([], False),
    ([CallFact(D1, "no_answer")], False),
    ([CallFact(D1, "no_answer"), CallFact(D1, "wrong_organisation")], False),  # same day
    ([CallFact(D1, "no_answer"), CallFact(D2, "wrong_organisation")], True),
    ([CallFact(D1, "no_answer"), CallFact(D2, "not_in_service")], True),
    ([CallFact(D1, "no_answer"), CallFact(D2, "answered_confirmed"), CallFact(D3, "no_answer")],
     False),  # it answered in between
    ([CallFact(D1, "no_answer"), CallFact(D2, "answered_changes"), CallFact(D2, "no_answer"),
      CallFact(D3, "no_answer")], False),
    ([CallFact(D1, "answered_confirmed"), CallFact(D2, "no_answer"), CallFact(D3, "no_answer")],
     True),
])
def test_two_failed_days_flag(calls, flagged):
    assert is_flagged(calls) is flagged
    assert (len(failed_days(calls)) >= 2) is flagged


@pytest.mark.parametrize("verified, expected", [
    (None, Due("never", None, 0)),
    (dt.date(2025, 11, 1), Due("overdue", dt.date(2026, 11, 1), 24)),
    (dt.date(2025, 11, 25), Due("due", dt.date(2026, 11, 25), 0)),
    (dt.date(2025, 12, 10), Due("due", dt.date(2026, 12, 10), 15)),
    (dt.date(2026, 1, 1), Due("current", dt.date(2027, 1, 1), 0)),
])
def test_due_state(verified, expected):
    assert due_state(verified, TODAY, 12) == expected


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    (dt.date(2026, 11, 25), 6, dt.date(2027, 5, 25)),
    (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("headers, ok", [
    ({}, True),  # an old browser or a plain client: the signed token still applies
    ({"Sec-Fetch-Site": "same-origin"}, True),
    ({"Sec-Fetch-Site": "cross-site"}, False),
    ({"Sec-Fetch-Site": "same-site"}, False),
    ({"Origin": "null"}, True),  # our no-referrer policy: browsers send "null"
    ({"Origin": "http://localhost"}, True),
    ({"Origin": "https://evil.example"}, False),
])
def test_sent_from_this_site(headers, ok):
    assert verification.sent_from_this_site(headers, "localhost") is ok


# --- The call list ----------------------------------------------------------------------

def test_call_list_order_and_what_it_shows(app, client, moderator_client):
    with app.app_context():
        services = db.session.scalars(sa.select(Service).where(Service.is_published.is_(True))
                                      .order_by(Service.id)).all()
        never, old, recent = services[0], services[1], services[2]
        for phone in old.phones:
            phone.last_verified = dt.date(2025, 6, 1)  # overdue
        for phone in recent.phones:
            phone.last_verified = dt.date(2026, 11, 1)  # confirmed, not due
        old.last_verified, recent.last_verified = dt.date(2025, 6, 1), dt.date(2026, 11, 1)
        ids = {"never": never.phones[0].id, "old": old.phones[0].id, "recent": recent.phones[0].id}
        quiet = db.session.scalars(sa.select(Service).where(Service.is_published.is_(True))
                                   .order_by(Service.id.desc())).first()
        for phone in quiet.phones:
            phone.last_verified = dt.date(2026, 11, 1)
        quiet_id = quiet.phones[0].id
        db.session.commit()
    # four people could not get through to the recently confirmed line this week
    html = client.get(f"/en/services/{recent_slug(app, ids['recent'])}").get_data(as_text=True)
    token = feedback_token(html, ids["recent"])
    for answer in ("no_answer", "no_answer", "closed", "wrong_number", "got_through"):
        assert answer_once(client, ids["recent"], token, answer).status_code == 303
    html = moderator_client.get("/admin/verification").get_data(as_text=True)
    order = line_order(html)
    assert order.index(ids["never"]) < order.index(ids["old"]) < order.index(ids["recent"])
    with app.app_context():
        lines = verification.call_list(TODAY, 12)
        groups = [verification.group_of(line) for line in lines]
        assert [line.phone.id for line in lines] == order  # the page shows the rule's order
        assert groups == sorted(groups) and set(groups) == {0, 1, 2}
        assert all(line.due.state == "never" for line in lines if verification.group_of(line) == 0)
    assert quiet_id not in order  # confirmed recently, no problems: not listed
    item = html[html.index(f'id="line-{ids["recent"]}"'):]
    item = item[:item.index("</li>\n\n") if "</li>\n\n" in item else len(item)]
    assert "4 people could not get through this week." in item
    assert "I got through: 1" in item
    # the call script, in both languages
    assert 'lang="ms"' in html and "Adakah ini" in html and "Is this" in html
    assert "Never confirmed with the service." in html and "Overdue by" in html


def recent_slug(app, phone_id):
    with app.app_context():
        phone = db.session.get(Phone, phone_id)
        return db.session.get(Service, phone.service_id).slug


def test_call_list_shows_problem_reports_and_flags(app, client, moderator_client):
    first, second = line_ids(app, TWO_LINES)
    with app.app_context():
        service = service_by(TWO_LINES)
        for phone in service.phones:
            phone.last_verified = dt.date(2026, 11, 1)
        db.session.add(Submission(reference="JG-AAAA-BBBB", kind="report", service_id=service.id,
                                  report_reason="number_not_working"))
        db.session.commit()
    record(moderator_client, first, "no_answer", dt.date(2026, 11, 23))
    response = record(moderator_client, first, "wrong_organisation", dt.date(2026, 11, 24))
    assert response.status_code == 303
    html = moderator_client.get("/admin/verification").get_data(as_text=True)
    assert first in line_order(html) and second in line_order(html)  # the report is on both
    item = html[html.index(f'id="line-{first}"'):html.index(f'id="line-{second}"')] \
        if html.index(f'id="line-{first}"') < html.index(f'id="line-{second}"') \
        else html[html.index(f'id="line-{first}"'):]
    assert "Flagged: calls failed on two different days." in item
    assert "1 problem report on this service" in item
    assert "2 calls recorded" in item


# --- Recording outcomes -----------------------------------------------------------------

def stored_version() -> int:
    # The row itself (a process's listener may learn of the change a moment later).
    return db.session.scalar(sa.text("SELECT version FROM data_versions WHERE name = 'published'"))


def test_not_in_service_unpublishes_that_number_then_the_service(app, client, moderator_client):
    first, second = line_ids(app, TWO_LINES)
    with app.app_context():
        numbers = {p.id: p.display for p in service_by(TWO_LINES).phones}
        version = stored_version()
    html = client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True)
    assert f"Call {numbers[first]}</a>" in html and f"{numbers[second]}</a>" in html
    response = record(moderator_client, first, "not_in_service", note="Recorded message")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Phone, first).is_published is False
        assert db.session.get(Phone, second).is_published is True
        service = service_by(TWO_LINES)
        assert service.is_published and [p.id for p in service.phones] == [second]
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.entity, e.entity_id) for e in entries] == [
            ("unpublish", "phone", first), ("call", "phone", first)]
        assert entries[0].changes["is_published"] == [True, False]
        assert entries[1].changes["outcome"] == [None, "not_in_service"]
        assert stored_version() > version  # every process drops its pages
    html = client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True)
    assert f'id="got-through-{first}"' not in html and f'id="got-through-{second}"' in html
    assert f"Call {numbers[first]}</a>" not in html and f"{numbers[second]}</a>" in html
    api = client.get(f"/api/v1/services/{TWO_LINES}")
    assert api.status_code == 200
    assert [p["id"] for p in api.get_json()["phones"]] == [str(second)] or \
        len(api.get_json()["phones"]) == 1
    record(moderator_client, second, "not_in_service")
    with app.app_context():
        assert service_by(TWO_LINES).is_published is False
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "service")).one()
        assert entry.action == "unpublish" and entry.changes == {"is_published": [True, False]}
    assert client.get(f"/en/services/{TWO_LINES}").status_code == 404


def test_a_number_taken_off_can_be_shown_again(app, client, moderator_client):
    first, second = line_ids(app, TWO_LINES)
    record(moderator_client, first, "not_in_service")
    html = moderator_client.get("/admin/verification").get_data(as_text=True)
    item = html[html.index(f'id="withdrawn-{first}"'):]
    assert "Found not in service on Nov 25, 2026 by mod@example.org." in item
    token = csrf_token(moderator_client, "/admin/verification")
    response = moderator_client.post(f"/admin/lines/{first}/publish", data={"csrf_token": token})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Phone, first).is_published is True
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.entity, entry.entity_id) == ("publish", "phone", first)
    assert f'id="got-through-{first}"' in client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True)
    again = moderator_client.post(f"/admin/lines/{first}/publish", data={"csrf_token": token},
                                  follow_redirects=True)
    assert "This number is already shown on the site." in again.get_data(as_text=True)
    assert moderator_client.post(f"/admin/lines/{first}/publish", data={}).status_code == 400


def test_an_unpublished_lines_own_hours_count_nowhere(app, client, moderator_client):
    """Invented test data: a day line and a late line, each with its own hours."""
    from directory.models import Schedule
    from helpers.factories import make_service

    with app.app_context():
        day = Phone(number="+60311111111", display="03-1111 1111", kind="voice", position=0)
        late = Phone(number="+60322222222", display="03-2222 2222", kind="voice", position=1)
        service = make_service(slug="two-lines", phones=[day, late])
        db.session.flush()
        service.schedules = (
            [Schedule(phone_id=day.id, weekday=d, opens_minute=570, closes_minute=1020)
             for d in range(5)]
            + [Schedule(phone_id=late.id, weekday=d, opens_minute=1260, closes_minute=1380)
               for d in range(7)])
        db.session.commit()
        late_id = late.id
    app.config["CLOCK"] = lambda: dt.datetime(2026, 11, 25, 22, 0, tzinfo=WEDNESDAY_10AM.tzinfo)
    assert "two-lines" in client.get("/en/directory?open=now").get_data(as_text=True)
    record(moderator_client, late_id, "not_in_service", dt.date(2026, 11, 25))
    assert "two-lines" not in client.get("/en/directory?open=now").get_data(as_text=True)
    html = client.get("/en/services/two-lines").get_data(as_text=True)
    assert "03-2222 2222" not in html and "Open now" not in html
    hsds = client.get("/api/v1/services/two-lines").get_json()
    assert all(s["opens_at"] != "21:00" for s in hsds["schedules"])


def test_confirmed_call_shows_on_the_public_page(app, client, moderator_client):
    slug = "befrienders-kuala-lumpur"
    [phone_id, *_] = line_ids(app, slug)
    html = client.get(f"/en/services/{slug}").get_data(as_text=True)
    assert "Not yet confirmed" in html
    assert record(moderator_client, phone_id, "answered_confirmed",
                  dt.date(2026, 11, 24)).status_code == 303
    with app.app_context():
        service = service_by(slug)
        assert db.session.get(Phone, phone_id).last_verified == dt.date(2026, 11, 24)
        assert service.last_verified == dt.date(2026, 11, 24) and service.confidence == "high"
        entry = db.session.scalars(sa.select(AuditEntry)).one()
        assert entry.action == "call" and entry.user.email == "mod@example.org"
        assert entry.changes["line_last_verified"] == [None, "2026-11-24"]
        assert entry.changes["confidence"][1] == "high"
    html = client.get(f"/en/services/{slug}").get_data(as_text=True)
    assert html.count("Confirmed with the service on November 24, 2026.") >= 2  # line, service
    html = client.get(f"/ms/services/{slug}").get_data(as_text=True)
    assert "Disahkan dengan pihak perkhidmatan pada 24 November 2026." in html


def test_two_failed_attempts_on_different_days_flag_the_line(app, moderator_client):
    [phone_id, *_] = line_ids(app, "befrienders-kuala-lumpur")
    record(moderator_client, phone_id, "no_answer", dt.date(2026, 11, 24))
    record(moderator_client, phone_id, "no_answer", dt.date(2026, 11, 24))
    html = moderator_client.get("/admin/verification").get_data(as_text=True)
    assert "Flagged: calls failed on two different days." not in html
    response = record(moderator_client, phone_id, "wrong_organisation", dt.date(2026, 11, 25))
    html = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Flagged: calls to this line failed on two different days." in html  # the notice
    assert "Flagged: calls failed on two different days." in html  # on the line
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert len(entries) == 3 and entries[-1].changes["flagged"] == [None, True]
        assert db.session.get(Phone, phone_id).is_published  # a flag unpublishes nothing


def test_answered_with_changes_goes_to_the_review_queue(app, client, moderator_client):
    slug = "befrienders-kuala-lumpur"
    [phone_id, *_] = line_ids(app, slug)
    with app.app_context():
        before = verification.submissions.snapshot(service_by(slug))
    missing = record(moderator_client, phone_id, "answered_changes")
    assert missing.status_code == 422
    assert "Please note what the service said has changed" in missing.get_data(as_text=True)
    response = record(moderator_client, phone_id, "answered_changes",
                      note="Now open 24 hours; new WhatsApp line 012-345 6789")
    assert response.status_code == 303 and "/admin/submissions/" in response.headers["Location"]
    with app.app_context():
        submission = db.session.scalars(sa.select(Submission)).one()
        assert submission.kind == "update" and submission.status == "received"
        assert submission.comment.startswith("Now open 24 hours")
        call = db.session.scalars(sa.select(VerificationCall)).one()
        assert call.submission_id == submission.id and call.outcome == "answered_changes"
        assert verification.submissions.snapshot(service_by(slug)) == before  # nothing applied
        assert db.session.get(Phone, phone_id).last_verified is None
    queue = moderator_client.get("/admin/").get_data(as_text=True)
    assert submission.reference in queue
    review = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Now open 24 hours" in review


@pytest.mark.parametrize("data, message", [
    ({"outcome": "", "called_on": "2026-11-25"}, "Please choose what the call found."),
    ({"outcome": "hung_up", "called_on": "2026-11-25"}, "Please choose what the call found."),
    ({"outcome": "no_answer", "called_on": "2026-11-26"}, "cannot be in the future"),
    ({"outcome": "no_answer", "called_on": "2024-01-01"}, "older than a year"),
    ({"outcome": "no_answer", "called_on": ""}, "Please give the day of the call"),
])
def test_bad_call_forms_say_why_and_keep_what_was_typed(app, moderator_client, data, message):
    [phone_id, *_] = line_ids(app, "befrienders-kuala-lumpur")
    token = csrf_token(moderator_client, "/admin/verification")
    prefix = f"line-{phone_id}-"
    response = moderator_client.post(f"/admin/lines/{phone_id}/calls", data={
        prefix + "csrf_token": token, prefix + "note": "spoke to Aina",
        **{prefix + k: v for k, v in data.items()}})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "spoke to Aina" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(VerificationCall)) == 0


def test_recording_needs_a_moderator_and_a_csrf_token(app, client):
    [phone_id, *_] = line_ids(app, "befrienders-kuala-lumpur")
    token = csrf_token(client, "/en/submit/new")  # a valid token, but nobody signed in
    response = client.post(f"/admin/lines/{phone_id}/calls", data={
        f"line-{phone_id}-csrf_token": token, f"line-{phone_id}-outcome": "no_answer",
        f"line-{phone_id}-called_on": "2026-11-25"})
    assert response.status_code in (302, 401, 403)
    make_user(app)
    sign_in(client)
    response = client.post(f"/admin/lines/{phone_id}/calls", data={
        f"line-{phone_id}-outcome": "no_answer", f"line-{phone_id}-called_on": "2026-11-25"})
    assert response.status_code in (400, 422)
    assert client.post("/admin/lines/999999/calls", data={}).status_code in (400, 404)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(VerificationCall)) == 0


# --- "Did you get through?" --------------------------------------------------------------

def feedback_token(html: str, phone_id: int) -> str:
    form = html[html.index(f'id="got-through-{phone_id}"'):]
    return re.search(r'name="token" value="([^"]+)"', form).group(1)


def answer_once(client, phone_id, token, answer, **headers):
    return client.post(f"/en/lines/{phone_id}/got-through",
                       data={"token": token, "answer": answer}, headers=headers)


def counts(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(sa.select(
            LineFeedbackCount.phone_id, LineFeedbackCount.day, LineFeedbackCount.answer,
            LineFeedbackCount.count).order_by(LineFeedbackCount.answer)).all()


def test_feedback_without_javascript_stores_only_counts(app, client):
    first, second = line_ids(app, TWO_LINES)
    page = client.get(f"/en/services/{TWO_LINES}")
    assert "Set-Cookie" not in page.headers
    html = page.get_data(as_text=True)
    assert html.count("Did you get through to") == 2  # one compact form under each line
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert 'action="/en/lines/%d/got-through"' % first in html
    assert "got-through.js" in html and "<script>" not in html
    token = feedback_token(html, first)
    response = answer_once(client, first, token, "no_answer")
    assert response.status_code == 303 and "Set-Cookie" not in response.headers
    assert response.headers["Location"].endswith(
        f"/en/services/{TWO_LINES}?thanks={first}#got-through-{first}")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you. Your answer was counted" in thanks
    assert f'id="got-through-{second}"' in thanks and 'name="token"' in thanks  # the other line
    answer_once(client, first, token, "no_answer")
    answer_once(client, first, token, "got_through")
    assert counts(app) == [(first, TODAY, "got_through", 1), (first, TODAY, "no_answer", 2)]
    with app.app_context():
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("line_feedback_counts")}
        # no address, no cookie, no time, no identifier: only what is counted
        assert columns == {"phone_id", "day", "answer", "count"}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
        assert all(p.is_published for p in service_by(TWO_LINES).phones)  # nothing changes


def test_feedback_with_htmx_swaps_only_the_form(app, client):
    [phone_id, *_] = line_ids(app, TWO_LINES)
    html = client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True)
    assert f'data-hx-post="/en/lines/{phone_id}/got-through"' in html
    response = answer_once(client, phone_id, feedback_token(html, phone_id), "closed",
                           **{"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    fragment = response.get_data(as_text=True).strip()
    assert fragment.startswith(f'<p class="got-through got-through-thanks" id="got-through-{phone_id}"')
    assert "<html" not in fragment
    assert counts(app) == [(phone_id, TODAY, "closed", 1)]


@pytest.mark.parametrize("answer, token, headers, status, message", [
    ("maybe", None, {}, 400, "Please choose one of the answers."),
    ("", None, {}, 400, "Please choose one of the answers."),
    ("no_answer", "forged", {}, 400, "This question has expired."),
    ("no_answer", "", {}, 400, "This question has expired."),
    ("no_answer", None, {"Sec-Fetch-Site": "cross-site"}, 403, "only be sent from this site"),
])
def test_bad_feedback_gets_a_clear_4xx(app, client, answer, token, headers, status, message):
    first, second = line_ids(app, TWO_LINES)
    html = client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True)
    if token is None:
        token = feedback_token(html, first)
    response = answer_once(client, first, token, answer, **headers)
    assert response.status_code == status and "Set-Cookie" not in response.headers
    assert message in response.get_data(as_text=True)
    # another line's token is not this line's
    assert answer_once(client, second, feedback_token(html, first), "no_answer").status_code == 400
    assert answer_once(client, 999999, token, "no_answer").status_code == 404
    assert counts(app) == []


def test_an_expired_question_asks_again(app, client):
    [phone_id, *_] = line_ids(app, TWO_LINES)
    html = client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True)
    token = feedback_token(html, phone_id)
    assert feedback_token(client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True),
                          phone_id) == token  # the same all day: the page's ETag stays
    app.config["CLOCK"] = lambda: WEDNESDAY_10AM + dt.timedelta(days=2)
    assert answer_once(client, phone_id, token, "no_answer").status_code == 303  # still fine
    app.config["CLOCK"] = lambda: WEDNESDAY_10AM + dt.timedelta(days=3)
    response = answer_once(client, phone_id, token, "no_answer")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This question has expired." in html
    assert feedback_token(html, phone_id) != token  # the question again, with a fresh token


def test_feedback_is_rate_limited(database_url, app_config):
    app = make_app(database_url, RATELIMIT_ENABLED=True, **app_config)
    client = app.test_client()
    with app.app_context():
        phone_id = service_by(TWO_LINES).phones[0].id
    html = client.get(f"/en/services/{TWO_LINES}").get_data(as_text=True)
    token = feedback_token(html, phone_id)
    statuses = [answer_once(client, phone_id, token, "no_answer").status_code for _ in range(7)]
    assert statuses == [303] * 6 + [429]
    limited = answer_once(client, phone_id, token, "no_answer", **{"HX-Request": "true"})
    assert limited.status_code == 429 and "not counted" in limited.get_data(as_text=True)
    assert counts(app) == [(phone_id, TODAY, "no_answer", 6)]
    with app.app_context():
        db.engine.dispose()


# --- The CLI ----------------------------------------------------------------------------

def test_cli_prints_due_and_overdue_lines(app, runner):
    with app.app_context():
        kasih = service_by(TWO_LINES)
        for phone in kasih.phones:
            phone.last_verified = dt.date(2025, 10, 1)
        kasih.last_verified = dt.date(2025, 10, 1)
        bkl = service_by("befrienders-kuala-lumpur")
        for phone in bkl.phones:
            phone.last_verified = dt.date(2026, 11, 1)
        displays = [p.display for p in kasih.phones]
        bkl_displays = [p.display for p in bkl.phones]
        db.session.commit()
    result = runner.invoke(args=["verification", "due"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows and all(len(row) == 5 for row in rows)
    overdue = [row for row in rows if row[0] == "overdue"]
    assert [row[2] for row in overdue] == displays
    assert overdue[0][3] == "2025-10-01" and overdue[0][4] == "overdue by 55 days"
    assert any(row[0] == "never" and row[3] == "never" for row in rows)
    assert not any(row[2] in bkl_displays for row in rows)
    assert rows.index(overdue[0]) > max(i for i, r in enumerate(rows) if r[0] == "never")


# --- Two moderators at once, on both databases ---------------------------------------------

def concurrently(app, monkeypatch, jobs) -> dict:
    """Run record_call for each (user_id, phone_id, outcome) at the same moment."""
    original = verification._lock_service

    def slow_lock(service_id):
        original(service_id)
        time.sleep(0.3)  # hold the lock, so the other moderator surely waits on it

    monkeypatch.setattr(verification, "_lock_service", slow_lock)
    barrier = threading.Barrier(len(jobs))
    outcomes: dict = {}

    def run(user_id, phone_id, outcome):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                barrier.wait()
                done = verification.record_call(phone_id, user, outcome, TODAY, None,
                                                WEDNESDAY_10AM)
                outcomes[(user_id, phone_id)] = done
            except Exception as error:  # noqa: BLE001 - the test reports it
                outcomes[(user_id, phone_id)] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not [o for o in outcomes.values() if isinstance(o, Exception)], outcomes
    return outcomes


@pytest.mark.parametrize("run", range(2))
def test_two_moderators_record_the_same_line_at_once(app, monkeypatch, run):
    a, b = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    first, second = line_ids(app, TWO_LINES)
    outcomes = concurrently(app, monkeypatch, [(a, first, "not_in_service"),
                                               (b, first, "no_answer")])
    assert len(outcomes) == 2
    with app.app_context():
        calls = db.session.scalars(sa.select(VerificationCall)).all()
        assert sorted((c.user_id, c.outcome) for c in calls) == [(a, "not_in_service"),
                                                                  (b, "no_answer")]
        entries = db.session.scalars(sa.select(AuditEntry)).all()
        assert sorted((e.action, e.entity) for e in entries) == [
            ("call", "phone"), ("call", "phone"), ("unpublish", "phone")]
        assert db.session.get(Phone, first).is_published is False
        assert service_by(TWO_LINES).is_published  # its other line is still there


def test_two_moderators_find_both_lines_dead_at_once(app, monkeypatch):
    a, b = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    first, second = line_ids(app, TWO_LINES)
    concurrently(app, monkeypatch, [(a, first, "not_in_service"), (b, second, "not_in_service")])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(VerificationCall)) == 2
        assert not any(p.is_published for p in db.session.scalars(
            sa.select(Phone).where(Phone.id.in_([first, second]))))
        # no lost update: whoever came second saw the other line gone and took the service off
        assert service_by(TWO_LINES).is_published is False
        unpublished = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "unpublish", AuditEntry.entity == "service")).all()
        assert len(unpublished) == 1


def test_two_moderators_confirm_the_same_line_at_once(app, monkeypatch):
    a, b = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    [phone_id, *_] = line_ids(app, "befrienders-kuala-lumpur")
    concurrently(app, monkeypatch, [(a, phone_id, "answered_confirmed"),
                                    (b, phone_id, "answered_confirmed")])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(VerificationCall)) == 2
        assert db.session.get(Phone, phone_id).last_verified == TODAY
        assert service_by("befrienders-kuala-lumpur").confidence == "high"
