"""Staff teach the bot: an editor labels a question it got wrong, an approver
retrains, and the chat simulator then answers it right; every other process
picks the new model up from the database."""

from __future__ import annotations

from flask import Flask
from markupsafe import escape
from sqlalchemy import select

from bot.answers import Answerer
from bot.answers.understanding import ModelRefresher, taught_phrasings
from bot.app import Services, services_of
from bot.data.models import AuditEntry
from nlp.intent_model import current_model, use_model
from nlp.parser import parse
from tests.bot.web.staff.conftest import SignedIn, csrf_token, email_of, post

# Chimneys puffing hard: a figure of speech for "how is industry doing", which
# nothing in the corpus says; the shipped model reads it as a plain figure.
QUESTION = "ปล่องควันเดือนนี้พ่นแรงไหม"
OVERVIEW = {"intent": "overview", "indicator": "MPI", "sector": "TOTAL", "period": "", "comparison": ""}


def _services(app: Flask) -> Services:
    return services_of(app)


def _simulate(app: Flask, signed_in: SignedIn, text: str) -> str:
    client = signed_in("viewer")
    token = csrf_token(client, "/staff/simulator")
    return client.post("/staff/simulator", data={"text": text, "csrf_token": token}).get_data(as_text=True)


def test_an_editor_teaches_an_approver_retrains_and_the_simulator_answers_right(
    console_app: Flask, signed_in: SignedIn
) -> None:
    services = _services(console_app)
    overview_answer = Answerer(services.store).answer("ภาพรวมอุตสาหกรรมเดือนนี้").text
    shipped = current_model()
    assert shipped is not None
    assert parse(QUESTION).intent != "overview", "pick a question the shipped model gets wrong"
    assert str(escape(overview_answer.splitlines()[0])) not in _simulate(console_app, signed_in, QUESTION)

    editor = signed_in("editor")
    form = editor.get(f"/staff/understanding/teach?q={QUESTION}").get_data(as_text=True)
    assert QUESTION in form  # the form starts from the question and how the bot reads it now
    assert post(editor, "/staff/understanding/teach", {"question": QUESTION, **OVERVIEW}) == 302
    assert post(editor, "/staff/understanding/retrain") == 403  # retraining is an approver's
    assert parse(QUESTION).intent != "overview"  # taught, not yet learnt

    approver = signed_in("approver")
    assert post(approver, "/staff/understanding/retrain") == 302
    retrained = current_model()
    assert retrained is not None
    assert retrained.version != shipped.version
    assert parse(QUESTION).intent == "overview"
    page = _simulate(console_app, signed_in, QUESTION)
    assert str(escape(overview_answer.splitlines()[0])) in page

    listing = signed_in("viewer").get("/staff/understanding").get_data(as_text=True)
    assert retrained.version in listing
    assert QUESTION in listing
    with services.database.session() as session:
        actions = [(entry.actor, entry.action) for entry in session.scalars(select(AuditEntry))]
    assert (email_of("editor"), "teach") in actions
    assert (email_of("approver"), "retrain") in actions


def test_other_processes_install_the_newest_model_from_the_database(console_app: Flask, signed_in: SignedIn) -> None:
    services = _services(console_app)
    shipped = current_model()
    editor, approver = signed_in("editor"), signed_in("approver")
    assert post(editor, "/staff/understanding/teach", {"question": QUESTION, **OVERVIEW}) == 302
    assert post(approver, "/staff/understanding/retrain") == 302
    retrained = current_model()
    assert retrained is not None
    assert shipped is not None
    use_model(shipped)  # as a worker that started before the retraining
    assert parse(QUESTION).intent != "overview"
    ModelRefresher(services.database).refresh(force=True)
    installed = current_model()
    assert installed is not None
    assert installed.version == retrained.version
    assert parse(QUESTION).intent == "overview"


def test_taught_questions_are_masked_and_labels_checked(console_app: Flask, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    mine = "MPI ล่าสุด โทร 081-234-5678 หรือ somchai@example.com"
    assert post(editor, "/staff/understanding/teach", {"question": mine, "intent": "value", "indicator": "MPI"}) == 302
    assert post(editor, "/staff/understanding/teach", {"question": "x", "intent": "launch_rockets"}) == 302
    assert post(editor, "/staff/understanding/teach", {"question": "", "intent": "value"}) == 302
    kept = taught_phrasings(_services(console_app).database)
    assert len(kept) == 1  # the unknown label and the empty question were refused
    assert "081" not in kept[0].question
    assert "somchai" not in kept[0].question
    assert kept[0].labels["intent"] == "value"
    assert kept[0].labels["indicator"] == "MPI"


def test_the_exported_corpus_holds_the_files_and_what_was_taught(console_app: Flask, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    assert post(editor, "/staff/understanding/teach", {"question": QUESTION, **OVERVIEW}) == 302
    response = editor.get("/staff/understanding/corpus.txt")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert f"{QUESTION} | overview | MPI | TOTAL | - | - | -" in lines
    assert len(lines) > 800  # the labelled questions come first


def test_the_evaluation_page_shows_the_measured_figures_in_thai(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("viewer")
    page = client.get("/staff/understanding").get_data(as_text=True)
    # The shipped model carries its own cross-validated and held-out figures.
    for heading in ("ตรวจสอบไขว้", "สำนวนที่กันไว้", "ความแม่นยำ", "ความครบถ้วน", "ภาพรวม"):
        assert heading in page
    assert "Precision" not in page
    assert "สอนคำถาม" not in page  # a viewer may look, not teach
    client.get("/language/en?next=/staff/understanding")
    english = client.get("/staff/understanding").get_data(as_text=True)
    assert "Precision" in english
    assert "Held-out phrasings" in english
