"""What the console shows in place of codes: indicators and sectors by name,
channels by their label, the system and the command line as such, and the
audit log's actions, targets and details in words, in the page's language.
Registered as Jinja filters (`register_labels`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from bot.announcements.rules import AnnouncementError
from bot.announcements.topics import Topic, TopicError
from bot.catalog import speaker
from bot.data.audit import COMMAND_LINE, SYSTEM
from bot.data.datasets import OFFICIAL_LABEL, SAMPLE_LABEL
from bot.data.db import as_utc
from bot.web.i18n import current_language
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_TERMS, SECTOR_TERMS, TOTAL
from publishers.registry import channel_classes

CHANNEL_WORDS = {"E-mail": _l("E-mail"), "Console": _l("Console (test channel)")}
# Other labels (a "staging" import) are staff's own words, shown as they wrote them.
DATASETS = {SAMPLE_LABEL: _l("sample data"), OFFICIAL_LABEL: _l("official (OIE)")}
AUDIT_ACTIONS = {
    "login": _l("signed in"),
    "import": _l("imported a release file"),
    "create": _l("wrote an announcement"),
    "edit": _l("edited an announcement"),
    "approve": _l("approved"),
    "schedule": _l("scheduled"),
    "cancel": _l("cancelled"),
    "mark_sent": _l("marked a delivery as sent"),
    "resend": _l("sent a delivery again"),
    "retry": _l("retried failed requests"),
    "calendar": _l("set a release date"),
    "user_add": _l("added a user"),
    "user_role": _l("changed a role"),
    "user_disable": _l("disabled a user"),
    "user_enable": _l("enabled a user"),
    "user_password": _l("changed a password"),
    "mfa_on": _l("set up an authenticator app"),
    "mfa_off": _l("removed an authenticator app"),
    "data_erase": _l("erased a chat user's data"),
    "data_export": _l("exported a chat user's data"),
    "teach": _l("taught the bot a question"),
    "retrain": _l("retrained the bot"),
    "webhook_add": _l("added a partner webhook"),
    "webhook_remove": _l("removed a partner webhook"),
    "webhook_enable": _l("enabled a partner webhook"),
    "webhook_disable": _l("disabled a failing partner webhook"),
    "webhook_test": _l("sent a test event to a partner webhook"),
}
TARGETS = {
    "announcement": _l("announcement #%(id)s"),
    "import": _l("import #%(id)s"),
    "user": _l("user %(id)s"),
    "webhook": _l("partner webhook #%(id)s"),
}
DETAIL_KEYS = {
    "title": _l("title"),
    "file": _l("file"),
    "new": _l("new"),
    "revised": _l("revised"),
    "finalized": _l("finalized"),
    "unchanged": _l("unchanged"),
    "role": _l("role"),
    "at": _l("at"),
    "date": _l("date"),
    "changes": _l("changed"),
    "channel": _l("channel"),
    "requests": _l("requests"),
    "examples": _l("examples"),
    "question": _l("question"),
}


# What a failure means and what to do next, by the kind the publishers record ("ServerError: …").
PROBLEMS = {
    "ServerError": _l(
        "%(channel)s could not be reached (a network, proxy or server problem). It is tried again by itself;"
        " if it goes on, ask IT to check the server's connection to %(channel)s."
    ),
    "RateLimited": _l("%(channel)s asked the service to slow down; it sends the rest later by itself."),
    "AuthFailed": _l(
        "%(channel)s refused the service's credentials. An administrator must renew them in the settings, then retry."
    ),
    "PermanentFailure": _l(
        "%(channel)s refused this message (too long, a duplicate, or over the quota). Change the announcement,"
        " or ask an administrator."
    ),
    "UnknownOutcome": _l(
        "It is not known whether %(channel)s received it. Check %(channel)s: if it is there, mark it sent;"
        " if not, send it again."
    ),
}
UNCONFIRMED_WORDS = ("did not confirm", "worker stopped")


def problem(error: str | None, channel: str) -> str:
    """A delivery's failure in plain words with the next step; the raw text is for administrators."""
    if not error:
        return ""
    named = {"channel": channel_label(channel)}
    for kind, words in PROBLEMS.items():
        if f"{kind}:" in error:
            return str(words) % named
    if any(phrase in error for phrase in UNCONFIRMED_WORDS):
        return str(PROBLEMS["UnknownOutcome"]) % named
    return str(_("Sending through %(channel)s failed. An administrator can see the technical details.", **named))


FIELDS = {
    "title": _l("Title"),
    "text": _l("Text"),
    "image_url": _l("Image"),
    "link_url": _l("Link"),
    "audience": _l("Audience"),
    "topics": _l("Topics"),
    "channels": _l("Channels"),
    "subject": _l("Subject"),  # a channel's own version: the e-mail's subject
}
AUDIENCES = {"all": _l("every LINE friend"), "topics": _l("subscribers of the topics")}


def field_label(name: str) -> str:
    """A content field as the form names it; a channel's own version by its channel."""
    if name.startswith("versions."):
        return str(_("%(channel)s's own version", channel=channel_label(name.removeprefix("versions."))))
    return str(FIELDS.get(name, name))


def field_value(name: str, value: Any) -> str:
    """A content field's value for people: topics and channels by name, one per line."""
    if name == "topics":
        return "\n".join(topic_label(str(topic)) for topic in value or [])
    if name == "channels":
        return "\n".join(channel_label(str(channel)) for channel in value or [])
    if name == "audience":
        return str(AUDIENCES.get(str(value), value))
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(f"{field_label(key)}: {item}" for key, item in sorted(value.items()) if isinstance(item, str))
    return "" if value is None else str(value)


def indicator_name(code: str) -> str:
    terms = INDICATOR_TERMS.get(code)
    if terms is None:
        return code
    return terms.display_th if current_language() == "th" else terms.display_en


def sector_name(code: str) -> str:
    if code == TOTAL:
        return str(_("Total manufacturing"))
    terms = SECTOR_TERMS.get(code)
    if terms is None:
        return code
    return f"TSIC {code} {terms.short_th if current_language() == 'th' else terms.name_en}"


def channel_label(code: str) -> str:
    publisher = channel_classes().get(code)
    label = (publisher.label if publisher else "") or code
    return str(CHANNEL_WORDS.get(label, label))


def person(actor: str | None) -> str:
    """Who did something: staff by e-mail, or the service itself."""
    if actor == SYSTEM:
        return str(_("the system"))
    if actor == COMMAND_LINE:
        return str(_("staff at the command line"))
    return actor or "–"


def audit_target(target: str) -> str:
    kind, _separator, rest = target.partition(":")
    if kind == "release":
        indicator, _separator, period = rest.partition(":")
        try:
            month = speaker(current_language()).month(YearMonth.parse(period), abbreviated=True)
        except ValueError:
            month = period
        named = f"{indicator_name(indicator)} {month}"
        return str(_("release of %(id)s", id=named))
    words = TARGETS.get(kind)
    return str(words) % {"id": rest} if words is not None and rest else target


def _detail_value(key: str, value: Any, zone: ZoneInfo) -> str:
    if key == "at" and isinstance(value, str):
        return speaker(current_language()).moment(as_utc(datetime.fromisoformat(value)).astimezone(zone))
    if key == "date" and isinstance(value, str):
        return speaker(current_language()).day(date.fromisoformat(value))
    if key == "role" and isinstance(value, str):
        return str(_(value))
    if key == "channel" and isinstance(value, str):
        return channel_label(value)
    if key == "changes" and isinstance(value, dict | list | tuple):
        return ", ".join(field_label(str(field)) for field in value)
    return "–" if value is None else str(value)


def audit_details(details: dict[str, Any], zone: ZoneInfo) -> str:
    """An entry's details in words, times in the service's time zone."""
    return "; ".join(
        f"{DETAIL_KEYS.get(key, key)}: {_detail_value(key, value, zone)}" for key, value in details.items()
    )


def topic_label(text: str) -> str:
    """A subscription topic by name."""
    try:
        topic = Topic.parse(text)
    except TopicError:
        return text
    if topic.kind == "indicator":
        return indicator_name(topic.code)
    if topic.kind == "sector":
        return sector_name(topic.code)
    return str(_("every release"))


def register_labels(app: Flask, zone: ZoneInfo) -> None:
    app.jinja_env.filters.update(
        indicator_name=indicator_name,
        sector_name=sector_name,
        channel_label=channel_label,
        person=person,
        audit_action=lambda code: str(AUDIT_ACTIONS.get(code, code)),
        audit_target=audit_target,
        field_label=field_label,
        problem=problem,
        audit_details=lambda details: audit_details(details, zone),
        dataset_name=lambda label: str(DATASETS.get(str(label), label)),
        topic_name=topic_label,
    )


def announcement_problem(error: AnnouncementError, zone: ZoneInfo) -> str:
    """Why an announcement action was refused, in the page's language: states by
    their names, times as the reader writes them in the service's time zone."""
    say = speaker(current_language())

    def shown(key: str, value: object) -> object:
        if isinstance(value, datetime):
            return say.moment(as_utc(value).astimezone(zone))
        return _(str(value)) if key == "state" else value

    return str(_(error.message, **{key: shown(key, value) for key, value in error.params.items()}))
