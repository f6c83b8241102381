"""Submissions: receiving them, what a proposal changes, and applying it once, with an audit trail.

A submission's payload and a published service's snapshot have the same shape (the keys in
EDITABLE_FIELDS), so a field-by-field comparison is a plain dictionary comparison.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from .. import confidence, reference
from .audit_trail import record
from ..extensions import db
from ..listing import data_version
from ..hours import KL
from ..models import (
    Organization, Phone, Service, ServiceArea, ServiceAudience, ServiceLanguage,
    ServiceType, Source, Submission,
)

EDITABLE_FIELDS = (
    "organisation_name", "name_en", "name_ms", "description_en", "description_ms", "phones",
    "is_24_7", "hours_en", "hours_ms", "nationwide", "states", "languages", "cost", "audiences",
    "service_types", "website", "email", "sources",
)
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U


class AlreadyDecided(Exception):
    """Another moderator decided this submission first."""

    def __init__(self, submission: Submission):
        super().__init__(f"submission {submission.reference} is already {submission.status}")
        self.submission = submission


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object


def new_reference() -> str:
    """A code people can read out over the phone: JG-XXXX-XXXX (40 random bits)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"JG-{chars[:4]}-{chars[4:]}"


def clean_reference(text: str) -> str:
    """Accept what people type: lower case, spaces, missing dashes, O for 0, I/L for 1."""
    raw = re.sub(r"[^0-9A-Za-z]", "", text).upper().translate(str.maketrans("OIL", "011"))
    if raw.startswith("JG"):
        raw = raw[2:]
    return f"JG-{raw[:4]}-{raw[4:]}" if len(raw) == 8 else ""


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100] or "service"


def snapshot(service: Service) -> dict:
    """A service's editable values, in the shape of a submission's payload."""
    return {
        "organisation_name": service.organization.name_en or service.organization.name_ms or "",
        "name_en": service.name_en or "",
        "name_ms": service.name_ms or "",
        "description_en": service.description_en or "",
        "description_ms": service.description_ms or "",
        "phones": [{"number": p.number, "display": p.display, "kind": p.kind}
                   for p in service.phones],
        "is_24_7": service.is_24_7,
        "hours_en": service.hours_en or "",
        "hours_ms": service.hours_ms or "",
        "nationwide": service.nationwide,
        "states": service.state_codes,
        "languages": service.language_codes,
        "cost": service.cost,
        "audiences": service.audience_codes,
        "service_types": service.type_slugs,
        "website": service.website or "",
        "email": service.email or "",
        "sources": [s.url for s in service.sources if s.url],
    }


def diff(before: dict, after: dict) -> list[FieldChange]:
    """The fields whose values differ, in form order."""
    return [FieldChange(f, before.get(f), after.get(f)) for f in EDITABLE_FIELDS
            if before.get(f) != after.get(f)]


def _unique_slug(model, text: str) -> str:
    base = slugify(text)
    taken = set(db.session.scalars(sa.select(model.slug).where(model.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply(service: Service, values: dict, today: dt.date) -> None:
    """Write proposed values onto a service (new or existing). Sources are only added."""
    organisation = values["organisation_name"]
    if organisation and organisation != snapshot(service)["organisation_name"]:
        service.organization.name_en = service.organization.name_ms = organisation
    for field in ("name_en", "name_ms", "description_en", "description_ms", "hours_en",
                  "hours_ms", "website", "email"):
        setattr(service, field, values[field] or None)
    service.is_24_7 = bool(values["is_24_7"])
    service.nationwide = bool(values["nationwide"])
    service.cost = values["cost"]
    # A line that stays is the same row: it keeps its own hours, its verification calls and
    # what people said about getting through.
    kept = {p.number: p for p in service.phones}
    lines = []
    for i, p in enumerate(values["phones"]):
        line = kept.pop(p["number"], None) or Phone(number=p["number"])
        line.display, line.kind, line.position = p["display"], p["kind"], i
        lines.append(line)
    service.phones = lines
    service.areas = [ServiceArea(state_code=c) for c in values["states"]]
    service.languages = [ServiceLanguage(code=c) for c in values["languages"]]
    service.audiences = [ServiceAudience(code=c) for c in values["audiences"]]
    service.types = list(db.session.scalars(
        sa.select(ServiceType).where(ServiceType.slug.in_(values["service_types"]))
        .order_by(ServiceType.position)))
    known = {s.url for s in service.sources}
    for url in values["sources"]:
        if url not in known:
            service.sources.append(Source(url=url, kind="submitted by the service",
                                          source_date=today.isoformat(),
                                          position=len(service.sources)))


def mark_verified(service: Service, today: dt.date) -> None:
    """A person confirmed the details (every line) with the service: the rule then gives high."""
    service.last_verified = today
    for phone in service.phones:
        phone.last_verified = today
    service.confidence = confidence.of_service(service)


def receive(submission: Submission, locale: str) -> bool:
    """Store a submission in one transaction, with a new reference code; False (logged, rolled
    back) when the database refuses it: a failure is reported, never swallowed."""
    submission.reference = new_reference()
    submission.locale = locale
    try:
        db.session.add(submission)
        db.session.commit()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Could not save a submission")
        return False
    return True


def _claim(submission: Submission, status: str, user, reason: str | None,
           now: dt.datetime) -> None:
    """Mark the submission decided, only if it still waits: the first moderator wins.

    The conditional UPDATE takes the row lock; a second moderator's UPDATE waits for it,
    then finds the status changed and matches no row.
    """
    result = db.session.execute(
        sa.update(Submission)
        .where(Submission.id == submission.id, Submission.status == "received")
        .values(status=status, decided_at=now, decided_by_id=user.id, decision_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        db.session.refresh(submission)
        raise AlreadyDecided(submission)


def approve(submission: Submission, user, values: dict | None, now: dt.datetime,
            unpublish: bool = False, note: str | None = None) -> Service | None:
    """Approve in one transaction: apply the (possibly edited) values and record who did it."""
    _claim(submission, "approved", user, note, now)
    today = now.astimezone(KL).date()
    service = submission.service
    if submission.kind == "report":
        if unpublish and service.is_published:
            service.is_published = False
            record(user, "unpublish", "service", service.id, {"is_published": True},
                   {"is_published": False}, submission=submission)
    else:
        before = {**snapshot(service), "last_verified": service.last_verified} if service else {}
        if service is None:
            name = values["name_en"] or values["name_ms"]
            organisation = Organization(
                slug=_unique_slug(Organization, values["organisation_name"]),
                name_en=values["organisation_name"], name_ms=values["organisation_name"])
            service = Service(slug=_unique_slug(Service, name), organization=organisation,
                              confidence="medium", is_published=True, sources_checked_on=today)
            db.session.add(service)
            submission.service = service
        apply(service, values, today)
        mark_verified(service, today)
        db.session.flush()
        action = "create" if submission.kind == "new_service" else "update"
        after = {**snapshot(service), "last_verified": service.last_verified}
        record(user, action, "service", service.id, before, after, always=("last_verified",),
               submission=submission)
    data_version.bump()
    db.session.commit()
    reference.forget()
    return service


def reject(submission: Submission, user, reason: str, now: dt.datetime) -> None:
    _claim(submission, "rejected", user, reason, now)
    db.session.commit()
