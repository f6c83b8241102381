"""The bundled data set: loaded faithfully, idempotently, low confidence unpublished."""

import json

import sqlalchemy as sa

from directory.extensions import db
from directory.models import Phone, Service, Source, State
from directory.seed import DATA


def records():
    return json.loads((DATA / "services.json").read_text(encoding="utf-8"))


def row_counts():
    tables = db.metadata.sorted_tables
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in tables}


def test_seed_twice_changes_nothing(app, runner):
    with app.app_context():
        before = row_counts()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "services added: 0" in result.output
    with app.app_context():
        assert row_counts() == before


def test_seed_keeps_moderator_edits(app, runner):
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "sneham-malaysia"))
        service.description_en = "Edited by a moderator."
        db.session.commit()
    runner.invoke(args=["seed"])
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "sneham-malaysia"))
        assert service.description_en == "Edited by a moderator."


def test_every_record_is_loaded_with_its_confidence(app):
    with app.app_context():
        services = {s.slug: s for s in db.session.scalars(sa.select(Service))}
        assert len(db.session.scalars(sa.select(State)).all()) == 16
    data = records()
    assert set(services) == {r["slug"] for r in data}
    for record in data:
        service = services[record["slug"]]
        assert service.confidence == record["confidence"]
        assert service.is_published == (record["confidence"] != "low"), record["slug"]
        assert service.last_verified is None  # nobody has confirmed them yet


def test_phones_and_sources_are_copied_exactly(app):
    data = {r["slug"]: r for r in records()}
    with app.app_context():
        for service in db.session.scalars(sa.select(Service)):
            record = data[service.slug]
            assert [(p.number, p.display, p.kind) for p in service.phones] == [
                (p["number"], p["display"], p["kind"]) for p in record["phones"]
            ]
            assert [(s.url, s.locator, s.source_date) for s in service.sources] == [
                (s.get("url"), s.get("locator"), s.get("source_date")) for s in record["sources"]
            ]
            assert service.nationwide == ("national" in record["states"])
            assert sorted(service.state_codes) == sorted(c for c in record["states"] if c != "national")


def test_every_published_service_has_a_source_and_a_number(app):
    with app.app_context():
        published = db.session.scalars(sa.select(Service).where(Service.is_published)).all()
        assert published
        for service in published:
            assert service.sources, service.slug
            assert service.phones, service.slug


def test_numbers_are_e164_or_short_codes(app):
    import phonenumbers

    with app.app_context():
        for phone in db.session.scalars(sa.select(Phone)):
            if phone.number.startswith("+"):
                assert phonenumbers.is_possible_number(phonenumbers.parse(phone.number)), phone.number
            else:
                assert phone.number in {"999", "15999", "15555"}, phone.number


def test_source_count(app):
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count(Source.id)))
    assert total == sum(len(r["sources"]) for r in records())
