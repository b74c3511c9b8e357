"""Writes the Thai catalog from the messages of the web app and `thai.THAI`:

    .venv/bin/pybabel extract -F babel.cfg -k _l -o /tmp/messages.pot --no-location .
    .venv/bin/python -m bot.web.translations.make_catalog /tmp/messages.pot

It fails, naming them, when a message has no Thai translation."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.web.translations.thai import THAI

FOLDER = Path(__file__).resolve().parent / "th" / "LC_MESSAGES"
STAMP = datetime(2026, 11, 25, tzinfo=UTC)


def build(template: Path) -> Catalog:
    with template.open("rb") as handle:
        messages = read_po(handle)
    # Fixed header values: writing the catalog again changes nothing unless a message did.
    catalog = Catalog(
        locale="th",
        project="oie-line-bot",
        version="1",
        copyright_holder="the oie-line-bot authors",
        msgid_bugs_address="https://github.com/",
        creation_date=STAMP,
        revision_date=STAMP,
        last_translator="OIE indicators team",
        language_team="Thai",
        fuzzy=False,
    )
    missing = []
    for message in messages:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key not in THAI:
            missing.append(key)
            continue
        catalog.add(message.id, THAI[key])
    if missing:
        raise SystemExit("no Thai translation for:\n" + "\n".join(f"  {key!r}" for key in missing))
    return catalog


def main() -> None:
    catalog = build(Path(sys.argv[1]))
    FOLDER.mkdir(parents=True, exist_ok=True)
    with (FOLDER / "messages.po").open("wb") as handle:
        write_po(handle, catalog, width=120, omit_header=False)
    with (FOLDER / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    print(f"{len(catalog)} messages written to {FOLDER}")


if __name__ == "__main__":
    main()
