"""delivery: settle what a channel did not confirm, retry what failed."""

from __future__ import annotations

import click

from bot.announcements.recovery import DeliveryRecovery, RecoveryRefused
from bot.cli.announcements import announcement_service
from bot.cli.common import fail, pass_settings
from bot.config import Settings


@click.command(
    "delivery",
    help="retry: put a delivery's failed requests back to be sent now, with the same retry keys (LINE "
    "delivers a request it already accepted only once); refused while some are being sent. After a timeout "
    "once a request had gone out (X, Facebook, e-mail), a delivery is 'unconfirmed': check the channel, then "
    "mark-sent or resend.",
    short_help="retry a failed delivery, or settle an unconfirmed one (mark it sent, or send it again)",
)
@click.argument("action", type=click.Choice(["retry", "mark-sent", "resend"]))
@click.argument("announcement_id", metavar="ID", type=int)
@click.argument("channel")
@click.option("--remote-id", help="with mark-sent: the id of the post you found")
@pass_settings
def delivery(settings: Settings, action: str, announcement_id: int, channel: str, remote_id: str | None) -> int:
    """ID is the announcement's; CHANNEL is line, x, facebook, email or console."""
    if action == "retry":
        return _retry(settings, announcement_id, channel)
    with announcement_service(settings) as service:
        changed = DeliveryRecovery(service.database).resolve_unconfirmed(
            announcement_id, channel, sent=action == "mark-sent", remote_id=remote_id
        )
    if not changed:
        return fail(f"announcement #{announcement_id} has no unconfirmed {channel} delivery")
    verb = "marked sent" if action == "mark-sent" else "queued to send again (the worker sends it)"
    print(f"announcement #{announcement_id} on {channel}: {changed} request(s) {verb}")
    return 0


def _retry(settings: Settings, announcement_id: int, channel: str) -> int:
    with announcement_service(settings) as service:
        try:
            queued = DeliveryRecovery(service.database).retry_failed(announcement_id, channel)
        except RecoveryRefused as refusal:
            return fail(f"announcement #{announcement_id} on {channel}: {refusal}")
    if not queued:
        return fail(f"announcement #{announcement_id} has no failed {channel} requests to retry")
    print(
        f"announcement #{announcement_id} on {channel}: {queued} failed request(s) queued again (the worker sends them)"
    )
    return 0


COMMANDS = (delivery,)
