"""users: staff accounts of the web console, and the data-subject requests
of LINE users (export everything held about one, or erase it)."""

from __future__ import annotations

import getpass
import json
import sys

import click

from bot.chat.users import UserStore
from bot.cli.common import current_services, fail, pass_settings
from bot.config import Settings
from bot.data.audit import COMMAND_LINE
from bot.data.db import Database
from bot.staff.accounts import AccountError, StaffAccounts
from bot.staff.roles import ROLE_ORDER, parse_role


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def _line_user_request(action: str, user_id: str, database: Database) -> int:
    users = UserStore(database)
    if action == "export-data":
        print(json.dumps(users.export(user_id, by=COMMAND_LINE), ensure_ascii=False, indent=2))
        return 0
    users.forget(user_id, by=COMMAND_LINE)
    print("erased: the user's id, questions, subscriptions and queued events are gone")
    return 0


@click.command(
    "users",
    help="Add, list, disable or enable staff accounts, change their role or password. Roles: "
    + ", ".join(ROLE_ORDER)
    + " (each can do what the one before it can). EMAIL is the staff member's e-mail address, ROLE the new "
    "role of set-role. For a LINE user's request under the PDPA: export-data LINE_USER_ID prints everything "
    "held about them as JSON; erase LINE_USER_ID deletes it.",
    short_help="manage staff accounts of the web console",
)
@click.argument(
    "action",
    type=click.Choice(["add", "list", "disable", "enable", "set-role", "set-password", "export-data", "erase"]),
)
@click.argument("email", required=False)
@click.argument("role", required=False)
@click.option("--role", "role_option", help="with add: viewer, editor, approver or admin (default viewer)")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input instead of a prompt")
@pass_settings
def users(
    settings: Settings,
    action: str,
    email: str | None,
    role: str | None,
    role_option: str | None,
    password_stdin: bool,
) -> int:
    try:
        with current_services(settings) as services:
            database = services.database
            accounts = StaffAccounts(database)
            if action == "list":
                for account in accounts.list():
                    state = "active" if account.active else "disabled"
                    last = account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at else "never"
                    print(f"{account.email}\t{account.role}\t{state}\tlast sign-in {last}")
                return 0
            if not email:
                return fail(f"users {action} needs an e-mail address")
            if action in ("export-data", "erase"):
                return _line_user_request(action, email, database)
            if action == "add":
                role = parse_role(role_option or role or "viewer")
                account = accounts.add(email, _password(password_stdin), role, by=COMMAND_LINE)
                print(f"{account.email}: account created with the role {account.role}")
            elif action == "set-role":
                account = accounts.set_role(email, parse_role(role or role_option or ""), by=COMMAND_LINE)
                print(f"{account.email}: role is now {account.role} (their sessions ended)")
            elif action == "set-password":
                account = accounts.set_password(email, _password(password_stdin), by=COMMAND_LINE)
                print(f"{account.email}: password changed (their sessions ended)")
            else:
                change = accounts.disable if action == "disable" else accounts.enable
                account = change(email, by=COMMAND_LINE)
                print(f"{account.email}: {'disabled' if not account.active else 'enabled'}")
            return 0
    except (AccountError, ValueError) as error:
        return fail(str(error))


COMMANDS = (users,)
