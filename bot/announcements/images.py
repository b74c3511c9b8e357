"""Image bytes for channels that upload images (X, Facebook, e-mail): our own
charts straight from the chart cache, other images over HTTPS."""

from __future__ import annotations

import requests

from bot.answers.charts import ChartCache

MAX_IMAGE_BYTES = 5 * 1024 * 1024


class ImageLoader:
    def __init__(self, charts: ChartCache) -> None:
        self.charts = charts

    def __call__(self, url: str) -> bytes:
        prefix = f"{self.charts.public_base_url}/charts/"
        if url.startswith(prefix) and url.endswith(".png"):
            name = url[len(prefix) : -len(".png")]
            path = self.charts.file(name.removesuffix("-preview"), preview=name.endswith("-preview"))
            if path is None:
                raise FileNotFoundError(f"no chart {name}")
            return path.read_bytes()
        response = requests.get(url, timeout=(5, 20), stream=True)
        response.raise_for_status()
        data = response.raw.read(MAX_IMAGE_BYTES + 1, decode_content=True)
        if len(data) > MAX_IMAGE_BYTES:
            raise ValueError("image larger than 5 MB")
        return bytes(data)
