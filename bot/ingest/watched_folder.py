"""The watched folder: release files dropped into it are imported, then moved
to `done/`, or to `rejected/` with the reasons written beside them."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from bot.ingest.importer import ImportSummary
from bot.ingest.records import ReleaseFileError

log = logging.getLogger(__name__)

RELEASE_SUFFIXES = (".csv", ".xlsx")
SETTLE_SECONDS = 5  # a file younger than this may still be being copied in

ImportFiles = Callable[[list[Path]], tuple[list[ImportSummary], list[int]]]


def import_folder(folder: Path, import_files: ImportFiles) -> int:
    """Import each release file in the folder with `import_files`; returns how many were imported."""
    if not folder.is_dir():
        return 0
    imported = 0
    now = time.time()
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in RELEASE_SUFFIXES or path.name.startswith("."):
            continue
        if now - path.stat().st_mtime < SETTLE_SECONDS:
            continue
        try:
            summaries, drafted = import_files([path])
        except ReleaseFileError as error:
            target = folder / "rejected"
            target.mkdir(exist_ok=True)
            shutil.move(str(path), target / path.name)
            (target / f"{path.name}.errors.txt").write_text(str(error), encoding="utf-8")
            log.error("watched folder: %s rejected (%d problems)", path.name, len(error.problems))
            continue
        target = folder / "done"
        target.mkdir(exist_ok=True)
        shutil.move(str(path), target / path.name)
        imported += 1
        log.info("watched folder: imported %s (%d new, drafts %s)", path.name, summaries[0].total("new"), drafted)
    return imported
