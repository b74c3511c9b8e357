"""Images staff upload for announcements, served from the service's own
address (LINE loads an announcement's image from an https URL, and the
console's content security policy shows only the site's own images).

An upload must be a PNG or JPEG within `MAX_IMAGE_BYTES` and `MAX_PIXELS`; it
is decoded and encoded again with Pillow (dropping metadata such as a photo's
location, and anything that is not the picture), scaled down to
`MAX_SIDE` pixels on its longer side, and stored under a name made of its
digest, so the same picture is stored once and an address never changes."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import IO

from flask import Blueprint, abort, send_file
from flask.typing import ResponseReturnValue
from PIL import Image, UnidentifiedImageError

from bot.web.services import services

blueprint = Blueprint("media", __name__)
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
MAX_SIDE = 2048
ONE_YEAR = 31_536_000
NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg)$")
FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}


class ImageRefusedError(ValueError):
    """Why an upload is not an image the service sends."""


def media_dir() -> Path:
    return Path(services().settings.MEDIA_DIR)


def store_image(upload: IO[bytes]) -> str:
    """The stored file's name; raises ImageRefusedError (its message in English, for the log and tests)."""
    data = upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefusedError("larger than 5 MB")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageRefusedError("not a PNG or JPEG image") from error
    if kind not in FORMATS:
        raise ImageRefusedError("not a PNG or JPEG image")
    if width * height > MAX_PIXELS:
        raise ImageRefusedError("more than 40 million pixels")
    extension, _mimetype = FORMATS[kind]
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        encoded = io.BytesIO()
        if kind == "PNG":
            image.save(encoded, format="PNG", optimize=True)
        else:
            image.convert("RGB").save(encoded, format="JPEG", quality=88, optimize=True)
    body = encoded.getvalue()
    name = f"{hashlib.sha256(body).hexdigest()[:32]}.{extension}"
    folder = media_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        partial = target.with_suffix(".part")
        partial.write_bytes(body)
        partial.replace(target)  # never a half-written image at a public address
    return name


@blueprint.get("/media/<name>")
def media_file(name: str) -> ResponseReturnValue:
    if not NAME.fullmatch(name):
        abort(404)
    path = media_dir() / name
    if not path.is_file():
        abort(404)
    mimetype = "image/png" if name.endswith(".png") else "image/jpeg"
    return send_file(path, mimetype=mimetype, max_age=ONE_YEAR)
