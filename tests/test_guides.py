"""Eating-disorder guides: three audiences and a companion, both languages, labelled
sensitive passages, safe rendering."""

import re

import pytest

from directory.content import guides
from directory.content.guides import GuideFormatError, load_all, parse

AUDIENCES = ["teens", "caregivers", "educators"]
ALL = AUDIENCES + ["talking-to-someone"]


def test_every_guide_exists_in_both_languages():
    library = load_all()
    for slug in ALL:
        for lang in ("ms", "en"):
            guide = library[(slug, lang)]
            assert guide.title and guide.summary


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_index_lists_the_guides(client, lang):
    response = client.get(f"/{lang}/guides/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for slug in ALL:
        assert f'href="/{lang}/guides/{slug}"' in html


@pytest.mark.parametrize("slug", ALL)
@pytest.mark.parametrize("lang", ["ms", "en"])
def test_guide_page(client, slug, lang):
    response = client.get(f"/{lang}/guides/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    notice = {"en": "This is information, not a diagnosis.", "ms": "Ini maklumat, bukan diagnosis."}[lang]
    assert notice in html
    assert "Last updated" in html or "Kemas kini terakhir" in html
    # Where to get help: the live 24-hour lines, the eating-disorder help page and counselling.
    assert 'href="tel:+60376272929"' in html
    assert f'href="/{lang}/help/eating-disorders"' in html
    assert f'href="/{lang}/directory?service=counselling"' in html
    # The disclaimer is said once, and the review status plainly.
    assert html.count(notice) == 1
    assert {"en": "not yet reviewed by a clinician", "ms": "belum disemak"}[lang] in html.lower() or \
        "reviewed by" not in html.lower()


def test_sensitive_passages_are_collapsed_behind_a_translated_label(client):
    html = client.get("/en/guides/teens").get_data(as_text=True)
    blocks = re.findall(r'<details class="sensitive"><summary class="sensitive-summary">(.*?)</summary>', html, re.S)
    assert blocks
    assert all("Sensitive content" in b for b in blocks)
    assert "Signs that may point to vomiting" in blocks[0]
    assert "<details open" not in html
    ms = client.get("/ms/guides/teens").get_data(as_text=True)
    assert '<span class="sensitive-kind">Kandungan sensitif</span>' in ms


def test_site_links_point_into_the_readers_language(client):
    html = client.get("/ms/guides/caregivers").get_data(as_text=True)
    assert "jaga:" not in html
    assert re.search(r'href="/ms/directory\?service=[a-z-]+"', html)


def test_no_numbers_for_weight_or_calories_in_guides():
    # Safe messaging: apart from the emergency number, no digits; line numbers come from data.
    for guide in load_all().values():
        body = re.sub(r"\]\([^)]*\)", "]", guide.body)  # link targets may hold digits
        body = re.sub(r"(?m)^\s*\d+\. ", "", body)  # numbered steps
        body = re.sub(r"24-hour|24 jam|lines-24h", "", body)
        digits = set(re.findall(r"\d+", body)) - {"999"}
        assert not digits, (guide.slug, guide.lang, digits)


def test_raw_html_in_content_never_reaches_the_page(app, tmp_path):
    (tmp_path / "evil.en.md").write_text(
        "---\ntitle: Evil\nsummary: s\naudience: everyone\nupdated: 2026-11-25\nreviewed_by:\nreviewed_on:\n---\n"
        "<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n"
        "<img src=x onerror=alert(1)>\n\n::: sensitive <b>label</b>\nhidden\n:::\n",
        encoding="utf-8",
    )
    guide = load_all(tmp_path)[("evil", "en")]
    with app.test_request_context("/en/guides/evil"):
        from flask import g
        g.lang = "en"
        html = guides.render(guide, "en")
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert not re.search(r"<[^>]*onerror", html)
    assert "&lt;script&gt;" in html  # shown as text, harmless
    assert "&lt;b&gt;label&lt;/b&gt;" in html


def test_unknown_guide_is_404(client):
    assert client.get("/en/guides/nope").status_code == 404


def test_guides_path_without_trailing_slash_redirects(client):
    response = client.get("/en/guides")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith("/en/guides/")


def test_reviewer_is_shown_when_set(app, client, tmp_path):
    import shutil
    for path in guides.GUIDES_DIR.glob("*.md"):
        shutil.copy(path, tmp_path)
    teens = tmp_path / "teens.en.md"
    teens.write_text(teens.read_text().replace("reviewed_by:\nreviewed_on:",
                                               "reviewed_by: Dr Example\nreviewed_on: 2026-11-01"))
    app.config["GUIDES_DIR"] = tmp_path
    html = client.get("/en/guides/teens").get_data(as_text=True)
    assert "Reviewed by Dr Example on November 1, 2026." in html
    assert "not yet reviewed by a clinician" in client.get("/en/guides/caregivers").get_data(as_text=True)


def test_malformed_front_matter_is_reported(tmp_path):
    bad = tmp_path / "bad.en.md"
    bad.write_text("no front matter", encoding="utf-8")
    with pytest.raises(GuideFormatError):
        parse(bad)
    bad.write_text("---\ntitle: x\nsummary: y\nauthor: z\n---\nbody", encoding="utf-8")
    with pytest.raises(GuideFormatError, match="author"):
        parse(bad)
