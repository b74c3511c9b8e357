"""users: staff accounts of the web console, and the data-subject requests
of LINE users (export everything held about one, or erase it)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from bot.chat.users import UserStore
from bot.cli.common import add_command, current_services, fail
from bot.config import Settings
from bot.data.audit import COMMAND_LINE
from bot.data.db import Database
from bot.staff.accounts import AccountError, StaffAccounts
from bot.staff.roles import ROLE_ORDER, parse_role


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = add_command(
        commands,
        "users",
        cmd_users,
        "manage staff accounts of the web console",
        "Add, list, disable or enable staff accounts, change their role or password. Roles: "
        + ", ".join(ROLE_ORDER)
        + " (each can do what the one before it can). For a LINE user's request under the PDPA: "
        "export-data LINE_USER_ID prints everything held about them as JSON; erase LINE_USER_ID deletes it.",
    )
    users.add_argument(
        "action",
        choices=["add", "list", "disable", "enable", "set-role", "set-password", "export-data", "erase"],
    )
    users.add_argument(
        "email", nargs="?", help="the staff member's e-mail address (export-data, erase: the LINE user id)"
    )
    users.add_argument("role", nargs="?", help="with set-role: the new role")
    users.add_argument(
        "--role", dest="role_option", help="with add: viewer, editor, approver or admin (default viewer)"
    )
    users.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input instead of a prompt"
    )


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
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


def cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with current_services(settings) as services:
            database = services.database
            accounts = StaffAccounts(database)
            if args.action == "list":
                for account in accounts.list():
                    state = "active" if account.active else "disabled"
                    last = account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at else "never"
                    print(f"{account.email}\t{account.role}\t{state}\tlast sign-in {last}")
                return 0
            if not args.email:
                return fail(f"users {args.action} needs an e-mail address")
            if args.action in ("export-data", "erase"):
                return _line_user_request(args.action, args.email, database)
            if args.action == "add":
                role = parse_role(args.role_option or args.role or "viewer")
                account = accounts.add(args.email, _password(args), role, by=COMMAND_LINE)
                print(f"{account.email}: account created with the role {account.role}")
            elif args.action == "set-role":
                account = accounts.set_role(
                    args.email, parse_role(args.role or args.role_option or ""), by=COMMAND_LINE
                )
                print(f"{account.email}: role is now {account.role} (their sessions ended)")
            elif args.action == "set-password":
                account = accounts.set_password(args.email, _password(args), by=COMMAND_LINE)
                print(f"{account.email}: password changed (their sessions ended)")
            else:
                change = accounts.disable if args.action == "disable" else accounts.enable
                account = change(args.email, by=COMMAND_LINE)
                print(f"{account.email}: {'disabled' if not account.active else 'enabled'}")
            return 0
    except (AccountError, ValueError) as error:
        return fail(str(error))
