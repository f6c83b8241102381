"""Phone numbers: links to call, text or WhatsApp a stored number."""

from __future__ import annotations

from urllib.parse import quote


def is_short_code(number: str) -> bool:
    """Malaysian short codes (999, 15999) are stored as dialled, without a '+'."""
    return not number.startswith("+")


def dial_string(number: str) -> str:
    """What the phone should dial.

    Toll-free 1-800 / 1-300 numbers only work from Malaysian lines, and some phones
    mishandle them in international form, so they are dialled in national form.
    """
    if number.startswith(("+601800", "+601300")):
        return number[3:]
    return number


def tel_href(number: str) -> str:
    return "tel:" + dial_string(number)


def sms_href(number: str) -> str:
    return "sms:" + dial_string(number)


def whatsapp_href(number: str) -> str:
    return "https://wa.me/" + number.lstrip("+")


def whatsapp_share_href(text: str) -> str:
    return "https://wa.me/?text=" + quote(text, safe="")


def href(phone) -> str:
    """The link for a Phone row, by its kind."""
    if phone.kind == "whatsapp":
        return whatsapp_href(phone.number)
    if phone.kind == "sms":
        return sms_href(phone.number)
    return tel_href(phone.number)
