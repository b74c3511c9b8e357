"""The SDMX 2.1 REST web service under `/sdmx/`: structure queries
(dataflow, datastructure, codelist, conceptscheme, with `references`) and
data queries, each in the format the client asks for in `Accept` (or the
`format` parameter many clients send), with the standard's error messages
and statuses (400, 404, 406, 413, 501)."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Blueprint, Response, current_app, request
from flask.typing import ResponseReturnValue

from bot.web.api_http import conditional
from bot.web.sdmx import json_messages, writers
from bot.web.sdmx.query import DataQuery, SdmxError, check_dataflow, no_results, not_implemented, syntax_error
from bot.web.sdmx.schema import dsd_schema
from bot.web.sdmx.structures import AGENCY_ID, VERSION, Structures, build_structures
from bot.web.services import services

blueprint = Blueprint("sdmx", __name__, url_prefix="/sdmx")

STRUCTURE_XML = "application/vnd.sdmx.structure+xml; version=2.1"
STRUCTURE_JSON = "application/vnd.sdmx.structure+json; version=2.0.0"
SPECIFIC_XML = "application/vnd.sdmx.structurespecificdata+xml; version=2.1"
GENERIC_XML = "application/vnd.sdmx.genericdata+xml; version=2.1"
DATA_JSON = "application/vnd.sdmx.data+json; version=2.0.0"
DATA_CSV = "application/vnd.sdmx.data+csv; version=2.0.0"
ERROR_XML = "application/xml"
# What each kind of query can answer in, the first its default; `format=` names, then media types.
STRUCTURE_FORMATS = {"structure": STRUCTURE_XML, "sdmx-json": STRUCTURE_JSON, "json": STRUCTURE_JSON}
DATA_FORMATS = {
    "structurespecificdata": SPECIFIC_XML,
    "genericdata": GENERIC_XML,
    "jsondata": DATA_JSON,
    "sdmx-json": DATA_JSON,
    "csvfile": DATA_CSV,
    "sdmx-csv": DATA_CSV,
}
ALIASES = {"application/json": "json", "text/csv": "csv", "application/xml": "xml", "text/xml": "xml"}
STRUCTURE_RESOURCES = ("dataflow", "datastructure", "codelist", "conceptscheme")
# Resources of SDMX 2.1 this service does not have (501, not 404: the path is the standard's).
OTHER_RESOURCES = frozenset(
    {
        "agencyscheme",
        "categorisation",
        "categoryscheme",
        "contentconstraint",
        "dataconsumerscheme",
        "dataproviderscheme",
        "hierarchicalcodelist",
        "metadataflow",
        "metadatastructure",
        "organisationscheme",
        "organisationunitscheme",
        "process",
        "provisionagreement",
        "reportingtaxonomy",
        "structure",
        "structureset",
        "attachementconstraint",
        "actualconstraint",
        "allowedconstraint",
        "metadata",
        "availableconstraint",
    }
)
REFERENCES = ("none", "parents", "parentsandsiblings", "children", "descendants", "all", *STRUCTURE_RESOURCES)


def structures() -> Structures:
    """Built once per data version (the code lists follow the reference rows)."""
    store = services().store
    snapshot = store.snapshot()
    kept: dict[tuple[int, int], Structures] = current_app.extensions.setdefault("sdmx_structures", {})
    if snapshot.version not in kept:
        kept.clear()
        kept[snapshot.version] = build_structures(snapshot)
    return kept[snapshot.version]


def negotiate(formats: dict[str, str]) -> str:
    """The media type to answer in: `format=` first, then `Accept` (SDMX
    types with or without their version, and the plain JSON/CSV/XML types)."""
    media = list(dict.fromkeys(formats.values()))
    named = request.args.get("format")
    if named is not None:
        if named not in formats:
            raise SdmxError(406, 406, f"format must be one of {', '.join(formats)}, got {named!r}")
        return formats[named]
    if not request.accept_mimetypes or request.accept_mimetypes.best in (None, "*/*"):
        return media[0]
    for accepted, _quality in request.accept_mimetypes:
        bare = accepted.split(";")[0].strip()
        for candidate in media:
            if bare == candidate.split(";")[0]:
                return candidate
        alias = ALIASES.get(bare)
        if alias is not None:
            found = next((candidate for candidate in media if alias in candidate.split(";")[0]), None)
            if found is not None:
                return found
        if bare in ("*/*", "application/*"):
            return media[0]
    raise SdmxError(406, 406, f"this query answers in {', '.join(media)}")


@blueprint.errorhandler(SdmxError)
def _refused(error: SdmxError) -> ResponseReturnValue:
    wants_json = "json" in request.args.get("format", "") or "json" in (request.accept_mimetypes.best or "")
    if wants_json:
        body = {"meta": {"id": writers.header().id}, "errors": [{"code": error.code, "title": error.text}]}
        return Response(json.dumps(body), status=error.status, content_type="application/json")
    return Response(writers.error_message(error.code, error.text), status=error.status, content_type=ERROR_XML)


@blueprint.errorhandler(404)
def _unknown_path(error: Exception) -> ResponseReturnValue:
    return _refused(no_results(f"{request.path} is not a resource of this SDMX service"))


@blueprint.after_request
def _shared_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Accept")
    return response


def _answer(media: str, build: Callable[[], bytes | str]) -> Response:
    return conditional(
        lambda: Response(build(), content_type=f"{media}; charset=utf-8" if "csv" in media else media), media
    )


# --- structures ---


@blueprint.get("/<resource>")
@blueprint.get("/<resource>/<agency>")
@blueprint.get("/<resource>/<agency>/<artefact>")
@blueprint.get("/<resource>/<agency>/<artefact>/<version>")
def structure(
    resource: str, agency: str = "all", artefact: str = "all", version: str = "latest"
) -> ResponseReturnValue:
    if resource in OTHER_RESOURCES:
        raise not_implemented(
            f"this service has no {resource} resource: it serves {', '.join(STRUCTURE_RESOURCES)} and data"
        )
    if resource not in STRUCTURE_RESOURCES:
        raise no_results(f"{request.path} is not a resource of this SDMX service")
    references = request.args.get("references", "none")
    if references not in REFERENCES:
        raise syntax_error(f"references must be one of {', '.join(REFERENCES)}, got {references!r}")
    if request.args.get("detail", "full") != "full":
        raise not_implemented("only detail=full is served")
    media = negotiate(STRUCTURE_FORMATS)
    found = _artefacts(structures(), resource, agency, artefact, version)
    chosen = found + [item for item in _referenced(structures(), resource, references) if item not in found]
    if media == STRUCTURE_JSON:
        return _answer(
            media, lambda: json.dumps(json_messages.structure_message(chosen, structures()), ensure_ascii=False)
        )
    return _answer(media, lambda: writers.structure_message(chosen))


def _artefacts(found: Structures, resource: str, agency: str, artefact: str, version: str) -> list[object]:
    by_resource: dict[str, list[object]] = {
        "dataflow": [found.dataflow],
        "datastructure": [found.dsd],
        "codelist": list(found.codelists.values()),
        "conceptscheme": [found.concepts],
    }
    wanted = set(artefact.split("+"))
    chosen = [
        item
        for item in by_resource[resource]
        if agency in ("all", "*", AGENCY_ID)
        and (artefact in ("all", "*") or getattr(item, "id", None) in wanted)
        and version in ("latest", "all", "*", "+", "~", VERSION)
    ]
    if not chosen:
        raise no_results(
            f"no {resource} {agency}/{artefact}/{version}: this service's agency is {AGENCY_ID}, version {VERSION}"
        )
    return chosen


def _referenced(found: Structures, resource: str, references: str) -> list[object]:
    """What `references` adds: a dataflow's children are its DSD (then the
    DSD's code lists and concepts); a code list's parents are the DSD."""
    lists: list[object] = [*found.codelists.values(), found.concepts]
    children: dict[str, list[object]] = {"dataflow": [found.dsd], "datastructure": lists}
    descendants: dict[str, list[object]] = {"dataflow": [found.dsd, *lists], "datastructure": lists}
    parents: dict[str, list[object]] = {
        "datastructure": [found.dataflow],
        "codelist": [found.dsd],
        "conceptscheme": [found.dsd],
    }
    if references == "none":
        return []
    if references == "children":
        return children.get(resource, [])
    if references in ("parents", "parentsandsiblings"):
        return parents.get(resource, [])
    related = descendants.get(resource, []) + parents.get(resource, [])
    if references in ("descendants", "all"):
        return related if references == "all" else descendants.get(resource, [])
    kinds = {"dataflow": found.dataflow, "datastructure": found.dsd, "conceptscheme": found.concepts}
    return [
        item for item in related if item is kinds.get(references) or (references == "codelist" and item in lists[:-1])
    ]


@blueprint.get("/schema/<context>/<agency>/<artefact>")
@blueprint.get("/schema/<context>/<agency>/<artefact>/<version>")
def schema(context: str, agency: str, artefact: str, version: str = "latest") -> ResponseReturnValue:
    """The XML schema of the dataflow's (or its DSD's) structure-specific data."""
    found = structures()
    known = {"dataflow": found.dataflow.id, "datastructure": found.dsd.id}
    if context not in known and context in ("provisionagreement", "metadataflow", "metadatastructure"):
        raise not_implemented(f"this service has no {context} schemas")
    if known.get(context) != artefact or agency not in (AGENCY_ID, "all") or version not in ("latest", VERSION):
        raise no_results(f"no {context} {agency}/{artefact}/{version}")
    return _answer("application/xml", lambda: dsd_schema(found))


# --- data ---


@blueprint.get("/data/<flow>")
@blueprint.get("/data/<flow>/<key>")
@blueprint.get("/data/<flow>/<key>/<provider>")
def data(flow: str, key: str = "all", provider: str = "all") -> ResponseReturnValue:
    check_dataflow(flow)
    if provider not in ("all", AGENCY_ID, f"{AGENCY_ID},{AGENCY_ID}"):
        raise no_results(f"no data provider {provider!r}: this service's is {AGENCY_ID}")
    if request.args.get("dimensionAtObservation", "TIME_PERIOD") != "TIME_PERIOD":
        raise not_implemented("observations are served by TIME_PERIOD only (dimensionAtObservation=TIME_PERIOD)")
    found = structures()
    query = DataQuery.read(key, request, found)
    media = negotiate(DATA_FORMATS)

    def build() -> bytes | str:
        series = query.select(services().store, found)
        if media == DATA_JSON:
            return json.dumps(json_messages.data_message(series, found, query), ensure_ascii=False)
        if media == DATA_CSV:
            return writers.csv_message(series, found, query)
        return writers.data_message(series, found, query, specific=media == SPECIFIC_XML)

    return _answer(media, build)
