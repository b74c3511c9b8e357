"""email-subscribers: the e-mail subscriber list, kept by staff."""

from __future__ import annotations

import sys

import click

from bot.announcements.subscriptions import SubscriberList, SubscriptionError
from bot.announcements.topics import Topic, TopicError, parse_topics
from bot.cli.common import current_services, fail, pass_settings
from bot.config import Settings


@click.command(
    "email-subscribers",
    help="Add, remove or list e-mail subscribers. Topics: all, indicator:MPI, sector:29 …",
    short_help="manage e-mail subscribers per topic",
)
@click.argument("action", type=click.Choice(["add", "remove", "list"]))
@click.argument("address", required=False)
@click.option("--topic", multiple=True, help="topic (repeat; add defaults to all)")
@pass_settings
def email_subscribers(settings: Settings, action: str, address: str | None, topic: tuple[str, ...]) -> int:
    """ADDRESS: the e-mail address (add, remove)."""
    try:
        topics = parse_topics(list(topic))
        with current_services(settings) as services:
            return _email_subscribers(action, address, SubscriberList.email(services.database), topics)
    except (SubscriptionError, TopicError) as error:
        return fail(str(error))


def _email_subscribers(action: str, address: str | None, subscribers: SubscriberList, topics: list[Topic]) -> int:
    if action == "list":
        rows = subscribers.entries(topics[0] if topics else None)
        for email, topic in rows:
            print(f"{email}\t{topic}")
        print(f"{len({email for email, _ in rows})} address(es)", file=sys.stderr)
        return 0
    if not address:
        return fail(f"{action} needs an e-mail address")
    if action == "add":
        added = subscribers.add(address, topics or [Topic.parse("all")])
        print(f"{address}: subscribed to {', '.join(map(str, added)) if added else 'nothing new'}")
    else:
        chosen: list[Topic | None] = list(topics) or [None]  # None: every topic
        removed = sum(subscribers.unsubscribe(address, topic) for topic in chosen)
        print(f"{address}: {removed} subscription(s) removed")
    return 0


COMMANDS = (email_subscribers,)
