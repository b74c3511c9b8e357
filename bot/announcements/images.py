"""Image bytes for channels that upload images (X, Facebook, e-mail): our own
charts straight from the chart cache, other images through the guarded fetch
(HTTPS, public addresses only, 5 MB, and the bytes must be the image type
the server claims)."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from bot.answers.charts import ChartCache
from bot.ops.fetch import FetchError, FetchPolicy, fetch
from publishers.base import PermanentFailure, ServerError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}


class ImageLoader:
    def __init__(self, charts: ChartCache, policy: FetchPolicy | None = None) -> None:
        self.charts = charts
        self.policy = policy or FetchPolicy()

    def __call__(self, url: str) -> bytes:
        prefix = f"{self.charts.public_base_url}/charts/"
        if url.startswith(prefix) and url.endswith(".png"):
            name = url[len(prefix) : -len(".png")]
            path = self.charts.file(name.removesuffix("-preview"), preview=name.endswith("-preview"))
            if path is None:
                raise FileNotFoundError(f"no chart {name}")
            return path.read_bytes()
        try:
            found = fetch(url, self.policy, IMAGE_TYPES, max_bytes=MAX_IMAGE_BYTES)
        except FetchError as error:
            failure = ServerError if error.retryable else PermanentFailure
            raise failure(f"the announcement's image was not loaded: {error}") from None
        media = found.content_type.split(";")[0].strip().lower()
        if _format(found.content) != IMAGE_TYPES[media]:
            raise PermanentFailure(f"the announcement's image is not the {media} its server says it is")
        return found.content


def _format(content: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            return str(image.format)
    except (UnidentifiedImageError, OSError, ValueError):
        return None
