"""/<lang>/sessions: upcoming, live and recent sessions, .ics downloads, demo data labelled."""

import datetime as dt

import sqlalchemy as sa
from icalendar import Calendar

from directory.extensions import db
from directory.models import LiveSession

from helpers.apps import WEDNESDAY_10AM

UTC = dt.timezone.utc


def add_session(slug, starts_at, minutes=60, **fields):
    values = dict(title_en=f"Title {slug}", title_ms=f"Tajuk {slug}", speaker_name="Dr A. Speaker",
                  speaker_credentials_en="Clinical psychologist", language="ms",
                  duration_minutes=minutes, starts_at=starts_at, watch_url="https://example.org/live")
    values.update(fields)
    db.session.add(LiveSession(slug=slug, **values))


def test_no_sessions_yet(client):
    html = client.get("/en/sessions").get_data(as_text=True)
    assert "No sessions are scheduled at the moment." in html


def test_upcoming_live_and_recent(app, client):
    with app.app_context():
        add_session("later", WEDNESDAY_10AM + dt.timedelta(days=2))
        add_session("soon", WEDNESDAY_10AM + dt.timedelta(hours=3))
        add_session("now-on", WEDNESDAY_10AM - dt.timedelta(minutes=30))
        add_session("last-week", WEDNESDAY_10AM - dt.timedelta(days=7))
        add_session("long-ago", WEDNESDAY_10AM - dt.timedelta(days=90))
        add_session("hidden", WEDNESDAY_10AM + dt.timedelta(days=1), is_published=False)
        db.session.commit()
    html = client.get("/en/sessions").get_data(as_text=True)
    live = html.index("Happening now")
    upcoming = html.index("Coming up")
    recent = html.index("Recent sessions")
    assert live < html.index("Title now-on") < upcoming
    assert upcoming < html.index("Title soon") < html.index("Title later") < recent
    assert recent < html.index("Title last-week")
    assert html.count("Live now") == 1
    assert "Title long-ago" not in html and "Title hidden" not in html


def test_times_are_in_kuala_lumpur_for_the_readers_locale(app, client):
    with app.app_context():
        add_session("evening", dt.datetime(2026, 12, 2, 12, 0, tzinfo=UTC))  # 8pm in KL
        db.session.commit()
    en = client.get("/en/sessions").get_data(as_text=True)
    assert "Wednesday, December 2, 2026 at 8:00" in en and "(Malaysia time)" in en
    ms = client.get("/ms/sessions").get_data(as_text=True)
    assert "Rabu, 2 Disember 2026" in ms
    assert "60 minutes" in en
    assert "Dr A. Speaker" in en and "Clinical psychologist" in en
    assert 'href="https://example.org/live"' in en


def test_ics_download(app, client):
    with app.app_context():
        add_session("evening", dt.datetime(2026, 12, 2, 12, 0, tzinfo=UTC), minutes=45)
        db.session.commit()
    response = client.get("/ms/sessions/evening.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert 'filename="evening.ics"' in response.headers["Content-Disposition"]
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 2, 12, 45, tzinfo=UTC)
    assert str(event["summary"]) == "Tajuk evening"
    assert "https://example.org/live" in str(event["description"])
    assert client.get("/ms/sessions/missing.ics").status_code == 404


def test_demo_sessions_load_only_on_request_and_are_labelled(app, runner, client):
    result = runner.invoke(args=["seed"])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(LiveSession.id))) == 0
    result = runner.invoke(args=["seed", "--demo-sessions"])
    assert "Demo sessions added (labelled as demo data): 3." in result.output
    with app.app_context():
        sessions = db.session.scalars(sa.select(LiveSession)).all()
        assert len(sessions) == 3 and all(s.is_demo for s in sessions)
    app.config["CLOCK"] = lambda: dt.datetime.now(UTC)
    html = client.get("/en/sessions").get_data(as_text=True)
    assert html.count("Sample session (demo data): not a real event") == 3
    response = client.get("/en/sessions/demo-looking-after-yourself.ics")
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("[Demo, not a real event] ")
