"""Every channel the service can send on: the publisher classes of this
package (found by importing its modules) and any other registered subclass
of `Publisher`. Nothing here names a channel: a new module with a new
`Publisher` subclass is all a new channel takes."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import publishers
from publishers.base import Publisher, Setting, registered_channels


@cache
def _import_channel_modules() -> None:
    for module in pkgutil.iter_modules(publishers.__path__):
        if module.name not in ("base", "registry"):
            importlib.import_module(f"publishers.{module.name}")


def channel_classes() -> dict[str, type[Publisher]]:
    """Channel name to publisher class, in display order."""
    _import_channel_modules()
    return registered_channels()


def channel_class(name: str) -> type[Publisher]:
    classes = channel_classes()
    if name not in classes:
        raise KeyError(f"unknown channel {name!r} ({', '.join(classes)})")
    return classes[name]


def declared_settings() -> dict[str, Setting]:
    """Every setting any channel reads, by name (several channels may share one)."""
    found: dict[str, Setting] = {}
    for publisher in channel_classes().values():
        for setting in publisher.settings:
            found.setdefault(setting.name, setting)
    return found
