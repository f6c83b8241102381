"""The OpenAPI 3.1 document of /api/v1, as Python data (JSON Schema 2020-12).

Built once per app, on first use, with the enumerations (states, service types) read from the
database the app serves, so every value the document allows is one the API accepts.
"""

from __future__ import annotations

from flask import current_app

from .. import reference
from ..labels import LANGUAGE_LABELS
from ..listing.filters import (
    FILTER_NAMES, FILTERS, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_LENGTH, allowed_values,
)
from ..models import COSTS, CONFIDENCES
from ..web import caches
from . import hsds

REF = "#/components/schemas/"
NULLABLE_STRING = {"type": ["string", "null"]}


def ref(name: str) -> dict:
    return {"$ref": REF + name}


def obj(properties: dict, required: list[str] | None = None, **extra) -> dict:
    """A closed object: every listed property is always present (possibly null)."""
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required,
            "additionalProperties": False, **extra}


def array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


def string(description: str = "", nullable: bool = False, **extra) -> dict:
    schema = {"type": ["string", "null"] if nullable else "string", **extra}
    if description:
        schema["description"] = description
    return schema


def translations(*names: str) -> dict:
    texts = obj({n: NULLABLE_STRING for n in names})
    return obj({lang: texts for lang in hsds.LANGS},
               description="Profile extension: the texts in each language as stored, "
                           "null where there is none (no fallback).")


ID = string("A stable UUID (version 5, derived from the record's slug).", format="uuid")


def schemas(states: list[str]) -> dict:
    term = obj({
        "id": ID,
        "code": string("The term's code: a service-type slug or an audience code."),
        "name": string("The term, in the requested locale."),
        "description": string("What the term means, in the requested locale ('' if none)."),
        "parent_id": string(nullable=True),
        "taxonomy": string(enum=[name for name, _ in hsds.TAXONOMIES.values()]),
        "taxonomy_id": ID,
        "language": string("The language of name and description.", enum=["en", "ms"]),
        "term_uri": string(nullable=True),
        "x_translations": translations("name", "description"),
    })
    organization = {
        "id": ID,
        "name": string("In the requested locale (falls back to the other language)."),
        "alternate_name": NULLABLE_STRING,
        "description": string("In the requested locale; '' if none."),
        "email": string(nullable=True, format="email"),
        "website": string(nullable=True, format="uri"),
        "x_slug": string(),
        "x_translations": translations("name", "description"),
    }
    return {
        "Error": obj({
            "status": {"type": "integer"},
            "error": string("A short code: invalid_parameter, not_found, rate_limited, ..."),
            "message": string("What went wrong, in English."),
            "parameter": string("The query parameter that was not understood.", nullable=True),
            "allowed": array(string(), description="The values that parameter accepts."),
        }, required=["status", "error", "message", "parameter"]),
        "Root": obj({
            "version": string("The HSDS version this API follows.", const=hsds.HSDS_VERSION),
            "profile": string("URL of the Jaga profile of HSDS.", format="uri"),
            "openapi_url": string("URL of this OpenAPI document.", format="uri"),
            "description": string(),
            "publisher": obj({"name": string(), "website": string(format="uri")}),
            "x_api_version": string("The version of this API (semantic versioning)."),
            "x_license": obj({"id": string(), "name": string(), "url": string(format="uri")}),
            "x_links": obj({k: string(format="uri") for k in
                            ("services", "organizations", "taxonomy", "export_csv",
                             "export_zip")}),
        }),
        "Phone": obj({
            "id": ID, "service_id": ID,
            "number": string("E.164 (+60...) or a Malaysian short code as dialled (999, 15999)."),
            "extension": {"type": ["number", "null"]},
            "type": string("voice, text (SMS), or the profile's whatsapp.",
                           enum=sorted(set(hsds.PHONE_TYPES.values()))),
            "description": NULLABLE_STRING,
            "languages": array(ref("Language"), maxItems=0,
                               description="Always empty: languages are given on the service."),
            "x_display": string("The number as written in Malaysia, e.g. 03-7627 2929."),
            "x_href": string("A link that calls, texts or opens WhatsApp "
                             "(tel:, sms:, https://wa.me/)."),
        }),
        "Schedule": obj({
            "id": ID, "service_id": ID,
            "freq": {"type": ["string", "null"], "enum": ["WEEKLY", None]},
            "byday": string("RFC 5545 days, e.g. MO,TU,WE.", nullable=True),
            "opens_at": string("HH:MM, Kuala Lumpur time.", nullable=True,
                               pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
            "closes_at": string("HH:MM; not after opens_at means the next day.", nullable=True,
                                pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
            "timezone": {"type": "number", "const": hsds.KL_UTC_OFFSET,
                         "description": "UTC offset of the times (Asia/Kuala_Lumpur)."},
            "description": string("The opening hours as written, in the requested locale.",
                                  nullable=True),
        }),
        "Language": obj({
            "id": ID, "service_id": ID,
            "name": string("The language's name in the requested locale."),
            "code": string("ISO 639-1.", enum=list(LANGUAGE_LABELS)),
            "x_translations": translations("name"),
        }),
        "ServiceArea": obj({
            "id": ID, "service_id": ID,
            "name": string("The state, or 'Nationwide', in the requested locale."),
            "description": NULLABLE_STRING, "extent": NULLABLE_STRING,
            "extent_type": NULLABLE_STRING, "uri": NULLABLE_STRING,
            "x_iso_3166_2": string("The state's ISO 3166-2:MY code, or MY for nationwide.",
                                   enum=["MY", *states]),
            "x_translations": translations("name"),
        }),
        "TaxonomyTerm": term,
        "Attribute": obj({
            "id": ID,
            "link_id": ID,
            "link_type": string(enum=list(hsds.TAXONOMIES)),
            "link_entity": string(const="service"),
            "taxonomy_term_id": ID,
            "value": NULLABLE_STRING,
            "label": string("The term's name in the requested locale."),
            "taxonomy_term": ref("TaxonomyTerm"),
        }),
        "Source": obj({
            "url": string(nullable=True, format="uri"),
            "kind": string("news, official..., third_party..., as recorded.", nullable=True),
            "date": string("As precise as the source allows: 2024-11-26, 2019-07 or 2022.",
                           nullable=True),
        }),
        "Organization": obj(organization),
        "OrganizationWithServices": obj({
            **organization,
            "services": array(ref("Service"), description="Its published services, in the "
                              "directory's order (without the nested organization)."),
        }),
        "Service": obj({
            "id": ID,
            "organization_id": ID,
            "name": string("In the requested locale (falls back to the other language)."),
            "alternate_name": string("A short name.", nullable=True),
            "description": NULLABLE_STRING,
            "url": string(nullable=True, format="uri"),
            "email": string(nullable=True, format="email"),
            "status": string(const="active"),
            "fees_description": string("Free / Paid / Some parts free, some paid, localised.",
                                       nullable=True),
            "assured_date": string("When a person last confirmed the details with the service; "
                                   "null if never.", nullable=True, format="date"),
            "last_modified": string("When the record last changed (UTC).", format="date-time"),
            "organization": ref("Organization"),
            "phones": array(ref("Phone")),
            "schedules": array(ref("Schedule")),
            "service_areas": array(ref("ServiceArea")),
            "languages": array(ref("Language")),
            "attributes": array(ref("Attribute")),
            "x_slug": string(),
            "x_listing_url": string("The service's page on Jaga.", format="uri"),
            "x_is_24_7": {"type": "boolean"},
            "x_nationwide": {"type": "boolean"},
            "x_cost": string(enum=list(COSTS)),
            "x_confidence": string("How well the public sources back the details.",
                                   enum=list(CONFIDENCES)),
            "x_sources_checked_on": string("When the public sources were last read.",
                                           nullable=True, format="date"),
            "x_sources": array(ref("Source")),
            "x_translations": translations("name", "alternate_name", "description", "hours"),
        }, required=[
            "id", "organization_id", "name", "alternate_name", "description", "url", "email",
            "status", "fees_description", "assured_date", "last_modified", "phones",
            "schedules", "service_areas", "languages", "attributes", "x_slug", "x_listing_url",
            "x_is_24_7", "x_nationwide", "x_cost", "x_confidence", "x_sources_checked_on",
            "x_sources", "x_translations",
        ]),
        **{f"{name}Page": page(ref(name)) for name in ("Service", "Organization", "TaxonomyTerm")},
    }


def page(item: dict) -> dict:
    return obj({
        "total_items": {"type": "integer", "minimum": 0},
        "total_pages": {"type": "integer", "minimum": 0},
        "page_number": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 0,
                 "description": "The number of items on this page."},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean", "description": "True when this page has no items."},
        "x_per_page": {"type": "integer", "minimum": 1, "maximum": 200},
        "contents": array(item),
    })


def query(name: str, schema: dict, description: str, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **extra}


def parameters(locales: list[str], states: list[str], service_types: list[str]) -> dict:
    choices = {"states": states, "service_types": service_types}
    return {
        "locale": query("locale", {"type": "string", "enum": locales},
                        "The language of the texts (default en)."),
        "page": query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                      "Page number, from 1 (default 1)."),
        "per_page": query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                          f"Items per page (default 50, at most {MAX_PER_PAGE})."),
        **{spec.name: filter_parameter(spec, choices) for spec in FILTERS},
    }


def filter_parameter(spec, choices: dict) -> dict:
    """A listing filter as an OpenAPI query parameter, from its one definition."""
    if spec.choices is None:
        return query(spec.name, {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                     spec.description)
    values = {"type": "string", "enum": allowed_values(spec, choices)}
    if spec.many:
        return query(spec.name, {"type": "array", "items": values}, spec.description,
                     style="form", explode=True)
    return query(spec.name, values, spec.description)


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


HEADERS = {
    "ETag": {"description": "Strong validator of the body; send it back in If-None-Match.",
             "required": True, "schema": {"type": "string"}},
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=60"},
    "Access-Control-Allow-Origin": {"required": True, "schema": {"type": "string", "const": "*"}},
}


def responses(ok: dict, description: str, errors: tuple[int, ...] = (400,)) -> dict:
    found = {
        "200": {"description": description, "headers": HEADERS, "content": ok},
        "304": {"description": "Not modified (the If-None-Match ETag still matches)."},
        "429": {"description": "Too many requests from this client; see Retry-After.",
                "content": json_content(ref("Error"))},
    }
    texts = {400: "A query parameter is not valid (the body names it).",
             404: "No published record has this id."}
    for status in errors:
        found[str(status)] = {"description": texts[status], "content": json_content(ref("Error"))}
    return found


def operation(operation_id: str, summary: str, params: list[str], ok: dict, description: str,
              errors: tuple[int, ...] = (400,), tags: tuple[str, ...] = ("required",)) -> dict:
    return {"get": {
        "operationId": operation_id,
        "summary": summary,
        "tags": list(tags),
        "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
        "responses": responses(ok, description, errors),
    }}


def build(locales: list[str], states: list[str], service_types: list[str]) -> dict:
    filters = list(FILTER_NAMES)
    path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
               "description": "The id this API gives (a UUID); the slug works too."}

    def with_id(item: dict) -> dict:
        return {"parameters": [path_id], **item}

    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Jaga open data API",
            "version": hsds.API_VERSION,
            "summary": "Malaysian mental-health helplines as Open Referral HSDS 3.0.",
            "description": "Read-only, published listings only, in Malay and English "
                           "(?locale=ms|en). Follows HSDS 3.0 with the Jaga profile (x_ fields; "
                           "see /api/v1/profile). Phone numbers change: check them again before "
                           "reusing them for emergencies.",
            "license": {"name": hsds.LICENSE_NAME, "identifier": hsds.LICENSE_ID},
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": "required", "description": "Required by the HSDS 3.0 API"},
                 {"name": "optional", "description": "Optional in the HSDS 3.0 API"},
                 {"name": "jaga", "description": "Jaga profile extensions"}],
        "paths": {
            "/": operation("getAPIMetaInformation", "This API and its relationship with HSDS.",
                           [], json_content(ref("Root")), "About this API.", errors=()),
            "/services": operation(
                "getPaginatedListOfServices",
                "Published services, filtered like the directory page, in its order.",
                ["locale", "page", "per_page", *filters], json_content(ref("ServicePage")),
                "A page of fully nested services."),
            "/services/{id}": with_id(operation(
                "getFullyNestedServiceById", "One published service, fully nested.",
                ["locale"], json_content(ref("Service")), "The service.", errors=(400, 404))),
            "/organizations": operation(
                "getPaginatedListOfOrganizations", "Organizations with published services.",
                ["locale", "page", "per_page"], json_content(ref("OrganizationPage")),
                "A page of organizations.", tags=("optional",)),
            "/organizations/{id}": with_id(operation(
                "getOrganizationById", "One organization with its published services.",
                ["locale"], json_content(ref("OrganizationWithServices")), "The organization.",
                errors=(400, 404), tags=("optional",))),
            "/taxonomy": operation(
                "getPaginatedListOfTaxonomyTerms",
                "The taxonomy terms: service types, then audiences.",
                ["locale", "page", "per_page"], json_content(ref("TaxonomyTermPage")),
                "A page of taxonomy terms.", tags=("optional",)),
            "/taxonomy/{id}": with_id(operation(
                "getTaxonomyTermById", "One taxonomy term, by id or code.", ["locale"],
                json_content(ref("TaxonomyTerm")), "The term.", errors=(400, 404),
                tags=("optional",))),
            "/openapi.json": operation(
                "getOpenAPIDocument", "This document.", [],
                json_content({"type": "object"}), "The OpenAPI 3.1 document.", errors=(),
                tags=("jaga",)),
            "/profile": operation(
                "getProfile", "The Jaga profile of HSDS 3.0 (Markdown).", [],
                {"text/markdown": {"schema": {"type": "string"}}}, "The profile.", errors=(),
                tags=("jaga",)),
            "/export.csv": operation(
                "getExportCSV", "Every published service, one CSV row each, both languages.",
                [], {"text/csv": {"schema": {"type": "string"}}},
                "CSV (UTF-8, header row). Licence CC BY 4.0, also in the Link header.",
                errors=(), tags=("jaga",)),
            "/export.zip": operation(
                "getExportDataPackage", "All published data as an HSDS tabular data package.",
                ["locale"], {"application/zip": {"schema": {
                    "type": "string", "contentMediaType": "application/zip"}}},
                "ZIP: datapackage.json, one CSV per HSDS table, x_sources.csv, LICENSE.txt.",
                tags=("jaga",)),
        },
        "components": {
            "schemas": schemas(states),
            "parameters": parameters(locales, states, service_types),
        },
    }


DOCUMENT = caches.register(caches.Cache("openapi"))


def document() -> dict:
    """The document for this app, built on first use."""
    def load() -> dict:
        states = [s.code for s in reference.states()]
        service_types = [t.slug for t in reference.service_types()]
        return build(list(current_app.config["LANGUAGES"]), states, service_types)

    return DOCUMENT.get("document", load)
