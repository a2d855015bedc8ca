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


def ordered(members, enum_cls) -> list:
    """Members in their declaration order (the order users see them in forms)."""
    order = list(enum_cls)
    return sorted(members, key=order.index)


def replace_rows(rows: list, wanted, attr: str, make) -> list:
    """Child rows holding one enum value each: keep the wanted ones, add the missing ones.

    Kept rows stay the same objects, so the ORM issues no DELETE+INSERT for them.
    """
    have = {getattr(row, attr) for row in rows}
    return [r for r in rows if getattr(r, attr) in wanted] + [make(v) for v in wanted - have]
