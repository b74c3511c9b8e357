"""delivery: settle what a channel did not confirm."""

from __future__ import annotations

import argparse

from bot.announcements.outbox import Outbox
from bot.cli.announcements import announcement_service
from bot.cli.common import add_command, fail
from bot.config import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    delivery = add_command(
        commands,
        "delivery",
        cmd_delivery,
        help="settle an unconfirmed delivery: mark it sent, or send it again",
        description="After a timeout once a request had gone out (X, Facebook, e-mail), a delivery is "
        "'unconfirmed': check the channel, then mark it sent or send it again.",
    )
    delivery.add_argument("action", choices=["mark-sent", "resend"])
    delivery.add_argument("id", type=int, help="announcement id")
    delivery.add_argument("channel", help="line, x, facebook, email or console")
    delivery.add_argument("--remote-id", help="with mark-sent: the id of the post you found")


def cmd_delivery(args: argparse.Namespace, settings: Settings) -> int:
    with announcement_service(settings) as service:
        changed = Outbox(service.database).resolve_unconfirmed(
            args.id, args.channel, sent=args.action == "mark-sent", remote_id=args.remote_id
        )
    if not changed:
        return fail(f"announcement #{args.id} has no unconfirmed {args.channel} delivery")
    verb = "marked sent" if args.action == "mark-sent" else "queued to send again (the worker sends it)"
    print(f"announcement #{args.id} on {args.channel}: {changed} request(s) {verb}")
    return 0
