"""Enumerations stored as short strings and shown through translated labels."""
from __future__ import annotations

import enum

from sqlalchemy import Enum


class LabelledEnum(enum.StrEnum):
    """A StrEnum whose members have a translatable label, set with `set_labels`."""

    @property
    def label(self) -> str:
        return str(type(self)._labels[self])

    @classmethod
    def set_labels(cls, labels: dict) -> None:
        missing = set(cls) - set(labels)
        if missing:
            raise ValueError(f"{cls.__name__} lacks labels for {sorted(missing)}")
        cls._labels = labels

    @classmethod
    def choices(cls, members=None) -> list[tuple[str, object]]:
        """(value, lazy label) pairs; labels stay lazy so forms translate per request."""
        return [(member.value, cls._labels[member]) for member in (members or cls)]


def enum_column(cls: type[enum.Enum], name: str, length: int) -> Enum:
    """A VARCHAR with a CHECK constraint: portable across SQLite and PostgreSQL, and
    adding a member is a constraint change rather than an ALTER TYPE."""
    return Enum(
        cls, name=name, native_enum=False, create_constraint=True, length=length,
        values_callable=lambda members: [m.value for m in members], validate_strings=True,
    )
