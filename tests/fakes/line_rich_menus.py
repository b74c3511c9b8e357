"""The fake LINE API's rich menus, aliases, per-user links and profiles,
with LINE's rules: an image matches its menu's size, is PNG or JPEG of at
most 1 MB and is uploaded once; a menu is made the default or linked only
once it has its image; an alias id is created once, then updated."""

from __future__ import annotations

import io
import re
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

MAX_IMAGE_BYTES = 1024 * 1024
_MENU = r"(?P<menu>[^/]+)"
_USER = r"(?P<user>[^/]+)"
_ALIAS = r"(?P<alias>[^/]+)"


@dataclass
class Answer:
    status: int
    body: Any


def _error(status: int, message: str) -> Answer:
    return Answer(status, {"message": message})


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG, read as LINE would; None for anything else."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size if image.format in ("PNG", "JPEG") else None
    except (UnidentifiedImageError, OSError):
        return None


@dataclass
class FakeRichMenus:
    menus: dict[str, dict[str, Any]] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    default: str | None = None
    linked: dict[str, str] = field(default_factory=dict)  # user id -> rich menu id
    aliases: dict[str, str] = field(default_factory=dict)  # alias id -> rich menu id
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, method: str, path: str, body: Any) -> Answer | None:
        """LINE's answer to a rich-menu, profile or loading request; None for other paths."""
        with self._lock:
            for route_method, pattern, handler in self._routes():
                match = pattern.fullmatch(path)
                if match is not None and route_method == method:
                    result: Answer = handler(body, **match.groupdict())
                    return result
        return None

    def _routes(self) -> list[tuple[str, re.Pattern[str], Any]]:
        routes = [
            ("POST", "/v2/bot/richmenu", self._create),
            ("POST", "/v2/bot/richmenu/validate", lambda body: Answer(200, {})),
            ("GET", "/v2/bot/richmenu/list", self._list),
            ("GET", "/v2/bot/richmenu/alias/list", self._alias_list),
            ("POST", "/v2/bot/richmenu/alias", self._alias_create),
            ("POST", f"/v2/bot/richmenu/alias/{_ALIAS}", self._alias_update),
            ("GET", f"/v2/bot/richmenu/alias/{_ALIAS}", self._alias_get),
            ("POST", "/v2/bot/richmenu/bulk/link", self._bulk_link),
            ("POST", f"/v2/bot/richmenu/{_MENU}/content", self._upload),
            ("DELETE", f"/v2/bot/richmenu/{_MENU}", self._delete),
            ("POST", f"/v2/bot/user/all/richmenu/{_MENU}", self._set_default),
            ("GET", "/v2/bot/user/all/richmenu", self._get_default),
            ("POST", f"/v2/bot/user/{_USER}/richmenu/{_MENU}", self._link),
            ("GET", f"/v2/bot/profile/{_USER}", self._profile),
            ("POST", "/v2/bot/chat/loading/start", lambda body: Answer(202, {})),
        ]
        return [(method, re.compile(pattern), handler) for method, pattern, handler in routes]

    def _create(self, body: Any) -> Answer:
        menu_id = f"richmenu-{uuid.uuid4().hex}"
        self.menus[menu_id] = dict(body)
        return Answer(200, {"richMenuId": menu_id})

    def _list(self, body: Any) -> Answer:
        return Answer(200, {"richmenus": [{"richMenuId": key, **menu} for key, menu in self.menus.items()]})

    def _upload(self, body: Any, menu: str) -> Answer:
        if menu not in self.menus:
            return _error(404, "Not found")
        if menu in self.images:
            return _error(400, "An image has already been uploaded to the richmenu")
        if not isinstance(body, bytes) or len(body) > MAX_IMAGE_BYTES:
            return _error(400, "Invalid image (PNG or JPEG of at most 1 MB)")
        size = self.menus[menu]["size"]
        if image_size(body) != (size["width"], size["height"]):
            return _error(400, "Image size does not match the rich menu's size")
        self.images[menu] = body
        return Answer(200, {})

    def _delete(self, body: Any, menu: str) -> Answer:
        if self.menus.pop(menu, None) is None:
            return _error(404, "Not found")
        self.images.pop(menu, None)
        self.linked = {user: linked for user, linked in self.linked.items() if linked != menu}
        if self.default == menu:
            self.default = None
        return Answer(200, {})

    def _ready(self, menu: str) -> Answer | None:
        if menu not in self.menus:
            return _error(404, "Not found")
        if menu not in self.images:
            return _error(400, "must upload richmenu image before applying it to user")
        return None

    def _set_default(self, body: Any, menu: str) -> Answer:
        refused = self._ready(menu)
        if refused is None:
            self.default = menu
        return refused or Answer(200, {})

    def _get_default(self, body: Any) -> Answer:
        return Answer(200, {"richMenuId": self.default}) if self.default else _error(404, "no default richmenu")

    def _link(self, body: Any, user: str, menu: str) -> Answer:
        refused = self._ready(menu)
        if refused is None:
            self.linked[user] = menu
        return refused or Answer(200, {})

    def _bulk_link(self, body: Any) -> Answer:
        refused = self._ready(body["richMenuId"])
        if refused is None:
            self.linked.update(dict.fromkeys(body["userIds"], body["richMenuId"]))
        return refused or Answer(202, {})

    def _alias_list(self, body: Any) -> Answer:
        aliases = [{"richMenuAliasId": alias, "richMenuId": menu} for alias, menu in self.aliases.items()]
        return Answer(200, {"aliases": aliases})

    def _alias_get(self, body: Any, alias: str) -> Answer:
        if alias not in self.aliases:
            return _error(404, "Not found")
        return Answer(200, {"richMenuAliasId": alias, "richMenuId": self.aliases[alias]})

    def _alias_create(self, body: Any) -> Answer:
        if body["richMenuAliasId"] in self.aliases:
            return _error(400, "conflict richmenu alias id")
        if body["richMenuId"] not in self.menus:
            return _error(400, "richmenu not found")
        self.aliases[body["richMenuAliasId"]] = body["richMenuId"]
        return Answer(200, {})

    def _alias_update(self, body: Any, alias: str) -> Answer:
        if alias not in self.aliases:
            return _error(404, "Not found")
        if body["richMenuId"] not in self.menus:
            return _error(400, "richmenu not found")
        self.aliases[alias] = body["richMenuId"]
        return Answer(200, {})

    def _profile(self, body: Any, user: str) -> Answer:
        profile = self.profiles.get(user, {"displayName": "ผู้ใช้", "language": "th"})
        return Answer(200, {"userId": user, **profile})
