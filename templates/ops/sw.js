// Jaga's service worker: keeps the offline crisis card (and the files it needs) so the
// numbers are there without a connection. Directory pages, search results and htmx fragments
// always come from the network: a cached copy of the directory is never shown as if current.
"use strict";

const CACHE = "jaga-{{ version }}";
const OFFLINE_PAGES = {{ offline_pages | tojson }};
const ASSETS = {{ assets | tojson }};
const REFRESH_EVERY_MS = 60 * 60 * 1000;
let lastRefresh = Date.now();

function offlinePageFor(path) {
  const lang = path.split("/")[1];
  return OFFLINE_PAGES[lang] || OFFLINE_PAGES[{{ default_lang | tojson }}];
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll([...Object.values(OFFLINE_PAGES), ...ASSETS]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("jaga-") && key !== CACHE).map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function refreshOfflinePages() {
  if (Date.now() - lastRefresh < REFRESH_EVERY_MS) return Promise.resolve();
  lastRefresh = Date.now();
  return caches.open(CACHE).then((cache) => cache.addAll(Object.values(OFFLINE_PAGES))).catch(() => {});
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (ASSETS.includes(url.pathname + url.search)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          event.waitUntil(refreshOfflinePages());
          return response;
        })
        .catch(() => caches.match(offlinePageFor(url.pathname)).then((card) => card || Response.error()))
    );
  }
  // Everything else goes to the network as usual.
});
