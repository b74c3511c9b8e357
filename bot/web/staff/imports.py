"""Imports from the console: upload release files, see every problem or a
preview of what is new, revised and finalized, then confirm (the same
transaction as `python -m bot import`) or cancel. Nothing reaches the
indicator store before confirmation. Also the import history and each
observation's revision history."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from bot.announcements.drafting import import_releases, preview_releases
from bot.catalog import N_
from bot.data.models import ImportRecord
from bot.data.store import import_revisions
from bot.ingest.files import read_release_file
from bot.ingest.importer import ImportSummary
from bot.ingest.records import ReleaseFileError
from bot.ingest.sources import source_states
from bot.staff import overview
from bot.staff.roles import Permission
from bot.staff.uploads import StagedUploads
from bot.web.bounds import bounded_int
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, in_menu, requires
from bot.web.staff.labels import DATASETS
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL

PAGE = 20


@blueprint.get("/imports")
@in_menu(N_("Imports"), position=20)
@requires(Permission.VIEW)
def imports() -> ResponseReturnValue:
    page = max(1, request.args.get("page", 1, type=bounded_int) or 1)
    narrowed = overview.ImportFilter(
        words=request.args.get("q", "").strip()[:100],
        dataset=request.args.get("dataset", "").strip()[:40],
        revised_only=request.args.get("revised") == "1",
    )
    history = overview.recent_imports(services().database, limit=PAGE + 1, offset=(page - 1) * PAGE, narrowed=narrowed)
    sources = source_states(services().database)
    return render_template(
        "staff/imports.html",
        history=history[:PAGE],
        page=page,
        more=len(history) > PAGE,
        sources=sources,
        narrowed=narrowed,
        datasets=DATASETS,
    )


@blueprint.post("/imports")
@requires(Permission.IMPORT)
def upload() -> ResponseReturnValue:
    try:
        files = [(item.filename or "upload", item.read()) for item in request.files.getlist("files") if item.filename]
    except RequestEntityTooLarge:
        limit = services().settings.MAX_UPLOAD_MB
        flash(_("The upload is larger than %(limit)d MB.", limit=limit), "error")
        return redirect(url_for("staff.imports"))
    if not files:
        flash(_("Choose one or more release files (.csv or .xlsx)."), "error")
        return redirect(url_for("staff.imports"))
    batch = StagedUploads(services().database).stage(files, by=actor())
    return redirect(url_for("staff.import_preview", batch=batch))


@blueprint.get("/imports/preview/<batch>")
@requires(Permission.IMPORT)
def import_preview(batch: str) -> ResponseReturnValue:
    staged = StagedUploads(services().database)
    names = staged.names(batch)
    if not names:
        abort(404)
    outcome = services().import_previews.get(batch, services().store.data_version(), lambda: _preview(staged, batch))
    rejected, summaries, periods = outcome
    if rejected:
        return render_template("staff/import_preview.html", batch=batch, names=names, rejected=rejected)
    return render_template(
        "staff/import_preview.html", batch=batch, names=names, rejected=[], summaries=summaries, drafts=periods
    )


def _preview(staged: StagedUploads, batch: str) -> tuple[list[tuple[str, list[Any]]], list[ImportSummary], list[str]]:
    """Each file's problems, or what importing them would do (nothing stored)."""
    with staged.as_files(batch) as paths:
        rejected = []
        for path in paths:
            try:
                read_release_file(path)
            except ReleaseFileError as error:
                rejected.append((path.name, list(error.problems)))
        if rejected:
            return rejected, [], []
        summaries, periods = preview_releases(services().database, paths, services().settings)
    return [], summaries, periods


@blueprint.post("/imports/preview/<batch>/confirm")
@requires(Permission.IMPORT)
def import_confirm(batch: str) -> ResponseReturnValue:
    staged = StagedUploads(services().database)
    if not staged.names(batch):
        abort(404)
    if not request.form.get("values_checked"):
        previewed = services().import_previews.get(
            batch, services().store.data_version(), lambda: _preview(staged, batch)
        )
        if any(summary.warnings for summary in previewed[1]):
            flash(_("Some values look unusual: check them and tick the box before importing."), "error")
            return redirect(url_for("staff.import_preview", batch=batch))
    try:
        with staged.as_files(batch) as paths:
            summaries, drafted = import_releases(services().database, paths, services().settings, by=actor())
            services().store.refresh()
    except ReleaseFileError:
        flash(_("The files could not be imported; nothing was stored."), "error")
        return redirect(url_for("staff.import_preview", batch=batch))
    staged.discard(batch)
    stored = [summary for summary in summaries if summary.import_id is not None]
    if stored:
        flash(_("Imported %(count)d file(s).", count=len(stored)), "success")
    else:
        flash(_("Nothing changed: these files were already imported."), "info")
    if drafted:
        flash(_("A release announcement was drafted from the new month."), "success")
        return redirect(url_for("staff.announcement", announcement_id=drafted[0]))
    return redirect(
        url_for("staff.import_detail", import_id=stored[-1].import_id) if stored else url_for("staff.imports")
    )


@blueprint.post("/imports/preview/<batch>/cancel")
@requires(Permission.IMPORT)
def import_cancel(batch: str) -> ResponseReturnValue:
    StagedUploads(services().database).discard(batch)
    flash(_("Import cancelled; nothing was stored."), "info")
    return redirect(url_for("staff.imports"))


@blueprint.get("/imports/<int:import_id>")
@requires(Permission.VIEW)
def import_detail(import_id: int) -> ResponseReturnValue:
    database = services().database
    with database.session() as session:
        record = session.get(ImportRecord, import_id)
        if record is None:
            abort(404)
        revisions = import_revisions(session, import_id)
    return render_template("staff/import_detail.html", record=record, revisions=revisions)


@blueprint.get("/observations")
@requires(Permission.VIEW)
def observation() -> ResponseReturnValue:
    store = services().store
    snapshot = store.snapshot()
    indicator = request.args.get("indicator", "MPI").upper()
    sector = request.args.get("sector", TOTAL).upper()
    latest = snapshot.latest_by_indicator.get(indicator) or snapshot.latest
    try:
        period = YearMonth.parse(request.args["period"]) if request.args.get("period") else latest
    except ValueError:
        period = latest
    if indicator not in INDICATOR_CODES or sector not in (TOTAL, *SECTOR_CODES):
        abort(404)
    point = store.point(indicator, sector, period) if period else None
    history = store.revisions(indicator, sector, period) if period else []
    return render_template(
        "staff/observation.html",
        indicator=indicator,
        sector=sector,
        period=period,
        point=point,
        history=history,
        snapshot=snapshot,
    )
