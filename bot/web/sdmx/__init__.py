"""The SDMX 2.1 REST web service (views.py) for partner systems."""

from bot.web.sdmx.views import blueprint

__all__ = ["blueprint"]
