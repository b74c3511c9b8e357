"""line rich-menu: install the chat's rich menus on LINE."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bot.chat.rich_menu import NAME_PREFIX, MenuDesign, design
from bot.chat.users import UserStore
from bot.cli.common import current_services, fail, pass_settings
from bot.config import Settings
from publishers.line_client import LineApiError


@click.group("line", help="The LINE account.", short_help="the LINE account: rich menus")
def line() -> None:
    pass


@line.command(
    "rich-menu",
    help="Draw the Thai and English rich menus (latest figures, chart, sector ranking, subscribe, release "
    "calendar, how to use, the public site, the other language), create them through LINE's API with their "
    "images, point the aliases oie-menu-th and oie-menu-en at them, make the Thai one the default, link the "
    "English one to users who have it, and delete older menus of this service. Running it again with nothing "
    "changed changes nothing.",
    short_help="install the rich menu (Thai by default, English for users whose profile or choice is English)",
)
@click.option("--save-images", metavar="DIR", help="also write each menu's PNG and JSON to DIR")
@click.option("--dry-run", is_flag=True, help="draw and show the menus; send nothing to LINE")
@pass_settings
def rich_menu(settings: Settings, save_images: str | None, dry_run: bool) -> int:
    designs = [design("th", settings.public_base_url), design("en", settings.public_base_url)]
    if save_images:
        _save(designs, Path(save_images))
    for menu in designs:
        print(f"{menu.name}: {len(menu.request['areas'])} buttons, image {len(menu.image) // 1024} KB")
    if dry_run:
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


COMMANDS = (line,)
