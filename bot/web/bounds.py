"""Numbers from addresses held to what the database stores: an id or a page
number past a 32-bit integer is answered 404 or ignored, never a 500 from a
driver that cannot bind it."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter

LARGEST = 2**31 - 1


class BoundedInteger(IntegerConverter):
    """`<int:…>` in every route: at most LARGEST (a larger id matches no route: 404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST)
        super().__init__(map, *args, **kwargs)


def bounded_int(text: str) -> int:
    """For `request.args.get(name, type=bounded_int)`: the default for anything outside 0..LARGEST."""
    value = int(text)
    if not 0 <= value <= LARGEST:
        raise ValueError(f"{value} is out of range")
    return value
