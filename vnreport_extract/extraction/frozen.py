"""`frozen`: a frozen dataclass that is quick to build.

A frozen dataclass sets each field in `__init__` with `object.__setattr__`, a call per field: building
one is three to four times slower than building a plain one. The records made for every number, unit,
subject and clause of a report add up to several percent of the run, so they are built by an
`__init__` that writes their fields straight into the instance's `__dict__`. What the dataclass gives
is kept: equality, hashing, `repr`, `dataclasses.replace` and the refusal to set a field afterwards.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from typing import TypeVar

T = TypeVar("T")


def frozen(cls: type[T]) -> type[T]:
    """`dataclass(frozen=True)` with the quick `__init__`.

    >>> @frozen
    ... class Span:
    ...     start: int
    ...     end: int = 0
    >>> Span(3), Span(3) == Span(3, 0), hash(Span(1, 2)) == hash(Span(1, 2))
    (Span(start=3, end=0), True, True)
    >>> Span(3).end = 4
    Traceback (most recent call last):
    dataclasses.FrozenInstanceError: cannot assign to field 'end'
    """
    cls = dataclass(frozen=True)(cls)
    defaults: dict[str, object] = {}
    params, body = ["self"], ["    _record_fields_ = self.__dict__"]
    for field in fields(cls):  # type: ignore[arg-type]
        if not field.init or field.default_factory is not MISSING or hasattr(cls, "__post_init__"):
            raise TypeError(f"{cls.__name__}.{field.name}: only plain fields with plain defaults are supported")
        if field.default is MISSING:
            params.append(field.name)
        else:
            defaults[f"_default_{field.name}"] = field.default
            params.append(f"{field.name}=_default_{field.name}")
        body.append(f"    _record_fields_[{field.name!r}] = {field.name}")
    namespace: dict[str, object] = {}
    exec(f"def __init__({', '.join(params)}):\n" + "\n".join(body), defaults, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls
