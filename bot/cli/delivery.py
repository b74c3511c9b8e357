"""delivery: settle what a channel did not confirm, retry what failed."""

from __future__ import annotations

import argparse

from bot.announcements.recovery import DeliveryRecovery, RecoveryRefused
from bot.cli.announcements import announcement_service
from bot.cli.common import add_command, fail
from bot.config import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    delivery = add_command(
        commands,
        "delivery",
        cmd_delivery,
        help="retry a failed delivery, or settle an unconfirmed one (mark it sent, or send it again)",
        description="retry: put a delivery's failed requests back to be sent now, with the same retry keys "
        "(LINE delivers a request it already accepted only once); refused while some are being sent. "
        "After a timeout once a request had gone out (X, Facebook, e-mail), a delivery is "
        "'unconfirmed': check the channel, then mark-sent or resend.",
    )
    delivery.add_argument("action", choices=["retry", "mark-sent", "resend"])
    delivery.add_argument("id", type=int, help="announcement id")
    delivery.add_argument("channel", help="line, x, facebook, email or console")
    delivery.add_argument("--remote-id", help="with mark-sent: the id of the post you found")


def cmd_delivery(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "retry":
        return retry(args, settings)
    with announcement_service(settings) as service:
        changed = DeliveryRecovery(service.database).resolve_unconfirmed(
            args.id, args.channel, sent=args.action == "mark-sent", remote_id=args.remote_id
        )
    if not changed:
        return fail(f"announcement #{args.id} has no unconfirmed {args.channel} delivery")
    verb = "marked sent" if args.action == "mark-sent" else "queued to send again (the worker sends it)"
    print(f"announcement #{args.id} on {args.channel}: {changed} request(s) {verb}")
    return 0


def retry(args: argparse.Namespace, settings: Settings) -> int:
    with announcement_service(settings) as service:
        try:
            queued = DeliveryRecovery(service.database).retry_failed(args.id, args.channel)
        except RecoveryRefused as refusal:
            return fail(f"announcement #{args.id} on {args.channel}: {refusal}")
    if not queued:
        return fail(f"announcement #{args.id} has no failed {args.channel} requests to retry")
    print(f"announcement #{args.id} on {args.channel}: {queued} failed request(s) queued again (the worker sends them)")
    return 0
