"""Exports of all published data: a flat CSV, and an HSDS 3.0 tabular data package (ZIP).

Both are built from the same HSDS dicts as the JSON API (hsds.py), so they never disagree
with it. The output depends only on the data: the same data gives the same bytes (and ETag).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from . import hsds

LICENSE_TEXT = f"""\
Jaga directory data: licence
============================

The compiled data in this package (listings of Malaysian mental-health helplines and support
services) is published by Jaga under the {hsds.LICENSE_NAME} licence
({hsds.LICENSE_ID}): {hsds.LICENSE_URL}

You may share and adapt it for any purpose, including commercially, as long as you credit
"Jaga" (for example "Data: Jaga, CC BY 4.0"), link to the licence and say if you changed it.

Before you reuse it
-------------------
Phone numbers, opening hours and other details change. Each service says when it was last
confirmed with the service (assured_date / last_verified; empty means never confirmed: its
details come from the public sources listed with it). Check a number again before you rely on
it, and above all before you reuse it for emergencies. In an emergency in Malaysia, call 999.

The names and marks of the listed organisations belong to them.
"""


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    # OWASP's advice: a leading apostrophe makes the spreadsheet show the text as text. A plain
    # number (+60376272929, -3.1) is no formula and stays as it is.
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _joined(values) -> str:
    return "; ".join(v for v in values if v)


def _opening_hours(schedules: list[dict]) -> str:
    return _joined(f"{s['byday']} {s['opens_at']}-{s['closes_at']}" for s in schedules
                   if s["byday"])


# --- The flat CSV ----------------------------------------------------------------------------

FLAT_COLUMNS = [
    "id", "slug", "name_en", "name_ms", "alternate_name_en", "alternate_name_ms",
    "organization_id", "organization_en", "organization_ms", "description_en", "description_ms",
    "service_types", "audiences", "phones", "phones_display", "website", "email",
    "hours_en", "hours_ms", "is_24_7", "opening_hours", "cost", "languages", "nationwide",
    "states", "last_verified", "sources_checked_on", "confidence", "sources",
    "listing_url_en", "listing_url_ms", "last_modified", "license",
]


def flat_row(row, vocabulary: hsds.Vocabulary) -> dict:
    data = hsds.service(row, vocabulary, "en")
    tr, org = data["x_translations"], data["organization"]["x_translations"]
    return {
        "id": data["id"], "slug": row.slug,
        "name_en": tr["en"]["name"], "name_ms": tr["ms"]["name"],
        "alternate_name_en": tr["en"]["alternate_name"],
        "alternate_name_ms": tr["ms"]["alternate_name"],
        "organization_id": data["organization_id"],
        "organization_en": org["en"]["name"], "organization_ms": org["ms"]["name"],
        "description_en": tr["en"]["description"], "description_ms": tr["ms"]["description"],
        "service_types": _joined(row.type_slugs), "audiences": _joined(row.audience_codes),
        "phones": _joined(f"{p.kind}:{p.number}" for p in row.phones),
        "phones_display": _joined(p.display for p in row.phones),
        "website": data["url"], "email": data["email"],
        "hours_en": tr["en"]["hours"], "hours_ms": tr["ms"]["hours"],
        "is_24_7": data["x_is_24_7"], "opening_hours": _opening_hours(data["schedules"]),
        "cost": row.cost, "languages": _joined(row.language_codes),
        "nationwide": data["x_nationwide"],
        "states": _joined(a["x_iso_3166_2"] for a in data["service_areas"]),
        "last_verified": data["assured_date"],
        "sources_checked_on": data["x_sources_checked_on"],
        "confidence": row.confidence,
        "sources": _joined(s["url"] for s in data["x_sources"]),
        "listing_url_en": vocabulary.listing_url(row.slug, "en"),
        "listing_url_ms": vocabulary.listing_url(row.slug, "ms"),
        "last_modified": data["last_modified"],
        "license": hsds.LICENSE_ID,
    }


def services_csv(rows, vocabulary: hsds.Vocabulary) -> str:
    return write_csv(FLAT_COLUMNS, [flat_row(r, vocabulary) for r in rows])


# --- The HSDS tabular data package -----------------------------------------------------------

def _flatten_translations(item: dict, names: tuple[str, ...]) -> dict:
    tr = item.get("x_translations", {})
    return {f"x_{n}_{lang}": tr.get(lang, {}).get(n) for n in names for lang in hsds.LANGS}


def _translated(names: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f"x_{n}_{lang}", "string") for n in names for lang in hsds.LANGS]


S, B, D, T, I = "string", "boolean", "date", "datetime", "integer"  # noqa: E741
SERVICE_FK = [{"fields": "service_id", "reference": {"resource": "services", "fields": "id"}}]

# resource name -> (fields with Table Schema types, foreign keys)
TABLES: dict[str, tuple[list[tuple[str, str]], list]] = {
    "organizations": ([("id", S), ("name", S), ("alternate_name", S), ("description", S),
                       ("email", S), ("website", S), ("x_slug", S),
                       *_translated(("name", "description"))], []),
    "services": ([("id", S), ("organization_id", S), ("name", S), ("alternate_name", S),
                  ("description", S), ("url", S), ("email", S), ("status", S),
                  ("fees_description", S), ("assured_date", D), ("last_modified", T),
                  ("x_slug", S), ("x_listing_url", S), ("x_is_24_7", B), ("x_nationwide", B),
                  ("x_cost", S), ("x_confidence", S), ("x_sources_checked_on", D),
                  *_translated(("name", "alternate_name", "description", "hours"))],
                 [{"fields": "organization_id",
                   "reference": {"resource": "organizations", "fields": "id"}}]),
    "phones": ([("id", S), ("service_id", S), ("number", S), ("extension", S), ("type", S),
                ("description", S), ("x_display", S), ("x_href", S)], SERVICE_FK),
    "schedules": ([("id", S), ("service_id", S), ("freq", S), ("byday", S), ("opens_at", S),
                   ("closes_at", S), ("timezone", I), ("description", S)], SERVICE_FK),
    "languages": ([("id", S), ("service_id", S), ("name", S), ("code", S)], SERVICE_FK),
    "service_areas": ([("id", S), ("service_id", S), ("name", S), ("description", S),
                       ("extent", S), ("extent_type", S), ("uri", S), ("x_iso_3166_2", S),
                       *_translated(("name",))], SERVICE_FK),
    "taxonomies": ([("id", S), ("name", S), ("description", S), ("uri", S), ("version", S)], []),
    "taxonomy_terms": ([("id", S), ("code", S), ("name", S), ("description", S),
                        ("parent_id", S), ("taxonomy", S), ("taxonomy_id", S), ("language", S),
                        ("term_uri", S), *_translated(("name", "description"))],
                       [{"fields": "taxonomy_id",
                         "reference": {"resource": "taxonomies", "fields": "id"}}]),
    "attributes": ([("id", S), ("link_id", S), ("link_type", S), ("link_entity", S),
                    ("taxonomy_term_id", S), ("value", S), ("label", S)],
                   [{"fields": "taxonomy_term_id",
                     "reference": {"resource": "taxonomy_terms", "fields": "id"}}]),
    "x_sources": ([("service_id", S), ("position", I), ("url", S), ("kind", S), ("date", S)],
                  SERVICE_FK),
}


def tables(rows, terms: list[dict], vocabulary: hsds.Vocabulary, locale: str) -> dict:
    """Resource name -> list of row dicts."""
    services = [hsds.service(r, vocabulary, locale) for r in rows]
    organizations = {s["organization_id"]: s["organization"] for s in services}
    found: dict[str, list[dict]] = {name: [] for name in TABLES}
    for org in sorted(organizations.values(), key=lambda o: o["x_slug"]):
        found["organizations"].append(
            {**org, **_flatten_translations(org, ("name", "description"))})
    for s in services:
        found["services"].append(
            {**s, **_flatten_translations(s, ("name", "alternate_name", "description", "hours"))})
        found["phones"] += s["phones"]
        found["schedules"] += s["schedules"]
        found["languages"] += s["languages"]
        found["service_areas"] += [{**a, **_flatten_translations(a, ("name",))}
                                   for a in s["service_areas"]]
        found["attributes"] += s["attributes"]
        found["x_sources"] += [{"service_id": s["id"], "position": i, **source}
                               for i, source in enumerate(s["x_sources"], 1)]
    found["taxonomies"] = [{"id": hsds.taxonomy_id(link_type), "name": name, "description": title,
                            "uri": None, "version": None}
                           for link_type, (name, title) in hsds.TAXONOMIES.items()]
    found["taxonomy_terms"] = [{**t, **_flatten_translations(t, ("name", "description"))}
                               for t in terms]
    return found


def descriptor(created: str | None) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "jaga-hsds",
        "title": "Jaga: Malaysian mental-health helplines and support services",
        "description": "Published listings of the Jaga directory as Open Referral HSDS "
                       f"{hsds.HSDS_VERSION} tables, with the Jaga profile's x_ fields and "
                       "x_sources table (see docs/api-profile.md).",
        "created": created,
        "licenses": [{"name": hsds.LICENSE_ID, "path": hsds.LICENSE_URL,
                      "title": hsds.LICENSE_NAME}],
        "x_hsds_version": hsds.HSDS_VERSION,
        "resources": [{
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [{"name": f, "type": t} for f, t in fields],
                **({"primaryKey": "id"} if any(f == "id" for f, _ in fields) else {}),
                **({"foreignKeys": fks} if fks else {}),
            },
        } for name, (fields, fks) in TABLES.items()],
    }


def data_package(rows, terms: list[dict], vocabulary: hsds.Vocabulary, locale: str) -> bytes:
    found = tables(rows, terms, vocabulary, locale)
    stamps = [s["last_modified"] for s in found["services"] if s["last_modified"]]
    created = max(stamps) if stamps else None
    # Entries carry the data's own time, so the same data always gives the same bytes.
    when = tuple(int(x) for x in created.replace("T", "-").replace(":", "-").rstrip("Z")
                 .split("-")) if created else (1980, 1, 1, 0, 0, 0)
    files = {"datapackage.json": json.dumps(descriptor(created), ensure_ascii=False, indent=2),
             "LICENSE.txt": LICENSE_TEXT}
    for name, (fields, _fks) in TABLES.items():
        files[f"{name}.csv"] = write_csv([f for f, _ in fields], found[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, text in files.items():
            info = zipfile.ZipInfo(filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()
