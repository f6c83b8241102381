"""Database models, one module per area; import them from here."""

from .directory import (  # noqa: F401
    AUDIENCES, COSTS, CONFIDENCES, PHONE_KINDS, SERVICE_LANGUAGES, Bilingual, Organization, Phone,
    Schedule, Service, ServiceArea, ServiceAudience, ServiceLanguage, ServiceType, Source, State,
    service_type_links, utcnow,
)
from .sessions import LiveSession  # noqa: F401
from .stats import CrisisSignalCount  # noqa: F401
from .moderation import (  # noqa: F401
    REPORT_REASONS, ROLES, SUBMISSION_KINDS, SUBMISSION_STATES, AuditEntry, Submission, User,
)
