"""Column types that behave the same on SQLite and PostgreSQL."""

import datetime as dt

import sqlalchemy as sa


class UTCDateTime(sa.TypeDecorator):
    """An aware datetime, stored in UTC; SQLite would otherwise hand back naive values."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


def one_of(column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    """A CHECK that `column` holds one of `values`, written from the same tuple the code uses
    (the constraint is named after the column)."""
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})", name=column)
