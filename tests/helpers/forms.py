"""Filling in the site's forms: CSRF tokens, and a complete new-service proposal."""

from __future__ import annotations

import re


def csrf_token(client, url: str) -> str:
    """The CSRF token from a form page, as a browser would get it."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def new_service_data(**overrides) -> dict:
    data = {
        "organisation_name": "Pertubuhan Contoh",
        "name_ms": "Talian Sokongan Contoh",
        "name_en": "Example Support Line",
        "description_ms": "Sokongan emosi melalui telefon.",
        "description_en": "Emotional support by phone.",
        "phones-0-number": "03-2345 6789", "phones-0-kind": "voice",
        "phones-1-number": "012-345 6789", "phones-1-kind": "whatsapp",
        "hours_en": "Monday to Friday, 9am to 5pm", "hours_ms": "Isnin hingga Jumaat, 9 pagi hingga 5 petang",
        "states": ["MY-10", "MY-14"],
        "languages": ["ms", "en"], "cost": "free", "audiences": ["general", "youth"],
        "service_types": ["counselling"],
        "website": "https://example.org", "email": "help@example.org",
        "sources": "https://example.org/contact",
        "submitter_name": "Aminah", "submitter_organisation": "Pertubuhan Contoh",
        "submitter_contact": "aminah@example.org",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
