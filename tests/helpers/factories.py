"""Small builders for test data (never mixed into the bundled data set)."""

import itertools

import sqlalchemy as sa

from directory.extensions import db
from directory.models import Organization, Phone, Service, ServiceLanguage, ServiceType

_ids = itertools.count(1)


def make_service(types=("counselling",), published=True, **fields) -> Service:
    """Add a service with its own organisation; returns it after a flush."""
    n = next(_ids)
    slug = fields.pop("slug", f"test-service-{n}")
    organization = Organization(slug=f"{slug}-org", name_en=f"Test organisation {n}")
    terms = db.session.scalars(sa.select(ServiceType).where(ServiceType.slug.in_(types))).all()
    values = {
        "name_en": f"Test service {n}", "name_ms": f"Perkhidmatan ujian {n}",
        "cost": "free", "confidence": "high", "nationwide": True,
        "phones": [Phone(number="+60312345678", display="03-1234 5678", kind="voice")],
        "languages": [ServiceLanguage(code="ms")],
    }
    values.update(fields)
    service = Service(slug=slug, organization=organization, types=terms,
                      is_published=published, **values)
    db.session.add(service)
    db.session.flush()
    return service
