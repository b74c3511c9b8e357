"""All the catalog's Thai, by English message: the web's, the public site's,
the console's sending and checking, its partner page, the staff accounts', the understanding
pages' and the chat's. A message said in two places is
translated once; two different translations of one message are an error, as
the catalog could hold only one of them."""

from bot.catalog.thai_accounts import ACCOUNTS
from bot.catalog.thai_alerts import ALERTS
from bot.catalog.thai_chat import CHAT
from bot.catalog.thai_console import CONSOLE
from bot.catalog.thai_partners import PARTNERS
from bot.catalog.thai_site import SITE
from bot.catalog.thai_understanding import UNDERSTANDING
from bot.catalog.thai_web import WEB

THAI: dict[str, str | tuple[str]] = {}
for part in (WEB, SITE, CONSOLE, PARTNERS, ALERTS, ACCOUNTS, UNDERSTANDING, CHAT):
    clashes = [message for message, thai in part.items() if THAI.get(message, thai) != thai]
    if clashes:
        raise ValueError(f"messages translated twice, differently: {clashes}")
    THAI.update(part)
