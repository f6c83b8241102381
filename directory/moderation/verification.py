"""Keeping numbers true: which lines to call first, what a call found, what callers said.

The call list ranks the published lines (see `group_of`):

0. published and never confirmed with the service (the weakest evidence first);
1. confirmed, but the confirmation is due again or overdue (the oldest first);
2. confirmed and not yet due, but with recent problems: a problem report, a failed call, or
   people saying they could not get through (the most problems first).

Lines with none of these are not listed. A line is "flagged" when failed calls (no answer,
not in service, wrong organisation) were made on two different days since it last answered.

`record_call` owns the transaction that records a call; it alone changes what is published
because of a call ("not in service" unpublishes that line, and the service when no other
line is left). `count_answer` adds one to a day's count; it never changes what is published.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urlsplit

import sqlalchemy as sa
from babel.lists import format_list
from flask_babel import force_locale, gettext as _
from itsdangerous import BadData, Signer
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from .. import confidence, labels, reference
from ..extensions import db
from ..hours import KL
from ..listing import data_version
from . import submissions
from .audit_trail import record
from ..models import (
    CALL_OUTCOMES, FAILED_OUTCOMES, FEEDBACK_ANSWERS, LineFeedbackCount, Phone, Service,
    Submission, VerificationCall,
)

ANSWERED_OUTCOMES = frozenset({"answered_confirmed", "answered_changes"})
# What callers answer that means they did not reach the service.
FEEDBACK_FAILED = frozenset({"no_answer", "wrong_number", "closed"})
FLAG_AFTER_DAYS = 2  # failed calls on this many different days flag a line
RECENT_DAYS = 30  # problem reports and failed calls this recent count as problems
FEEDBACK_DAYS = 7  # "this week": today and the six days before, in Kuala Lumpur
DUE_SOON_DAYS = 30  # a line due within this many days is already on the list
CALL_WINDOW_DAYS = 365  # a call may be recorded up to a year after it was made


def today_in_kl(moment: dt.datetime) -> dt.date:
    return moment.astimezone(KL).date()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (or earlier), clamped to the month's end."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (next_first - dt.timedelta(days=1)).day))


# --- Pure rules -------------------------------------------------------------------------

@dataclass(frozen=True)
class CallFact:
    day: dt.date
    outcome: str


def failed_days(calls: Iterable[CallFact]) -> set[dt.date]:
    """The days with a failed call since the line last answered (on a later day)."""
    calls = list(calls)
    answered = [c.day for c in calls if c.outcome in ANSWERED_OUTCOMES]
    since = max(answered) if answered else None
    return {c.day for c in calls
            if c.outcome in FAILED_OUTCOMES and (since is None or c.day > since)}


def is_flagged(calls: Iterable[CallFact]) -> bool:
    return len(failed_days(calls)) >= FLAG_AFTER_DAYS


def line_verified_on(phone, service) -> dt.date | None:
    """When this line was last confirmed with the service.

    A service-wide confirmation sets every line; a service date with no line dates at all
    (recorded before lines had their own) counts for each of its lines."""
    if phone.last_verified or any(p.last_verified for p in service.phones):
        return phone.last_verified
    return service.last_verified


@dataclass(frozen=True)
class Due:
    state: str  # "never", "overdue", "due" (within DUE_SOON_DAYS) or "current"
    due_on: dt.date | None
    days: int  # overdue by (overdue), due in (due), 0 otherwise


def due_state(verified_on: dt.date | None, today: dt.date, max_age_months: int) -> Due:
    if verified_on is None:
        return Due("never", None, 0)
    due_on = add_months(verified_on, max_age_months)
    if due_on < today:
        return Due("overdue", due_on, (today - due_on).days)
    if (due_on - today).days <= DUE_SOON_DAYS:
        return Due("due", due_on, (due_on - today).days)
    return Due("current", due_on, 0)


@dataclass
class Line:
    """One published line in the call list, with what is known about it."""

    phone: Phone
    service: Service
    verified_on: dt.date | None
    due: Due
    evidence: str | None  # newest public source that prints the number ("2024-11", ...)
    calls: list[VerificationCall] = field(default_factory=list)  # newest first
    reports: int = 0  # problem reports on the service, recent or still open
    feedback: Counter = field(default_factory=Counter)  # this week's answers
    flagged: bool = False

    @property
    def could_not_get_through(self) -> int:
        return sum(self.feedback[a] for a in FEEDBACK_FAILED)

    @property
    def recent_failed_calls(self) -> int:
        return len(failed_days(CallFact(c.called_on, c.outcome) for c in self.calls))

    @property
    def problems(self) -> int:
        return self.reports + self.recent_failed_calls + self.could_not_get_through \
            + (1 if self.flagged else 0)


def group_of(line: Line) -> int | None:
    """Where the line goes in the call list (see the module docstring), or None: not listed."""
    if line.due.state == "never":
        return 0
    if line.due.state in ("overdue", "due"):
        return 1
    if line.problems:
        return 2
    return None


def sort_key(line: Line) -> tuple:
    group = group_of(line)
    if group == 0:  # undated or oldest evidence first
        rest = (line.evidence is not None, line.evidence or "", -line.problems)
    elif group == 1:
        rest = (line.verified_on, -line.problems)
    else:
        rest = (-line.problems,)
    return (group, *rest, line.service.id, line.phone.position, line.phone.id)


def order(lines: Iterable[Line]) -> list[Line]:
    return sorted((ln for ln in lines if group_of(ln) is not None), key=sort_key)


# --- Reading the call list --------------------------------------------------------------

def _lines(today: dt.date, max_age_months: int) -> list[Line]:
    services = db.session.scalars(
        sa.select(Service).where(Service.is_published.is_(True))
        .options(selectinload(Service.phones), selectinload(Service.sources),
                 selectinload(Service.organization))).all()
    phones = [p for s in services for p in s.phones]
    ids = [p.id for p in phones]
    calls: dict[int, list] = defaultdict(list)
    feedback: dict[int, Counter] = defaultdict(Counter)
    if ids:
        for call in db.session.scalars(
                sa.select(VerificationCall).where(VerificationCall.phone_id.in_(ids))
                .options(selectinload(VerificationCall.user))
                .order_by(VerificationCall.called_on.desc(), VerificationCall.id.desc())):
            calls[call.phone_id].append(call)
        for phone_id, answer, count in db.session.execute(
                sa.select(LineFeedbackCount.phone_id, LineFeedbackCount.answer,
                          sa.func.sum(LineFeedbackCount.count))
                .where(LineFeedbackCount.phone_id.in_(ids),
                       LineFeedbackCount.day > today - dt.timedelta(days=FEEDBACK_DAYS))
                .group_by(LineFeedbackCount.phone_id, LineFeedbackCount.answer)):
            feedback[phone_id][answer] = int(count)
    since = dt.datetime.combine(today - dt.timedelta(days=RECENT_DAYS), dt.time(), KL)
    reports = dict(db.session.execute(
        sa.select(Submission.service_id, sa.func.count())
        .where(Submission.kind == "report",
               sa.or_(Submission.status == "received", Submission.created_at >= since))
        .group_by(Submission.service_id)).all())
    lines = []
    for service in services:
        evidence = None
        for phone in service.phones:
            evidence = confidence.latest_source_date(confidence.facts_of(service.sources),
                                                     [phone.number])
            verified_on = line_verified_on(phone, service)
            recent = [c for c in calls[phone.id]
                      if c.called_on > today - dt.timedelta(days=RECENT_DAYS)]
            lines.append(Line(
                phone, service, verified_on, due_state(verified_on, today, max_age_months),
                evidence, calls[phone.id], reports.get(service.id, 0), feedback[phone.id],
                is_flagged(CallFact(c.called_on, c.outcome) for c in recent)))
    return lines


def call_list(today: dt.date, max_age_months: int) -> list[Line]:
    """The published lines to call, in the order to call them."""
    return order(_lines(today, max_age_months))


def due_lines(today: dt.date, max_age_months: int) -> list[Line]:
    """Lines never confirmed, overdue or due soon: the most overdue first."""
    lines = [ln for ln in _lines(today, max_age_months) if ln.due.state != "current"]
    rank = {"never": 0, "overdue": 1, "due": 2}
    return sorted(lines, key=lambda ln: (rank[ln.due.state], -ln.due.days if ln.due.state
                                         == "overdue" else ln.due.days, ln.service.id,
                                         ln.phone.position))


# --- The call script, in both languages ---------------------------------------------------

def call_script(service: Service, phone: Phone, lang: str) -> list[str]:
    """What to ask on the call, in `lang`, with what the listing says now."""
    with force_locale(lang):
        other = "en" if lang == "ms" else "ms"
        name = service.localized("name", lang, (other,)).text
        # The listing's own sentences, without their full stop: the question follows them.
        hours = (phone.localized_hours(lang)
                 or service.localized("hours", lang, (other,)).text).strip().rstrip(".")
        cost_note = service.localized("cost_note", lang, (other,)).text.strip().rstrip(".")
        cost = cost_note or str(labels.COST_LABELS[service.cost])
        languages = format_list([str(labels.LANGUAGE_LABELS[c]) for c in service.language_codes],
                                locale=lang) if service.language_codes else ""
        # Audience names hold "and" themselves ("Parents and caregivers"): a plain list here.
        audiences = "; ".join(str(labels.AUDIENCE_LABELS[c]) for c in service.audience_codes)
        lines = [
            _("Hello, I am calling from Jaga, a directory of mental-health helplines. Is this "
              "%(service)s, and is %(number)s the right number for people to call?",
              service=name, number=phone.display),
            _("We list your hours as: %(hours)s. Is that still right?", hours=hours)
            if hours else _("What are your opening hours?"),
            _("We say it costs: %(cost)s. Is that right?", cost=cost),
            _("We say you answer in: %(languages)s. Is that right?", languages=languages)
            if languages else _("In which languages can people talk to you?"),
            _("We say it is for: %(audiences)s. Who may call this line?", audiences=audiences)
            if audiences else _("Who may call this line?"),
            _("Thank you. May we keep listing this number?"),
        ]
        return [str(line) for line in lines]


# --- Recording a call ---------------------------------------------------------------------

class LineNotFound(Exception):
    pass


@dataclass(frozen=True)
class Recorded:
    call: VerificationCall
    confirmed: bool = False
    line_unpublished: bool = False
    service_unpublished: bool = False
    flagged: bool = False
    submission: Submission | None = None


def _lock_service(service_id: int) -> None:
    """Serialise calls recorded for one service's lines until this transaction ends.

    A no-op write takes the service's row lock on PostgreSQL and the write lock on SQLite;
    a second moderator's transaction waits here, then reads what the first one committed."""
    db.session.execute(sa.text("UPDATE services SET id = id WHERE id = :id"), {"id": service_id})


def _fresh(stmt):
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def record_call(phone_id: int, user, outcome: str, called_on: dt.date, note: str | None,
                now: dt.datetime) -> Recorded:
    """Record one call and act on what it found, in one transaction, with the audit trail."""
    if outcome not in CALL_OUTCOMES:
        raise ValueError(outcome)
    service_id = db.session.scalar(sa.select(Phone.service_id).where(Phone.id == phone_id))
    if service_id is None:
        raise LineNotFound(phone_id)
    _lock_service(service_id)
    phone = _fresh(sa.select(Phone).where(Phone.id == phone_id))
    service = _fresh(sa.select(Service).where(Service.id == service_id))
    db.session.refresh(service, ["phones"])
    call = VerificationCall(service_id=service.id, phone_id=phone.id, number=phone.number,
                            outcome=outcome, called_on=called_on, user_id=user.id,
                            note=note or None)
    db.session.add(call)
    before: dict = {}
    after = {"outcome": outcome, "called_on": called_on, "number": phone.number, "note": note or None}
    result: dict = {}
    published_changed = False
    if outcome == "answered_confirmed":
        before.update(line_last_verified=phone.last_verified,
                      last_verified=service.last_verified, confidence=service.confidence)
        phone.last_verified = max(d for d in (phone.last_verified, called_on) if d)
        service.last_verified = max(d for d in (service.last_verified, called_on) if d)
        service.confidence = confidence.of_service(service)
        after.update(line_last_verified=phone.last_verified,
                     last_verified=service.last_verified, confidence=service.confidence)
        result["confirmed"] = published_changed = True
    elif outcome == "answered_changes":
        current = submissions.snapshot(service)
        submission = Submission(
            reference=submissions.new_reference(), kind="update", service_id=service.id,
            payload=current, base=current, comment=note or None,
            submitter_name=user.email, submitter_contact=user.email)
        db.session.add(submission)
        call.submission = submission
        result["submission"] = submission
    elif outcome == "not_in_service" and phone.is_published:
        phone.is_published = False
        record(user, "unpublish", "phone", phone.id, {"is_published": True},
               {"is_published": False, "number": phone.number}, always=("number",))
        result["line_unpublished"] = published_changed = True
        left = [p for p in service.phones if p.id != phone.id]
        if not left and service.is_published:
            service.is_published = False
            record(user, "unpublish", "service", service.id, {"is_published": True},
                   {"is_published": False})
            result["service_unpublished"] = True
    db.session.flush()
    history = db.session.execute(
        sa.select(VerificationCall.called_on, VerificationCall.outcome)
        .where(VerificationCall.phone_id == phone.id,
               VerificationCall.called_on > today_in_kl(now) - dt.timedelta(days=RECENT_DAYS)))
    flagged = outcome in FAILED_OUTCOMES and is_flagged(CallFact(d, o) for d, o in history)
    if flagged:
        after["flagged"] = True
    # A confirmation records what it confirmed, changed or not.
    always = ("outcome", "called_on", "number", *before)
    record(user, "call", "phone", phone.id, before, after, always=always,
           submission=result.get("submission"))
    if published_changed:
        data_version.bump()  # in this transaction: every process drops its copies at commit
    db.session.commit()
    if published_changed:
        reference.forget()  # this process's copies
    return Recorded(call, flagged=flagged, **result)


def withdrawn_lines() -> list[tuple[Phone, Service, VerificationCall | None]]:
    """Lines taken off the site, each with the call that found it not in service."""
    rows = db.session.execute(
        sa.select(Phone, Service).join(Service, Service.id == Phone.service_id)
        .where(Phone.is_published.is_(False)).order_by(Service.id, Phone.position)).all()
    found = {}
    if rows:
        for call in db.session.scalars(
                sa.select(VerificationCall)
                .where(VerificationCall.phone_id.in_([p.id for p, _s in rows]),
                       VerificationCall.outcome == "not_in_service")
                .options(selectinload(VerificationCall.user))
                .order_by(VerificationCall.called_on, VerificationCall.id)):
            found[call.phone_id] = call  # the latest wins
    return [(phone, service, found.get(phone.id)) for phone, service in rows]


class AlreadyListed(Exception):
    """The line is published already, or another published line has its number."""


def republish_line(phone_id: int, user) -> Phone:
    """Show a line taken off the site again (a call found it working after all); audited."""
    service_id = db.session.scalar(sa.select(Phone.service_id).where(Phone.id == phone_id))
    if service_id is None:
        raise LineNotFound(phone_id)
    _lock_service(service_id)
    phone = _fresh(sa.select(Phone).where(Phone.id == phone_id))
    twin = db.session.scalar(sa.select(Phone.id).where(
        Phone.service_id == service_id, Phone.number == phone.number,
        Phone.is_published.is_(True)))
    if phone.is_published or twin is not None:
        db.session.rollback()
        raise AlreadyListed(phone_id)
    phone.is_published = True
    record(user, "publish", "phone", phone.id, {"is_published": False},
           {"is_published": True, "number": phone.number}, always=("number",))
    data_version.bump()
    db.session.commit()
    reference.forget()
    return phone


# --- "Did you get through?" -------------------------------------------------------------

def count_answer(phone_id: int, answer: str, now: dt.datetime) -> None:
    """Add one to today's count of this answer for this line: the only thing stored."""
    if answer not in FEEDBACK_ANSWERS:
        raise ValueError(answer)
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(LineFeedbackCount).values(
        phone_id=phone_id, day=today_in_kl(now), answer=answer, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["phone_id", "day", "answer"],
        set_={"count": LineFeedbackCount.count + 1})
    db.session.execute(statement)
    db.session.commit()


def published_line(phone_id: int) -> tuple[Phone, Service] | None:
    """A line people can see on the site (published, of a published service)."""
    row = db.session.execute(
        sa.select(Phone, Service).join(Service, Service.id == Phone.service_id)
        .where(Phone.id == phone_id, Phone.is_published.is_(True),
               Service.is_published.is_(True))).first()
    return (row[0], row[1]) if row else None


# The form under each call button carries a signed token instead of a session-bound CSRF
# token: the page stays cacheable and sets no cookie. It proves the form came from a page we
# rendered for this line in the last few days; the view also refuses requests a browser marks
# as sent from another site. It names the day, not the second, so a page's HTML (and its ETag)
# stays the same all day.
TOKEN_SALT = "jaga-got-through"  # nosec B105 - a signing namespace, not a secret
TOKEN_MAX_AGE_DAYS = 2


def answer_token(phone_id: int, secret: str, today: dt.date) -> str:
    return Signer(secret, salt=TOKEN_SALT).sign(f"{phone_id}.{today.isoformat()}").decode()


def answer_token_valid(token: str, phone_id: int, secret: str, today: dt.date) -> bool:
    try:
        value = Signer(secret, salt=TOKEN_SALT).unsign(token or "").decode()
        line, day = value.split(".")
        age = (today - dt.date.fromisoformat(day)).days
    except (BadData, ValueError):
        return False
    return line == str(phone_id) and 0 <= age <= TOKEN_MAX_AGE_DAYS


def sent_from_this_site(headers, host: str) -> bool:
    """False when the browser says the form was sent from another site.

    Sec-Fetch-Site is sent by current browsers whatever the referrer policy; Origin is
    "null" under our no-referrer policy, so it only counts when it names a site."""
    site = headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc.lower() == host.lower()
    return True
