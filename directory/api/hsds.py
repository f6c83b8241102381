"""Pure functions: directory rows -> Open Referral HSDS 3.0 objects (plain dicts).

Field names are HSDS 3.0's. What HSDS has no room for is published as `x_` fields of the
Jaga profile (docs/api-profile.md). Texts come in one language (`locale`, with the usual
fallback to the other one); `x_translations` carries both, exactly as stored.

Identifiers are deterministic UUIDs (version 5) derived from the stable slugs, so they stay
the same across databases, re-seeds and exports: see `make_id`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Callable

from .. import phones

HSDS_VERSION = "3.0"
API_VERSION = "1.0.0"
# uuid5(NAMESPACE_URL, "urn:jaga:hsds"): the namespace of every id this API publishes.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:jaga:hsds")
LICENSE_ID = "CC-BY-4.0"
LICENSE_NAME = "Creative Commons Attribution 4.0 International"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LANGS = ("en", "ms")

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
KL_UTC_OFFSET = 8  # Asia/Kuala_Lumpur has no daylight saving time
# Our phone kinds -> HSDS phone.type (RFC 6350 types, plus the profile's "whatsapp").
PHONE_TYPES = {"voice": "voice", "sms": "text", "whatsapp": "whatsapp"}
NATIONWIDE_CODE = "MY"  # ISO 3166-1 alpha-2: the whole of Malaysia

TAXONOMIES = {
    "service-type": ("jaga-service-types", "Jaga service types"),
    "audience": ("jaga-audiences", "Jaga audiences"),
}


def make_id(kind: str, *key: str) -> str:
    """A stable identifier: uuid5(NAMESPACE, "<kind>:<key>[:<key>...]")."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *key))))


def service_id(slug: str) -> str:
    return make_id("service", slug)


def organization_id(slug: str) -> str:
    return make_id("organization", slug)


def taxonomy_id(link_type: str) -> str:
    return make_id("taxonomy", TAXONOMIES[link_type][0])


def term_id(link_type: str, code: str) -> str:
    return make_id("taxonomy_term", TAXONOMIES[link_type][0], code)


@dataclass(frozen=True)
class Vocabulary:
    """Names of the fixed vocabularies in both languages: {code: {"en": ..., "ms": ...}}."""

    languages: dict[str, dict[str, str]]
    audiences: dict[str, dict[str, str]]
    costs: dict[str, dict[str, str]]
    states: dict[str, dict[str, str]]
    nationwide: dict[str, str]
    # slug -> URL of the listing on the site, in a language: listing_url(slug, lang)
    listing_url: Callable[[str, str], str] = field(default=lambda slug, lang: "")


def pick(texts: dict[str, str | None], locale: str) -> str | None:
    """The text in `locale`, else in the other language, else None."""
    for lang in (locale, *LANGS):
        if texts.get(lang):
            return texts[lang]
    return None


def bilingual(row, name: str) -> dict[str, str | None]:
    return {lang: getattr(row, f"{name}_{lang}", None) or None for lang in LANGS}


def translations(row, names: tuple[str, ...]) -> dict[str, dict[str, str | None]]:
    """{"en": {name: text or None, ...}, "ms": {...}}, as stored (no fallback)."""
    return {lang: {n: getattr(row, f"{n}_{lang}", None) or None for n in names} for lang in LANGS}


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def iso_datetime(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def hhmm(minute: int) -> str:
    """Minutes from midnight -> "HH:MM"; 1440 (midnight at the end of the day) is "00:00"."""
    return "%02d:%02d" % divmod(minute % 1440, 60)


def phone(row, service) -> dict:
    return {
        "id": make_id("phone", service.slug, row.kind, row.number),
        "service_id": service_id(service.slug),
        "number": row.number,
        "extension": None,
        "type": PHONE_TYPES[row.kind],
        "description": None,
        "languages": [],
        "x_display": row.display,
        "x_href": phones.href(row),
    }


def schedules(service, locale: str) -> list[dict]:
    """Weekly opening periods, grouped by times into RFC 5545 BYDAY lists.

    A 24/7 service is one schedule, every day 00:00-00:00. `closes_at` not after `opens_at`
    means the period ends the next day. Times are Kuala Lumpur time (`timezone` 8).
    """
    description = pick(bilingual(service, "hours"), locale)
    if service.is_24_7:
        periods = {(0, 0): list(range(7))}
    else:
        periods: dict[tuple[int, int], list[int]] = {}
        shown = {p.id for p in service.phones}  # not the hours of an unpublished line
        for s in service.schedules:
            if s.phone_id is not None and s.phone_id not in shown:
                continue
            periods.setdefault((s.opens_minute, s.closes_minute), []).append(s.weekday)
    result = []
    for (opens, closes), days in sorted(periods.items(), key=lambda item: (min(item[1]), item[0])):
        days = sorted(set(days))
        result.append({
            "id": make_id("schedule", service.slug, hhmm(opens), hhmm(closes), *map(str, days)),
            "service_id": service_id(service.slug),
            "freq": "WEEKLY",
            "byday": ",".join(RRULE_DAYS[d] for d in days),
            "opens_at": hhmm(opens),
            "closes_at": hhmm(closes),
            "timezone": KL_UTC_OFFSET,
            "description": description,
        })
    if not result and description:
        result.append({
            "id": make_id("schedule", service.slug, "text"),
            "service_id": service_id(service.slug),
            "freq": None, "byday": None, "opens_at": None, "closes_at": None,
            "timezone": KL_UTC_OFFSET,
            "description": description,
        })
    return result


def language(code: str, service, vocabulary: Vocabulary, locale: str) -> dict:
    names = vocabulary.languages.get(code, {})
    return {
        "id": make_id("language", service.slug, code),
        "service_id": service_id(service.slug),
        "name": pick(names, locale) or code,
        "code": code,
        "x_translations": {lang: {"name": names.get(lang)} for lang in LANGS},
    }


def service_areas(service, vocabulary: Vocabulary, locale: str) -> list[dict]:
    """Nationwide services serve "MY"; others one area per state (ISO 3166-2:MY)."""
    if service.nationwide:
        areas = [(NATIONWIDE_CODE, vocabulary.nationwide)]
    else:
        areas = [(code, vocabulary.states.get(code, {})) for code in service.state_codes]
    return [{
        "id": make_id("service_area", service.slug, code),
        "service_id": service_id(service.slug),
        "name": pick(names, locale) or code,
        "description": None,
        "extent": None,
        "extent_type": None,
        "uri": None,
        "x_iso_3166_2": code,
        "x_translations": {lang: {"name": names.get(lang)} for lang in LANGS},
    } for code, names in areas]


def taxonomy_term(link_type: str, code: str, names: dict, descriptions: dict,
                  locale: str) -> dict:
    taxonomy, _title = TAXONOMIES[link_type]
    return {
        "id": term_id(link_type, code),
        "code": code,
        "name": pick(names, locale) or code,
        "description": pick(descriptions, locale) or "",
        "parent_id": None,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_id(link_type),
        "language": locale,
        "term_uri": None,
        "x_translations": {lang: {"name": names.get(lang), "description": descriptions.get(lang)}
                           for lang in LANGS},
    }


def service_type_term(row, locale: str) -> dict:
    return taxonomy_term("service-type", row.slug, bilingual(row, "name"),
                         bilingual(row, "description"), locale)


def audience_term(code: str, vocabulary: Vocabulary, locale: str) -> dict:
    return taxonomy_term("audience", code, vocabulary.audiences.get(code, {}), {}, locale)


def attribute(service, link_type: str, term: dict) -> dict:
    return {
        "id": make_id("attribute", service.slug, link_type, term["code"]),
        "link_id": service_id(service.slug),
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "value": None,
        "label": term["name"],
        "taxonomy_term": term,
    }


def attributes(service, vocabulary: Vocabulary, locale: str) -> list[dict]:
    found = [attribute(service, "service-type", service_type_term(t, locale))
             for t in service.types]
    found += [attribute(service, "audience", audience_term(code, vocabulary, locale))
              for code in service.audience_codes]
    return found


def source(row) -> dict:
    return {"url": row.url or None, "kind": row.kind or None, "date": row.source_date or None}


def organization(row, locale: str) -> dict:
    return {
        "id": organization_id(row.slug),
        "name": pick(bilingual(row, "name"), locale) or row.slug,
        "alternate_name": None,
        "description": pick(bilingual(row, "description"), locale) or "",
        "email": row.email or None,
        "website": row.website or None,
        "x_slug": row.slug,
        "x_translations": translations(row, ("name", "description")),
    }


def service(row, vocabulary: Vocabulary, locale: str, with_organization: bool = True) -> dict:
    """A fully nested HSDS service, with the profile's `x_` fields."""
    costs = vocabulary.costs.get(row.cost, {})
    data = {
        "id": service_id(row.slug),
        "organization_id": organization_id(row.organization.slug),
        "name": pick(bilingual(row, "name"), locale) or row.slug,
        "alternate_name": pick(bilingual(row, "alternate_name"), locale),
        "description": pick(bilingual(row, "description"), locale),
        "url": row.website or None,
        "email": row.email or None,
        "status": "active",
        # the cost as the sources state it (with caveats) when the data has it
        "fees_description": pick(bilingual(row, "cost_note"), locale) or pick(costs, locale),
        # Set only when a person confirmed the listing with the service; never invented.
        "assured_date": iso_date(row.last_verified),
        "last_modified": iso_datetime(row.updated_at),
    }
    if with_organization:
        data["organization"] = organization(row.organization, locale)
    data.update({
        "phones": [phone(p, row) for p in row.phones],
        "schedules": schedules(row, locale),
        "service_areas": service_areas(row, vocabulary, locale),
        "languages": [language(code, row, vocabulary, locale) for code in row.language_codes],
        "attributes": attributes(row, vocabulary, locale),
        "x_slug": row.slug,
        "x_listing_url": vocabulary.listing_url(row.slug, locale),
        "x_is_24_7": bool(row.is_24_7),
        "x_nationwide": bool(row.nationwide),
        "x_cost": row.cost,
        "x_confidence": row.confidence,
        "x_sources_checked_on": iso_date(row.sources_checked_on),
        "x_sources": [source(s) for s in row.sources],
        "x_translations": translations(row, ("name", "alternate_name", "description", "hours")),
    })
    return data


def page(items: list, total: int, page_number: int, per_page: int) -> dict:
    """HSDS 3.0's page wrapper. `size` is the number of items on this page (as HSDS defines
    it); `x_per_page` is the page size asked for."""
    total_pages = -(-total // per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not items,
        "x_per_page": per_page,
        "contents": items,
    }
