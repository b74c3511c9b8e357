"""email-subscribers: the e-mail subscriber list, kept by staff."""

from __future__ import annotations

import argparse
import sys

from bot.announcements.subscriptions import SubscriberList, SubscriptionError
from bot.announcements.topics import Topic, TopicError, parse_topics
from bot.cli.common import add_command, current_services, fail
from bot.config import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    emails = add_command(
        commands,
        "email-subscribers",
        cmd_email_subscribers,
        help="manage e-mail subscribers per topic",
        description="Add, remove or list e-mail subscribers. Topics: all, indicator:MPI, sector:29 …",
    )
    emails.add_argument("action", choices=["add", "remove", "list"])
    emails.add_argument("address", nargs="?", help="the e-mail address (add, remove)")
    emails.add_argument("--topic", action="append", help="topic (repeat; add defaults to all)")


def cmd_email_subscribers(args: argparse.Namespace, settings: Settings) -> int:
    try:
        topics = parse_topics(args.topic or [])
        with current_services(settings) as services:
            return _email_subscribers(args, SubscriberList.email(services.database), topics)
    except (SubscriptionError, TopicError) as error:
        return fail(str(error))


def _email_subscribers(args: argparse.Namespace, subscribers: SubscriberList, topics: list[Topic]) -> int:
    if args.action == "list":
        rows = subscribers.entries(topics[0] if topics else None)
        for email, topic in rows:
            print(f"{email}\t{topic}")
        print(f"{len({email for email, _ in rows})} address(es)", file=sys.stderr)
        return 0
    if not args.address:
        return fail(f"{args.action} needs an e-mail address")
    if args.action == "add":
        added = subscribers.add(args.address, topics or [Topic.parse("all")])
        print(f"{args.address}: subscribed to {', '.join(map(str, added)) if added else 'nothing new'}")
    else:
        chosen: list[Topic | None] = list(topics) or [None]  # None: every topic
        removed = sum(subscribers.unsubscribe(args.address, topic) for topic in chosen)
        print(f"{args.address}: {removed} subscription(s) removed")
    return 0
