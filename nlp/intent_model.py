"""The trained part of understanding: a linear model over character and word
n-grams of the words a question holds besides its names and periods, with
markers for what the rules found (a sector named, a period, a comparison, the
keyword lists hit). It gives calibrated probabilities for three decisions the
rules alone get wrong on phrasings they were not written from: the intent, the
comparison (a year or a month before) and a ranking's direction.

Trained by `nlp.training` (scikit-learn, at training time only) and stored as
plain arrays in a `.npz` file loaded without pickle: a web worker needs numpy
only, loads it in milliseconds and holds a few megabytes. Phrasings staff taught
are also kept verbatim (`taught`): such a question gets exactly its label, as a
statistics office answering in its own name wants for what its staff checked."""

from __future__ import annotations

import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = 1
DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "intent_model.npz"
HEADS = ("intent", "comparison", "order")
_CHAR_NGRAMS = (2, 3, 4)


def features(words: Sequence[str], markers: Iterable[str]) -> Mapping[str, float]:
    """The n-grams of a question's free words and its markers, counted (by Counter, in C:
    this runs on every message)."""
    names = ["m:" + marker for marker in markers]
    lowered = [word.lower() for word in words if word.strip()]
    names += ["w:" + word for word in lowered]
    names += [f"b:{before}_{word}" for before, word in pairwise(lowered)]
    joined = " " + " ".join(lowered) + " "
    for size in _CHAR_NGRAMS:
        grams = (joined[start : start + size] for start in range(len(joined) - size + 1))
        names += ["c:" + gram for gram in grams if not gram.isspace()]
    if not lowered:
        names.append("m:NO_WORDS")
    return Counter(names)


@dataclass(frozen=True)
class Head:
    classes: tuple[str, ...]
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    temperature: float  # fitted on cross-validated predictions: the probabilities mean what they say
    # features x classes, rows contiguous: picking a message's few features is a cheap gather.
    by_feature: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_feature", np.ascontiguousarray(self.coef.T))


@dataclass
class IntentModel:
    version: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    heads: dict[str, Head]
    taught: dict[str, dict[str, str | None]] = field(default_factory=dict)  # normalized question: labels
    metrics: dict[str, Any] = field(default_factory=dict)  # the evaluation it was trained with

    def vector(self, counts: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """The TF-IDF weights (sublinear, L2-normalized) of the known features, as (indices, weights)."""
        index_of = self.vocabulary.get
        found = [(index, count) for name, count in counts.items() if (index := index_of(name)) is not None]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        indices = np.array([index for index, _ in found], dtype=np.int64)
        weights = (1.0 + np.log(np.array([count for _, count in found], dtype=float))) * self.idf[indices]
        norm = float(np.sqrt(weights @ weights))
        return indices, weights / norm if norm else weights

    def probabilities(self, head_name: str, vector: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
        head = self.heads[head_name]
        indices, weights = vector
        scores = (weights @ head.by_feature[indices] + head.intercept) / head.temperature
        if len(head.classes) == 2 and head.coef.shape[0] == 1:
            positive = 1.0 / (1.0 + math.exp(-float(scores[0])))
            return {head.classes[0]: 1.0 - positive, head.classes[1]: positive}
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return dict(zip(head.classes, (float(value) for value in scores), strict=True))

    def save(self, path: Path | io.BytesIO) -> None:
        arrays: dict[str, Any] = {
            "meta": np.array(
                json.dumps(
                    {
                        "format": FORMAT,
                        "version": self.version,
                        "heads": {name: [list(head.classes), head.temperature] for name, head in self.heads.items()},
                        "taught": self.taught,
                        "metrics": self.metrics,
                    },
                    ensure_ascii=False,
                    sort_keys=True,
                )
            ),
            "features": np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__)),
            "idf": self.idf.astype(np.float32),
        }
        for name, head in self.heads.items():
            arrays[f"{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, source: Path | io.BytesIO) -> IntentModel:
        with np.load(source, allow_pickle=False) as stored:
            meta = json.loads(str(stored["meta"]))
            if meta["format"] != FORMAT:
                raise ValueError(f"intent model format {meta['format']}, this code reads {FORMAT}")
            heads = {
                name: Head(
                    tuple(classes),
                    stored[f"{name}_coef"].astype(float),
                    stored[f"{name}_intercept"].astype(float),
                    float(temperature),
                )
                for name, (classes, temperature) in meta["heads"].items()
            }
            vocabulary = {str(name): index for index, name in enumerate(stored["features"])}
            return cls(meta["version"], vocabulary, stored["idf"].astype(float), heads, meta["taught"], meta["metrics"])

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IntentModel:
        return cls.load(io.BytesIO(data))


# The model parse() consults: the shipped one until the service installs the newest trained one.
_current: IntentModel | None = None
_loaded_default = False


def use_model(model: IntentModel | None) -> None:
    """Install the model every parse in this process uses (None: rules only)."""
    global _current, _loaded_default
    _current, _loaded_default = model, True


def current_model() -> IntentModel | None:
    global _current, _loaded_default
    if not _loaded_default:
        _loaded_default = True
        _current = IntentModel.load(DEFAULT_MODEL) if DEFAULT_MODEL.exists() else None
    return _current
