"""Writes the Thai catalog from the messages found in the code (Babel's
extraction, configured by babel.cfg) and `thai.THAI`:

    .venv/bin/python -m bot.catalog.make_catalog

It fails, naming them, when a message has no Thai translation, or when a
translation is of no message found (a message the extraction cannot see,
such as one picked by a conditional inside `say(...)`, would stay English)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.catalog import FOLDER as CATALOG
from bot.catalog.thai import THAI

FOLDER = CATALOG / "th" / "LC_MESSAGES"
KEYWORDS = ("_l", "say", "N_", "in_both")  # besides gettext's own (`_`, `gettext`, `ngettext`, ...)
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
    found = {message.id[0] if isinstance(message.id, tuple) else message.id for message in messages}
    unused = [key for key in THAI if key not in found]
    if unused:
        raise SystemExit("Thai of no message found in the code:\n" + "\n".join(f"  {key!r}" for key in unused))
    return catalog


def extract(template: Path) -> None:
    """The messages of the code, as `pybabel extract` finds them, into a template."""
    options = [option for keyword in KEYWORDS for option in ("-k", keyword)]
    arguments = ["pybabel", "--quiet", "extract", "-F", "babel.cfg", *options, "-o", str(template), "--no-location"]
    CommandLineInterface().run([*arguments, "."])  # type: ignore[no-untyped-call]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "messages.pot"
        extract(template)
        catalog = build(template)
    FOLDER.mkdir(parents=True, exist_ok=True)
    with (FOLDER / "messages.po").open("wb") as handle:
        write_po(handle, catalog, width=120, omit_header=False)
    with (FOLDER / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    print(f"{len(catalog)} messages written to {FOLDER}")


if __name__ == "__main__":
    main()
