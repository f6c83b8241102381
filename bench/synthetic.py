"""Synthetic services for benchmarks, in a database of their own.

Never mixed into the real data: the benchmark creates a fresh database, migrates it, loads the
reference tables (states, service types) and then N invented services whose names say
"Synthetic". Deterministic for a given N (seeded random numbers).

    python -m bench.synthetic --services 1000 --database-url postgresql+psycopg://…/jaga_bench
"""

from __future__ import annotations

import argparse
import random

import sqlalchemy as sa

from directory import create_app
from directory.extensions import db
from directory.models import (
    Organization, Phone, Schedule, Service, ServiceArea, ServiceAudience, ServiceLanguage,
    ServiceType, Source, State, service_type_links,
)
from directory.search import indexable
from directory.seed import SeedReport, upsert_service_types, upsert_states

WORDS = ("sokongan emosi kaunseling keluarga remaja wanita talian bantuan krisis kesihatan mental "
         "support counselling family youth women helpline crisis listening volunteer community "
         "peer chat hospital clinic psychiatry grief loneliness stress").split()


def build(app, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        upsert_states(SeedReport())
        upsert_service_types(SeedReport())
        db.session.commit()
        states = [s.code for s in db.session.scalars(sa.select(State))]
        types = {t.slug: t.id for t in db.session.scalars(sa.select(ServiceType))}
        state_names = {s.code: (s.name_en, s.name_ms) for s in db.session.scalars(sa.select(State))}
        conn = db.session.connection()
        org_rows, service_rows = [], []
        children = {Phone: [], Schedule: [], ServiceLanguage: [], ServiceAudience: [], ServiceArea: [],
                    Source: []}
        links = []
        for n in range(1, count + 1):
            words = rng.sample(WORDS, 6)
            nationwide = rng.random() < 0.15
            served = [] if nationwide else rng.sample(states, rng.randint(1, 3))
            chosen_types = rng.sample(sorted(types), rng.randint(1, 3))
            name_en = f"Synthetic service {n:05d} {words[0]} {words[1]}"
            name_ms = f"Perkhidmatan sintetik {n:05d} {words[2]} {words[3]}"
            description = " ".join(rng.choice(WORDS) for _ in range(25))
            org_rows.append({"id": n, "slug": f"synthetic-org-{n:05d}", "name_en": f"Synthetic org {n:05d}",
                             "name_ms": f"Organisasi sintetik {n:05d}"})
            type_names = [name for slug in chosen_types for name in (slug.replace("-", " "),)]
            places = [name for code in served for name in state_names[code]]
            service_rows.append({
                "id": n, "slug": f"synthetic-{n:05d}", "organization_id": n,
                "name_en": name_en, "name_ms": name_ms,
                "description_en": description, "description_ms": description,
                "hours_en": "Synthetic hours", "hours_ms": "Waktu sintetik",
                "is_24_7": rng.random() < 0.1, "cost": rng.choice(["free", "paid", "mixed"]),
                "nationwide": nationwide, "confidence": "high", "is_published": rng.random() < 0.95,
                "search_text": indexable(name_en, name_ms, description, *type_names, *places),
            })
            for i in range(rng.randint(1, 3)):
                children[Phone].append({"service_id": n, "number": f"+6031{n:05d}{i:02d}",
                                        "display": f"03-1{n:05d}{i:02d}", "kind": "voice", "position": i})
            for day in rng.sample(range(7), rng.randint(0, 6)):
                children[Schedule].append({"service_id": n, "weekday": day, "opens_minute": 540,
                                           "closes_minute": rng.choice([1020, 1320, 120])})
            for code in rng.sample(["ms", "en", "zh", "ta"], rng.randint(1, 3)):
                children[ServiceLanguage].append({"service_id": n, "code": code})
            for code in rng.sample(["general", "youth", "parents", "educators"], rng.randint(1, 2)):
                children[ServiceAudience].append({"service_id": n, "code": code})
            for code in served:
                children[ServiceArea].append({"service_id": n, "state_code": code})
            children[Source].append({"service_id": n, "url": f"https://example.org/synthetic/{n}",
                                     "kind": "synthetic", "position": 0})
            links += [{"service_id": n, "service_type_id": types[slug]} for slug in chosen_types]
        conn.execute(sa.insert(Organization), org_rows)
        conn.execute(sa.insert(Service), service_rows)
        for model, rows in children.items():
            if rows:
                conn.execute(sa.insert(model), rows)
        conn.execute(sa.insert(service_type_links), links)
        if db.engine.dialect.name == "postgresql":
            for table in ("organizations", "services", "phones", "schedules", "sources"):
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url})
    build(app, args.services)
    print(f"Loaded {args.services} synthetic services into {args.database_url}")


if __name__ == "__main__":
    main()
