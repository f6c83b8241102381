"""Quick exit on every page, the offline crisis card, the manifest and the service worker."""

import json
import re

import pytest

PAGES = ["/ms/", "/en/directory", "/en/services/befrienders-kuala-lumpur", "/ms/guides/",
         "/en/guides/teens", "/en/sessions", "/en/search?q=help", "/ms/offline", "/en/missing"]


@pytest.mark.parametrize("path", PAGES)
def test_quick_exit_on_every_page(client, path):
    html = client.get(path).get_data(as_text=True)
    link = re.search(r'<a id="quick-exit"[^>]*>', html).group(0)
    assert 'href="https://www.google.com/"' in link and 'rel="noreferrer"' in link
    # The script that makes it replace the history entry loads before the page body.
    assert html.index("js/quick-exit.js") < html.index("<body")
    assert 'data-exit-url="https://www.google.com/"' in html


def test_quick_exit_target_is_configurable(app, client):
    app.config["QUICK_EXIT_URL"] = "https://example.org/weather"
    assert 'href="https://example.org/weather"' in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["ms", "en"])
def test_offline_card(client, lang):
    response = client.get(f"/{lang}/offline")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="tel:999"' in html
    assert 'href="tel:+60376272929"' in html and 'href="tel:15999"' in html
    assert "no-cache" in response.headers["Cache-Control"]


def test_offline_card_says_when_it_was_saved(client):
    html = client.get("/en/offline").get_data(as_text=True)
    assert "It was saved on Wednesday, November 25, 2026 at 10:00" in html


def test_manifest(client):
    response = client.get("/ms/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    data = json.loads(response.data)
    assert data["start_url"] == "/ms/" and data["lang"] == "ms"
    assert data["icons"][0]["src"].startswith("/static/")


def test_service_worker(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    pages = json.loads(re.search(r"const OFFLINE_PAGES = (\{.*?\});", body).group(1))
    assert pages == {"ms": "/ms/offline", "en": "/en/offline"}
    assets = json.loads(re.search(r"const ASSETS = (\[.*?\]);", body).group(1))
    html = client.get("/en/").get_data(as_text=True)
    for asset in assets:
        assert asset in html  # the exact fingerprinted URLs the pages use
    # Only the offline card is ever served from the cache for a page.
    assert "caches.match(offlinePageFor(url.pathname))" in body


def test_service_worker_changes_with_the_assets(app, client):
    first = client.get("/sw.js").get_data(as_text=True)
    from directory.web.assets import HASHES

    with app.app_context():
        HASHES.put("css/jaga.css", "different")
    second = client.get("/sw.js").get_data(as_text=True)
    assert re.search(r'const CACHE = "jaga-(\w+)"', first).group(1) != re.search(r'const CACHE = "jaga-(\w+)"', second).group(1)
