"""The directory's data, modelled after Open Referral HSDS.

An organisation offers services; a service has service types (taxonomy terms), phones, a weekly
schedule (or 24/7), languages, audiences, the states it serves and the sources that back it.
Texts exist in Malay (`_ms`) and English (`_en`); `localized()` picks one with a fallback.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, one_of

COSTS = ("free", "paid", "mixed", "unknown")  # unknown: no source states the cost
CONFIDENCES = ("high", "medium", "low")
PHONE_KINDS = ("voice", "sms", "whatsapp")
AUDIENCES = ("general", "youth", "parents", "educators")
SERVICE_LANGUAGES = ("ms", "en", "zh", "ta")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Bilingual:
    """Mixin for rows with `<field>_ms` and `<field>_en` columns."""

    def localized(self, field: str, locale: str, fallbacks: tuple[str, ...] = ("en", "ms")):
        from ..web.i18n import Localized

        for lang in (locale, *fallbacks):
            value = getattr(self, f"{field}_{lang}", None)
            if value:
                return Localized(value, lang)
        return Localized("", locale)


class State(Bilingual, db.Model):
    """A Malaysian state or federal territory, by ISO 3166-2:MY code."""

    __tablename__ = "states"
    code: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_ms: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[str] = mapped_column(sa.String(20))  # state | federal_territory


class ServiceType(Bilingual, db.Model):
    """A term of the small service-type taxonomy (HSDS taxonomy_term)."""

    __tablename__ = "service_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_ms: Mapped[str] = mapped_column(sa.String(80))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_ms: Mapped[str | None] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=0)


service_type_links = sa.Table(
    "service_type_links",
    db.metadata,
    sa.Column("service_id", sa.ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("service_type_id", sa.ForeignKey("service_types.id"), primary_key=True, index=True),
)


class Organization(Bilingual, db.Model):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    name_ms: Mapped[str | None] = mapped_column(sa.String(200))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_ms: Mapped[str | None] = mapped_column(sa.Text)
    website: Mapped[str | None] = mapped_column(sa.String(500))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    services: Mapped[list[Service]] = relationship(back_populates="organization")


class Service(Bilingual, db.Model):
    __tablename__ = "services"
    __table_args__ = (
        one_of("cost", COSTS),
        one_of("confidence", CONFIDENCES),
        sa.Index("ix_services_listing", "is_published", "is_24_7"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    name_ms: Mapped[str | None] = mapped_column(sa.String(200))
    # A short name for tight spaces such as the emergency strip (HSDS alternate_name).
    alternate_name_en: Mapped[str | None] = mapped_column(sa.String(80))
    alternate_name_ms: Mapped[str | None] = mapped_column(sa.String(80))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_ms: Mapped[str | None] = mapped_column(sa.Text)
    hours_en: Mapped[str | None] = mapped_column(sa.Text)
    hours_ms: Mapped[str | None] = mapped_column(sa.Text)
    is_24_7: Mapped[bool] = mapped_column(default=False)
    cost: Mapped[str] = mapped_column(sa.String(10))
    # The cost as the sources state it, with its caveats ("normal call charges may apply").
    cost_note_en: Mapped[str | None] = mapped_column(sa.Text)
    cost_note_ms: Mapped[str | None] = mapped_column(sa.Text)
    # Unresolved conflicts the research recorded, comma-separated: number, hours, service
    # (see confidence.py); conflicting hours never get a structured schedule.
    conflicts: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    # Where sources disagree on hours: what each source gives, shown as given.
    hours_by_source: Mapped[list | None] = mapped_column(sa.JSON)  # [{"source_en", "source_ms", "text_en", "text_ms"}]
    nationwide: Mapped[bool] = mapped_column(default=False)
    website: Mapped[str | None] = mapped_column(sa.String(500))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    confidence: Mapped[str] = mapped_column(sa.String(10))
    is_published: Mapped[bool] = mapped_column(default=False)
    # Set only when a person confirmed the details with the service; never the row's update time.
    last_verified: Mapped[dt.date | None] = mapped_column(sa.Date)
    # When the public sources behind the record were last read (not a confirmation).
    sources_checked_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    # Internal research notes (conflicts, what to check); never shown on the public site.
    notes: Mapped[str | None] = mapped_column(sa.Text)
    # Normalised words from names, descriptions, types and places (see search.py); kept up to
    # date on every flush.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    )

    organization: Mapped[Organization] = relationship(back_populates="services")
    types: Mapped[list[ServiceType]] = relationship(
        secondary=service_type_links, order_by=ServiceType.position
    )
    # The published lines: what every public page, the API and the widget show. A line found
    # "not in service" on a verification call is unpublished on its own and disappears here.
    phones: Mapped[list[Phone]] = relationship(
        primaryjoin="and_(Service.id == Phone.service_id, Phone.is_published.is_(True))",
        order_by="Phone.position", cascade="all, delete-orphan",
    )
    # Every line, published or not (the moderators' call list).
    all_phones: Mapped[list[Phone]] = relationship(order_by="Phone.position", viewonly=True)
    schedules: Mapped[list[Schedule]] = relationship(
        order_by="(Schedule.weekday, Schedule.opens_minute)", cascade="all, delete-orphan"
    )
    languages: Mapped[list[ServiceLanguage]] = relationship(cascade="all, delete-orphan")
    audiences: Mapped[list[ServiceAudience]] = relationship(cascade="all, delete-orphan")
    areas: Mapped[list[ServiceArea]] = relationship(cascade="all, delete-orphan")
    sources: Mapped[list[Source]] = relationship(
        order_by="Source.position", cascade="all, delete-orphan"
    )

    @property
    def language_codes(self) -> list[str]:
        return sorted((x.code for x in self.languages), key=SERVICE_LANGUAGES.index)

    @property
    def audience_codes(self) -> list[str]:
        return sorted((x.code for x in self.audiences), key=AUDIENCES.index)

    @property
    def state_codes(self) -> list[str]:
        return sorted(x.state_code for x in self.areas)

    @property
    def type_slugs(self) -> list[str]:
        return [t.slug for t in self.types]


class Phone(db.Model):
    __tablename__ = "phones"
    __table_args__ = (one_of("kind", PHONE_KINDS),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    # E.164 (+60...) or a Malaysian short code stored as dialled (999, 15999).
    number: Mapped[str] = mapped_column(sa.String(20))
    display: Mapped[str] = mapped_column(sa.String(60))
    kind: Mapped[str] = mapped_column(sa.String(10), default="voice")
    position: Mapped[int] = mapped_column(default=0)
    # A line's own hours, where the service's lines keep different hours.
    hours_en: Mapped[str | None] = mapped_column(sa.Text)
    hours_ms: Mapped[str | None] = mapped_column(sa.Text)
    # Set only when a person confirmed this line with the service.
    last_verified: Mapped[dt.date | None] = mapped_column(sa.Date)
    # False once a verification call found the number not in service: kept, never shown.
    is_published: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    schedules: Mapped[list[Schedule]] = relationship(
        order_by="(Schedule.weekday, Schedule.opens_minute)", viewonly=True)

    def localized_hours(self, locale: str) -> str:
        return (self.hours_ms if locale == "ms" else self.hours_en) or self.hours_en or self.hours_ms or ""


class Schedule(db.Model):
    """One opening period on one weekday (0 = Monday), in Asia/Kuala_Lumpur time.

    A period with a `phone_id` is that line's own hours; one without belongs to every line.

    Minutes count from midnight; `closes_minute` may be 1440 (midnight), and a period whose
    closing is not after its opening runs past midnight into the next day.
    """

    __tablename__ = "schedules"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    phone_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("phones.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(sa.SmallInteger)
    opens_minute: Mapped[int] = mapped_column(sa.SmallInteger)
    closes_minute: Mapped[int] = mapped_column(sa.SmallInteger)


class ServiceLanguage(db.Model):
    __tablename__ = "service_languages"
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(sa.String(5), primary_key=True, index=True)


class ServiceAudience(db.Model):
    __tablename__ = "service_audiences"
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(sa.String(12), primary_key=True, index=True)


class ServiceArea(db.Model):
    """A state the service serves (nationwide services have `Service.nationwide` instead)."""

    __tablename__ = "service_areas"
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    state_code: Mapped[str] = mapped_column(
        sa.ForeignKey("states.code"), primary_key=True, index=True
    )


class Source(db.Model):
    """A public source that backs a service's details."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str | None] = mapped_column(sa.String(1000))
    locator: Mapped[str | None] = mapped_column(sa.String(200))
    seen_text: Mapped[str | None] = mapped_column(sa.Text)
    # As precise as the source allows: "2024-11-26", "2019-07" or "2022".
    source_date: Mapped[str | None] = mapped_column(sa.String(10))
    kind: Mapped[str | None] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)
