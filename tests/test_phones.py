"""Phone links: what a tap dials, texts or opens."""

from types import SimpleNamespace

import pytest

from directory.phones import href, tel_href, whatsapp_href, whatsapp_share_href


@pytest.mark.parametrize("number, expected", [
    ("+60376272929", "tel:+60376272929"),  # landline, international form
    ("999", "tel:999"),  # short codes are dialled as they are
    ("15999", "tel:15999"),
    ("+601800182327", "tel:1800182327"),  # toll-free numbers only work in national form
])
def test_tel_href(number, expected):
    assert tel_href(number) == expected


def test_whatsapp_links():
    assert whatsapp_href("+60192615999") == "https://wa.me/60192615999"
    assert whatsapp_share_href("Befrienders & co https://x/y?a=1") == (
        "https://wa.me/?text=Befrienders%20%26%20co%20https%3A%2F%2Fx%2Fy%3Fa%3D1"
    )


@pytest.mark.parametrize("kind, expected", [
    ("voice", "tel:+60189888058"),
    ("sms", "sms:+60189888058"),
    ("whatsapp", "https://wa.me/60189888058"),
])
def test_href_by_kind(kind, expected):
    assert href(SimpleNamespace(number="+60189888058", kind=kind)) == expected
