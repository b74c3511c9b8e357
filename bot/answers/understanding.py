"""Teaching the bot (what Rasa X calls conversation-driven development): staff
label a question it got wrong, the phrasing joins the corpus in the database,
and a retraining (a scheduler job, or an approver's button) stores a new intent
model that every process of the service installs within a minute.

Training needs scikit-learn; only the process that retrains imports it."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from bot.data.audit import AuditAction, record
from bot.data.db import Database, as_utc
from bot.data.models import IntentModelVersion, TaughtPhrasing
from bot.data.privacy import mask_personal
from nlp.corpus import FIELDS
from nlp.intent_model import IntentModel, current_model, use_model
from nlp.intents import INTENTS

log = logging.getLogger(__name__)

REFRESH_SECONDS = 60.0  # how soon another process sees a retrained model


@dataclass(frozen=True)
class ModelVersion:
    id: int
    version: str
    examples: int
    taught: int
    metrics: dict[str, Any]
    trained_by: str
    trained_at: Any


def teach(database: Database, question: str, labels: dict[str, str | None], by: str) -> int:
    """Add a labelled phrasing (personal details masked: it may come from a user's message)."""
    clean = {name: (labels.get(name) or None) for name in FIELDS}
    if clean["intent"] not in INTENTS:
        raise ValueError(f"unknown intent {clean['intent']!r}")
    text = mask_personal(question.strip())
    if not text:
        raise ValueError("the question is empty")
    with database.session() as session:
        row = TaughtPhrasing(question=text, labels=clean, taught_by=by)
        session.add(row)
        session.flush()
        record(session, by, AuditAction.TEACH, f"phrasing {row.id}", question=text, **clean)
        return row.id


def taught_phrasings(database: Database) -> list[TaughtPhrasing]:
    with database.session(commit=False) as session:
        rows = list(session.scalars(select(TaughtPhrasing).order_by(TaughtPhrasing.id)))
        session.expunge_all()
        return rows


def retrain(database: Database, trained_by: str, measure: bool = False) -> ModelVersion:
    """Train on the corpus and every taught phrasing, store the model and install it
    in this process. `measure`: also cross-validate on held-out phrasings (about a minute)."""
    from nlp.training import corpus, evaluation, taught_example, train

    taught = [taught_example(row.question, row.labels) for row in taught_phrasings(database)]
    examples = corpus(taught)
    started = time.monotonic()
    model = train(examples)
    metrics: dict[str, Any] = {"training_seconds": round(time.monotonic() - started, 1)}
    if measure:
        metrics.update(evaluation(examples))
    model.metrics = metrics
    with database.session() as session:
        row = IntentModelVersion(
            version=model.version,
            examples=len(examples),
            taught=len(taught),
            metrics=metrics,
            artifact=model.to_bytes(),
            trained_by=trained_by,
        )
        session.add(row)
        session.flush()
        record(session, trained_by, AuditAction.RETRAIN, f"model {model.version}", examples=len(examples))
        stored = _version(row)
    use_model(model)
    return stored


def taught_since_last_model(database: Database) -> bool:
    with database.session(commit=False) as session:
        last_taught = session.scalar(select(func.max(TaughtPhrasing.id)))
        if last_taught is None:
            return False
        last_trained = session.scalar(select(func.max(IntentModelVersion.trained_at)))
        if last_trained is None:
            return True
        newest = session.scalar(select(func.max(TaughtPhrasing.taught_at)))
        return newest is not None and as_utc(newest) > as_utc(last_trained)


def versions(database: Database, limit: int = 20) -> list[ModelVersion]:
    with database.session(commit=False) as session:
        rows = session.scalars(select(IntentModelVersion).order_by(IntentModelVersion.id.desc()).limit(limit))
        return [_version(row) for row in rows]


def _version(row: IntentModelVersion) -> ModelVersion:
    return ModelVersion(
        row.id, row.version, row.examples, row.taught, row.metrics or {}, row.trained_by, row.trained_at
    )


class ModelRefresher:
    """Installs the newest stored model in this process, looking at most once a minute."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.installed_id: int | None = None
        self.checked_at = -REFRESH_SECONDS

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.checked_at < REFRESH_SECONDS:
            return
        self.checked_at = now
        try:
            with self.database.session(commit=False) as session:
                newest = session.scalar(select(func.max(IntentModelVersion.id)))
                if newest is None or newest == self.installed_id:
                    return
                artifact = session.scalar(select(IntentModelVersion.artifact).where(IntentModelVersion.id == newest))
            if artifact is not None:
                use_model(IntentModel.from_bytes(artifact))
                self.installed_id = newest
        except Exception:
            # The shipped model keeps answering; the next look tries again.
            log.exception("could not load the newest intent model")


def shipped_measurement() -> ModelVersion | None:
    """The shipped model's own evaluation, until a retrained model is measured."""
    model = current_model()
    if model is None or "held_out_phrasing" not in model.metrics:
        return None
    return ModelVersion(0, model.version, model.metrics.get("examples", 0), 0, model.metrics, "", None)


def installed_version() -> str | None:
    model = current_model()
    return model.version if model is not None else None
