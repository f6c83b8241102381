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


class NotAMalaysianNumber(ValueError):
    pass


def parse_malaysian(text: str) -> tuple[str, str]:
    """Typed text -> (stored number, display form), or NotAMalaysianNumber.

    Landlines, mobiles and 1-800/1-300 numbers become E.164 with the national display form
    ("03-7627 2929"); Malaysian short codes (999, 15999, 15555) are kept as dialled.
    """
    import phonenumbers
    from phonenumbers import shortnumberinfo

    raw = text.strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits or len(raw) > 30 or any(ch.isalpha() for ch in raw):
        raise NotAMalaysianNumber(raw)
    if len(digits) <= 5 and raw.replace(" ", "").isdigit():
        short = phonenumbers.parse(digits, "MY")
        if shortnumberinfo.is_valid_short_number_for_region(short, "MY"):
            return digits, digits
        raise NotAMalaysianNumber(raw)
    try:
        number = phonenumbers.parse(raw, "MY")
    except phonenumbers.NumberParseException as error:
        raise NotAMalaysianNumber(raw) from error
    if not phonenumbers.is_valid_number(number) or number.country_code != 60:
        raise NotAMalaysianNumber(raw)
    return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
