"""The careful hand-written reference: the directory fragment's twenty cards for one state, in
Malay, as a small app written for speed would serve them.

One SQL query (the page of services with their types, lines, schedules, areas, languages and
newest source date as arrays, and the total), the open-now status by the same pure function
Jaga uses, and a plain Jinja loop with the Malay words written in. No i18n machinery, no
forms, no caches, no security headers: a realistic ceiling for "the same cards, done by hand",
which `make bench` measures Jaga's fragment against. PostgreSQL only.

    gunicorn bench.reference_app:app   (DATABASE_URL: a database built by bench/synthetic.py)
"""

from __future__ import annotations

import datetime as dt
import os

import sqlalchemy as sa
from flask import Flask, request

from directory.hours import KL, Period, status

app = Flask(__name__)
engine = sa.create_engine(os.environ["DATABASE_URL"], pool_size=2)

# The count stops at 201 rows, as Jaga's does (LISTING_COUNT_CAP: "more than 200 found").
PAGE = sa.text("""
SELECT page.*,
  (SELECT count(*) FROM (SELECT 1 FROM services s2
     WHERE s2.is_published AND (s2.nationwide OR EXISTS (
       SELECT 1 FROM service_areas a WHERE a.service_id = s2.id AND a.state_code = :state))
     LIMIT 201) c) AS total,
  ARRAY(SELECT t.name_ms FROM service_type_links l JOIN service_types t ON t.id = l.service_type_id
        WHERE l.service_id = page.id ORDER BY t.position) AS types,
  ARRAY(SELECT p.number FROM phones p WHERE p.service_id = page.id ORDER BY p.position) AS numbers,
  ARRAY(SELECT p.display FROM phones p WHERE p.service_id = page.id ORDER BY p.position) AS displays,
  ARRAY(SELECT ARRAY[c.weekday, c.opens_minute, c.closes_minute] FROM schedules c
        WHERE c.service_id = page.id) AS periods,
  ARRAY(SELECT st.name_ms FROM service_areas a JOIN states st ON st.code = a.state_code
        WHERE a.service_id = page.id ORDER BY a.state_code) AS areas,
  ARRAY(SELECT g.code FROM service_languages g WHERE g.service_id = page.id) AS languages,
  (SELECT max(src.source_date) FROM sources src WHERE src.service_id = page.id) AS seen
FROM (
  SELECT s.id, s.slug, s.name_ms, s.name_en, s.is_24_7, s.cost, s.nationwide
  FROM services s
  WHERE s.is_published AND (s.nationwide OR EXISTS (
    SELECT 1 FROM service_areas a WHERE a.service_id = s.id AND a.state_code = :state))
  ORDER BY s.is_24_7 DESC, lower(coalesce(s.name_ms, s.name_en)), s.id
  LIMIT 20) page
ORDER BY page.is_24_7 DESC, lower(coalesce(page.name_ms, page.name_en)), page.id
""")

LANGUAGES = {"ms": "Bahasa Melayu", "en": "Bahasa Inggeris", "zh": "Bahasa Cina", "ta": "Bahasa Tamil"}
COSTS = {"free": "Percuma", "paid": "Berbayar", "mixed": "Sebahagian percuma, sebahagian berbayar",
         "unknown": "Kos belum disahkan"}

CARDS = """<h2 class="visually-hidden">Hasil carian</h2>
<p class="result-count" data-announce>{{ total }} perkhidmatan ditemui</p>
<ul class="cards">
{%- for s in services %}
<li class="card">
  <article aria-labelledby="card-{{ s.id }}">
    <h3 id="card-{{ s.id }}"><a href="/ms/services/{{ s.slug }}">{{ s.name_ms or s.name_en }}</a></h3>
    <ul class="tags" aria-label="Jenis bantuan">{% for t in s.types %}<li>{{ t }}</li>{% endfor %}</ul>
    <p class="status">{% if s.open.state == "always" %}<span class="badge badge-open">Dibuka 24 jam</span>
    {%- elif s.open.state == "open" %}<span class="badge badge-open">Dibuka sekarang</span> <span class="hint">hingga {{ s.open.changes_at.astimezone(kl).strftime("%H:%M") }}, mengikut waktu tersenarai</span>
    {%- elif s.open.state == "closed" %}<span class="badge badge-closed">Ditutup sekarang</span>
    {%- else %}<span class="badge badge-unknown">Waktu belum disahkan</span>{% endif %}</p>
    <div class="calls">{% for n in s.numbers %}<a class="call call-voice" href="tel:{{ n }}">Hubungi {{ s.displays[loop.index0] }}</a>{% endfor %}</div>
    <dl class="facts">
      <div><dt>Kawasan liputan</dt><dd>{% if s.nationwide %}Seluruh negara{% else %}{{ s.areas | join(", ") }}{% endif %}</dd></div>
      <div><dt>Bahasa</dt><dd>{% for g in s.languages %}{{ languages[g] }}{% if not loop.last %}, {% endif %}{% endfor %}</dd></div>
      <div><dt>Kos</dt><dd>{{ costs[s.cost] }}</dd></div>
    </dl>
    <p class="verified">{% if s.seen %}Belum disahkan: nombor kali terakhir dilihat dalam sumber awam pada {{ s.seen }}.{% else %}Belum disahkan: sumber awam yang menunjukkan nombor ini tidak bertarikh.{% endif %}</p>
  </article>
</li>
{%- endfor %}
</ul>
"""

TEMPLATE = app.jinja_env.from_string(CARDS)


@app.route("/ms/directory")
def directory():
    now = dt.datetime.now(dt.timezone.utc)
    with engine.connect() as connection:
        rows = connection.execute(PAGE, {"state": request.args.get("state", "MY-10")}).all()
    services = [{**row._mapping,
                 "open": status([Period(*p) for p in row.periods], row.is_24_7, now)}
                for row in rows]
    total = rows[0].total if rows else 0
    return TEMPLATE.render(services=services, total=total, kl=KL, languages=LANGUAGES,
                           costs=COSTS)


@app.route("/")
def home():
    return "ok"
