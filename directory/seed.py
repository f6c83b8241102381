"""Load the bundled data set (directory/data/) into the database.

Idempotent: reference tables are brought up to date, services are inserted when their slug is
new and left alone otherwise, so a second run changes nothing and moderators' edits survive.
Each record's confidence is computed by the rule in confidence.py (not copied from the
research's label); low ones are loaded unpublished until a moderator verifies them.
The research's suggested updates to existing records (`suggested_updates.json`) are reported,
never applied: only a moderator changes a record that is already in the database.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from . import confidence, hours, search
from .extensions import db
from .listing import data_version
from .models import (
    LiveSession, Organization, Phone, Schedule, Service, ServiceArea, ServiceAudience, ServiceLanguage,
    ServiceType, Source, State,
)

DATA = Path(__file__).parent / "data"
# The date the bundled sources were read (see data/provenance/SOURCES.md).
SOURCES_CHECKED_ON = dt.date(2026, 11, 24)


@dataclass
class SeedReport:
    states: int = 0
    service_types: int = 0
    services_added: int = 0
    services_unpublished: int = 0
    services_kept: int = 0
    suggested_updates: list[str] = field(default_factory=list)


def read_json(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def upsert_states(report: SeedReport) -> None:
    existing = {s.code: s for s in db.session.scalars(sa.select(State))}
    for row in read_json("states.json"):
        state = existing.get(row["code"]) or State(code=row["code"])
        values = {"name_en": row["name_en"], "name_ms": row["name_ms"], "kind": row["type"]}
        if state.code not in existing or any(getattr(state, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(state, key, value)
            db.session.add(state)
            report.states += 1


def upsert_service_types(report: SeedReport) -> dict[str, ServiceType]:
    existing = {t.slug: t for t in db.session.scalars(sa.select(ServiceType))}
    by_source_key = {}
    for position, row in enumerate(read_json("service_types.json")):
        term = existing.get(row["slug"]) or ServiceType(slug=row["slug"])
        values = {k: row[k] for k in ("name_en", "name_ms", "description_en", "description_ms")}
        values["position"] = position
        if term.slug not in existing or any(getattr(term, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(term, key, value)
            db.session.add(term)
            report.service_types += 1
        by_source_key[row["source_key"]] = term
    return by_source_key


def schedule_rows(record: dict) -> list[Schedule]:
    rows = []
    for block in record.get("schedule", []):
        opens, closes = hours.parse_hhmm(block["opens"]), hours.parse_hhmm(block["closes"])
        for day in block["days"]:
            rows.append(Schedule(weekday=hours.DAY_NAMES.index(day),
                                 opens_minute=opens, closes_minute=closes))
    return rows


def record_confidence(record: dict) -> str:
    sources = [confidence.SourceFacts(s.get("type"), s.get("source_date"), s.get("seen_text"),
                                      s.get("url") or s.get("locator"))
               for s in record["sources"]]
    return confidence.compute([p["number"] for p in record["phones"]], sources,
                              record.get("conflicts", ()))


def build_service(record: dict, types: dict[str, ServiceType]) -> Service:
    organization = db.session.scalar(
        sa.select(Organization).where(Organization.slug == record["slug"])
    ) or Organization(
        # the third pass names the organisation itself (in English only)
        slug=record["slug"], name_en=record.get("organisation") or record["name_en"],
        name_ms=None if record.get("organisation") else record["name_ms"],
        website=record.get("website"), email=record.get("email"),
    )
    nationwide = "national" in record["states"]
    level = record_confidence(record)
    return Service(
        slug=record["slug"],
        organization=organization,
        conflicts=",".join(record.get("conflicts", [])),
        hours_by_source=[{"source_en": h["source"], "source_ms": h["source_ms"],
                          "text_en": h["text"], "text_ms": h["text_ms"]}
                         for h in record.get("hours_by_source", [])] or None,
        cost_note_en=record.get("cost_note"), cost_note_ms=record.get("cost_note_ms"),
        name_en=record["name_en"], name_ms=record["name_ms"],
        alternate_name_en=record.get("alternate_name_en"),
        alternate_name_ms=record.get("alternate_name_ms"),
        description_en=record["description_en"], description_ms=record["description_ms"],
        hours_en=record["hours"]["text"], hours_ms=record["hours"].get("text_ms"),
        is_24_7=record["hours"]["is_24_7"],
        cost=record["cost"],
        nationwide=nationwide,
        website=record.get("website"), email=record.get("email"),
        confidence=level,
        is_published=confidence.is_published(level),
        last_verified=None,  # nobody has confirmed the bundled records with the services yet
        sources_checked_on=SOURCES_CHECKED_ON,
        notes=record.get("notes"),
        types=sorted((types[key] for key in record["service_types"]), key=lambda t: t.position),
        phones=[Phone(number=p["number"], display=p["display"], kind=p["kind"], position=i,
                      hours_en=p.get("hours"), hours_ms=p.get("hours_ms"))
                for i, p in enumerate(record["phones"])],
        schedules=schedule_rows(record),
        languages=[ServiceLanguage(code=code) for code in dict.fromkeys(record["languages"])],
        audiences=[ServiceAudience(code=code) for code in dict.fromkeys(record["audiences"])],
        areas=[ServiceArea(state_code=code) for code in record["states"] if code != "national"],
        sources=[Source(url=s.get("url"), locator=s.get("locator"), seen_text=s.get("seen_text"),
                        source_date=s.get("source_date"), kind=s.get("type"), position=i)
                 for i, s in enumerate(record["sources"])],
    )


def seed() -> SeedReport:
    report = SeedReport()
    upsert_states(report)
    types = upsert_service_types(report)
    db.session.flush()
    search.reindex(db.session)  # only rows whose text is out of date change
    known = set(db.session.scalars(sa.select(Service.slug)))
    added = set()
    for record in read_json("services.json"):
        if record["slug"] in known:
            report.services_kept += 1
            continue
        service = build_service(record, types)
        db.session.add(service)
        added.add(record["slug"])
        report.services_added += 1
        report.services_unpublished += not service.is_published
    report.suggested_updates = [describe_update(u) for u in read_json("suggested_updates.json")
                                if u["slug"] in known or u["slug"] in added]
    data_version.bump()  # running servers drop what they rendered from the old data
    db.session.commit()
    return report


def describe_update(update: dict) -> str:
    """One line for the operator: which record, what the research suggests (not applied)."""
    line = f"{update['slug']}: {update['change']}"
    if update.get("suggested_confidence"):
        line += f" (research suggests confidence {update['suggested_confidence']})"
    return line


def seed_demo_sessions(now: dt.datetime) -> int:
    """Load the invented sample sessions (marked as demo); returns how many were added."""
    known = set(db.session.scalars(sa.select(LiveSession.slug)))
    added = 0
    for row in read_json("demo_sessions.json")["sessions"]:
        if row["slug"] in known:
            continue
        fields = {k: v for k, v in row.items() if k != "starts_in_hours"}
        db.session.add(LiveSession(
            **fields, is_demo=True,
            starts_at=now + dt.timedelta(hours=row["starts_in_hours"]),
        ))
        added += 1
    data_version.bump()
    db.session.commit()
    return added
