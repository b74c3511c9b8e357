"""Words the console shows from data (states, roles, kinds, where a release
date came from, version fields), listed so that `pybabel extract` finds them
for translation; the templates translate the values with `_()`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

WORDS = (
    # announcement, delivery and request states
    _l("draft"),
    _l("approved"),
    _l("scheduled"),
    _l("sending"),
    _l("retrying"),
    _l("sent"),
    _l("partly_failed"),
    _l("failed"),
    _l("cancelled"),
    _l("pending"),
    _l("claimed"),
    _l("unconfirmed"),
    _l("no_recipients"),
    _l("abandoned"),  # a partner webhook's message set aside while its endpoint is disabled
    # roles
    _l("viewer"),
    _l("editor"),
    _l("approver"),
    _l("admin"),
    # kinds of announcement
    _l("release"),
    _l("custom"),
    # fields of a channel's own version
    _l("text"),
    _l("subject"),
)
