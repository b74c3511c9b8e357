"""Rich menus on LINE through the SDK: install a set of menus (one per
language) idempotently, and the per-user calls the chat makes (a user's
profile language, linking a user to a language's menu, the loading
animation).

Installing: a menu whose name (which carries a digest of its content and
image) is already on LINE is reused; otherwise it is validated, created and
its image uploaded. Then each alias is pointed at its menu, the first menu
becomes the default, the given users are linked to theirs, and every older
menu of ours (same name prefix) is deleted. Running it twice changes nothing
the second time."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from linebot.v3.messaging import (
    CreateRichMenuAliasRequest,
    MessagingApi,
    RichMenuBulkLinkRequest,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
    UpdateRichMenuAliasRequest,
)

from publishers.line_client import LineApiError, LineClient

log = logging.getLogger(__name__)

DATA_API_BASE_URL = "https://api-data.line.me"  # LINE serves uploads from its own host
BULK_LINK_MAX_USERS = 500
ALIAS_CACHE_SECONDS = 300.0
LOADING_SECONDS = 20  # a multiple of 5, up to 60; the answer's arrival ends it sooner


class MenuContent(Protocol):
    """A menu to install: LINE's rich-menu object, its alias and PNG image."""

    @property
    def name(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def alias(self) -> str: ...

    @property
    def request(self) -> Mapping[str, Any]: ...

    @property
    def image(self) -> bytes: ...


@dataclass
class InstallReport:
    created: list[str] = field(default_factory=list)  # names of menus created
    kept: list[str] = field(default_factory=list)  # names already on LINE, unchanged
    deleted: list[str] = field(default_factory=list)  # names of older menus removed
    menu_ids: dict[str, str] = field(default_factory=dict)  # language -> rich menu id
    linked_users: int = 0


class RichMenus:
    def __init__(self, client: LineClient, data_base_url: str = DATA_API_BASE_URL) -> None:
        self.client = client
        self.data_base_url = data_base_url.rstrip("/")
        self._aliases: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def _call(self, operation: Any) -> Any:
        return self.client.with_retries(lambda: self.client.raw(operation), None)[0]

    # --- installing ---

    def install(
        self, menus: Sequence[MenuContent], prefix: str, users_by_language: Mapping[str, Sequence[str]] | None = None
    ) -> InstallReport:
        """Make `menus` the ones on LINE: the first is the default."""
        report = InstallReport()
        existing = {menu.name: menu.rich_menu_id for menu in self._call(lambda api: api.get_rich_menu_list()).richmenus}
        for menu in menus:
            menu_id = existing.get(menu.name)
            if menu_id is None:
                menu_id = self._create(menu)
                report.created.append(menu.name)
            else:
                report.kept.append(menu.name)
            report.menu_ids[menu.language] = menu_id
        self._point_aliases(menus, report.menu_ids)
        self._call(lambda api: api.set_default_rich_menu(report.menu_ids[menus[0].language]))
        for language, users in (users_by_language or {}).items():
            if language in report.menu_ids and language != menus[0].language:
                report.linked_users += self.link_users(users, report.menu_ids[language])
        current = set(report.menu_ids.values())
        for name, menu_id in existing.items():
            if name.startswith(prefix) and menu_id not in current:
                self._call(lambda api, menu_id=menu_id: api.delete_rich_menu(menu_id))
                report.deleted.append(name)
        return report

    def _create(self, menu: MenuContent) -> str:
        request = RichMenuRequest.from_dict(dict(menu.request))
        self._call(lambda api: api.validate_rich_menu_object(request))
        menu_id = str(self._call(lambda api: api.create_rich_menu(request)).rich_menu_id)
        self._upload(menu_id, menu.image)
        return menu_id

    def _upload(self, menu_id: str, image: bytes) -> None:
        """The image goes to LINE's data host; the SDK's blob client has it
        fixed, so the call is made on the SDK's client with the host given."""

        def send(api: MessagingApi) -> None:
            api.api_client.call_api(
                f"/v2/bot/richmenu/{menu_id}/content",
                "POST",
                header_params={"Content-Type": "image/png"},
                body=image,
                auth_settings=["Bearer"],
                response_types_map={},
                _request_timeout=self.client.timeout,
                _host=self.data_base_url,
            )

        self._call(send)

    def _point_aliases(self, menus: Sequence[MenuContent], menu_ids: Mapping[str, str]) -> None:
        aliases = {alias.rich_menu_alias_id for alias in self._call(lambda api: api.get_rich_menu_alias_list()).aliases}
        for menu in menus:
            menu_id = menu_ids[menu.language]
            if menu.alias in aliases:
                update = UpdateRichMenuAliasRequest(richMenuId=menu_id)
                self._call(lambda api, menu=menu, update=update: api.update_rich_menu_alias(menu.alias, update))
            else:
                create = CreateRichMenuAliasRequest(richMenuAliasId=menu.alias, richMenuId=menu_id)
                self._call(lambda api, create=create: api.create_rich_menu_alias(create))
        with self._lock:
            self._aliases.clear()

    def link_users(self, users: Sequence[str], menu_id: str) -> int:
        for start in range(0, len(users), BULK_LINK_MAX_USERS):
            batch = RichMenuBulkLinkRequest(
                richMenuId=menu_id, userIds=list(users[start : start + BULK_LINK_MAX_USERS])
            )
            self._call(lambda api, batch=batch: api.link_rich_menu_id_to_users(batch))
        return len(users)

    # --- what the chat asks per user ---

    def menu_of_alias(self, alias: str) -> str | None:
        """The rich menu an alias points at (cached for a few minutes); None when there is none."""
        now = time.monotonic()
        with self._lock:
            cached = self._aliases.get(alias)
        if cached is not None and now - cached[0] < ALIAS_CACHE_SECONDS:
            return cached[1]
        try:
            menu_id = str(self.client.raw(lambda api: api.get_rich_menu_alias(alias)).rich_menu_id)
        except LineApiError as error:
            if error.status == 404:
                return None
            raise
        with self._lock:
            self._aliases[alias] = (now, menu_id)
        return menu_id

    def link_user(self, user_id: str, alias: str) -> bool:
        """Give one user the menu an alias names; False when it is not installed."""
        menu_id = self.menu_of_alias(alias)
        if menu_id is None:
            return False
        self.client.raw(lambda api: api.link_rich_menu_id_to_user(user_id, menu_id))
        return True

    def profile_language(self, user_id: str) -> str | None:
        profile = self.client.raw(lambda api: api.get_profile(user_id))
        return str(profile.language) if profile.language else None

    def show_loading(self, chat_id: str, seconds: int = LOADING_SECONDS) -> None:
        request = ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds)
        self.client.raw(lambda api: api.show_loading_animation(request))
