"""line rich-menu: install the chat's rich menus on LINE."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.chat.rich_menu import NAME_PREFIX, MenuDesign, design
from bot.chat.users import UserStore
from bot.cli.common import add_command, current_services, fail
from bot.config import Settings
from publishers.line_client import LineApiError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    line = commands.add_parser("line", help="the LINE account: rich menus", description="The LINE account.")
    actions = line.add_subparsers(dest="line_command", required=True, metavar="ACTION")
    menu = add_command(
        actions,
        "rich-menu",
        cmd_rich_menu,
        help="install the rich menu (Thai by default, English for users whose profile or choice is English)",
        description="Draw the Thai and English rich menus (latest figures, chart, sector ranking, subscribe, "
        "release calendar, how to use, the public site, the other language), create them through LINE's API "
        "with their images, point the aliases oie-menu-th and oie-menu-en at them, make the Thai one the "
        "default, link the English one to users who have it, and delete older menus of this service. "
        "Running it again with nothing changed changes nothing.",
    )
    menu.add_argument("--save-images", metavar="DIR", help="also write each menu's PNG and JSON to DIR")
    menu.add_argument("--dry-run", action="store_true", help="draw and show the menus; send nothing to LINE")


def cmd_rich_menu(args: argparse.Namespace, settings: Settings) -> int:
    designs = [design("th", settings.public_base_url), design("en", settings.public_base_url)]
    if args.save_images:
        _save(designs, Path(args.save_images))
    for menu in designs:
        print(f"{menu.name}: {len(menu.request['areas'])} buttons, image {len(menu.image) // 1024} KB")
    if args.dry_run:
        return 0
    try:
        with current_services(settings) as services:
            if services.rich_menus is None:
                return fail("LINE is not configured: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN")
            users = UserStore(services.database).menu_users()
            report = services.rich_menus.install(designs, NAME_PREFIX, users)
    except LineApiError as error:
        return fail(f"LINE refused the rich menu: {error}")
    print(f"created: {', '.join(report.created) or 'none'}; unchanged: {', '.join(report.kept) or 'none'}")
    print(f"default: {report.menu_ids['th']}; English menu linked to {report.linked_users} user(s)")
    if report.deleted:
        print(f"deleted older menus: {', '.join(report.deleted)}")
    return 0


def _save(designs: list[MenuDesign], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for menu in designs:
        (folder / f"rich-menu-{menu.language}.png").write_bytes(menu.image)
        text = json.dumps(menu.request, ensure_ascii=False, indent=2)
        (folder / f"rich-menu-{menu.language}.json").write_text(text + "\n", encoding="utf-8")
