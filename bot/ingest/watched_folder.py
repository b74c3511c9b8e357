"""The watched folder: release files dropped into it are imported, then moved
to `done/`, or to `rejected/` with the reasons written beside them."""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.ingest.importer import ImportSummary
from bot.ingest.records import ReleaseFileError

log = logging.getLogger(__name__)

RELEASE_SUFFIXES = (".csv", ".xlsx")
SETTLE_SECONDS = 5  # a file younger than this may still be being copied in

ImportFiles = Callable[[list[Path]], tuple[list[ImportSummary], list[int]]]


@dataclass
class FolderRun:
    imported: int = 0
    set_aside: int = 0

    def outcome(self) -> str:
        return f"{self.imported} imported, {self.set_aside} set aside"


def import_folder(folder: Path, import_files: ImportFiles) -> FolderRun:
    """Import each release file in the folder with `import_files`, each on its own."""
    run = FolderRun()
    if not folder.is_dir():
        return run
    now = time.time()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in RELEASE_SUFFIXES:
            continue
        if path.is_symlink() or not path.is_file():
            _reject(folder, path, "not a regular file (a link, device or pipe): copy the release file itself")
            run.set_aside += 1
            continue
        if now - path.stat().st_mtime < SETTLE_SECONDS:
            continue
        try:
            summaries, drafted = import_files([path])
        except ReleaseFileError as error:
            _reject(folder, path, str(error))
            run.set_aside += 1
            log.error("watched folder: %s rejected (%d problems)", path.name, len(error.problems))
            continue
        except Exception as error:  # one file that breaks the reader never blocks the others
            _reject(folder, path, f"could not be read ({type(error).__name__}); nothing was stored")
            run.set_aside += 1
            log.error("watched folder: %s failed (%s)", path.name, type(error).__name__)
            continue
        target = folder / "done"
        target.mkdir(exist_ok=True)
        shutil.move(str(path), target / path.name)
        run.imported += 1
        log.info("watched folder: imported %s (%d new, drafts %s)", path.name, summaries[0].total("new"), drafted)
    return run


def _reject(folder: Path, path: Path, reason: str) -> None:
    """Move the file (or link) aside with its reasons, readable by the service's user only."""
    target = folder / "rejected"
    target.mkdir(mode=0o700, exist_ok=True)
    shutil.move(str(path), target / path.name)
    report = target / f"{path.name}.errors.txt"
    descriptor = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(reason + "\n")
    os.chmod(report, 0o600)
