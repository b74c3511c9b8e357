"""Dataset labels: every stored value says where it came from. Only the
label "OIE" means official figures; anything else (the bundled "sample", a
"staging" import) is labelled as not official wherever it is shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

OFFICIAL_LABEL = "OIE"
SAMPLE_LABEL = "sample"


@dataclass(frozen=True)
class Dataset:
    label: str

    @staticmethod
    @cache
    def of(label: str) -> Dataset:
        """The one instance per label (the store holds thousands of points)."""
        return Dataset(label)

    @property
    def official(self) -> bool:
        return self.label == OFFICIAL_LABEL

    def __str__(self) -> str:
        return self.label


OFFICIAL = Dataset.of(OFFICIAL_LABEL)
SAMPLE = Dataset.of(SAMPLE_LABEL)


def all_official(datasets: Iterable[Dataset]) -> bool:
    """True when there is at least one dataset and every one is official."""
    seen = list(datasets)
    return bool(seen) and all(dataset.official for dataset in seen)
