"""SDMX-JSON 2.0 data and structure messages, from the same sdmx1 objects as
SDMX-ML. Written here because neither sdmx1 nor pysdmx writes SDMX-JSON
data (pysdmx writes JSON structures in English only); the tests hold every
message to the standard's JSON schemas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sdmx.urn
from sdmx.model import common
from sdmx.model import v21 as model

from bot.web.sdmx.query import DataQuery, Series, decimal_text
from bot.web.sdmx.structures import (
    AGENCY,
    DIMENSIONS,
    MEASURE,
    NORMAL,
    OBS_STATUS,
    PROVISIONAL,
    TIME_DIMENSION,
    UNIT_MEASURE,
    Structures,
)
from bot.web.sdmx.writers import header
from nlp.thaidate import YearMonth

DATA_SCHEMA = "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json"
STRUCTURE_SCHEMA = (
    "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/2.0.0/"
    "sdmx-json-structure-schema.json"
)
LANGUAGES = ["en", "th"]


def texts(text: common.InternationalString) -> dict[str, Any]:
    """`name` in English (the best match when no language is asked) and `names` in every language."""
    localised = dict(text.localizations)
    return {"name": localised.get("en", next(iter(localised.values()), "")), "names": localised}


def _meta(schema: str) -> dict[str, Any]:
    made = header()
    return {
        "schema": schema,
        "id": made.id,
        "test": False,
        "prepared": made.prepared.isoformat() if made.prepared else "",
        "contentLanguages": LANGUAGES,
        "sender": {"id": AGENCY.id, **texts(AGENCY.name)},
    }


def _component(item: common.IdentifiableArtefact, structures: Structures) -> dict[str, Any]:
    concept = structures.concepts[item.id]
    return {"id": item.id, **texts(concept.name)}


def _code_values(structures: Structures, dimension: str, used: list[str]) -> list[dict[str, Any]]:
    codelist = structures.codelists[f"CL_{dimension}"]
    return [{"id": code, **texts(codelist[code].name)} for code in used]


STATUSES = [NORMAL, PROVISIONAL]


@dataclass(frozen=True)
class _Positions:
    """The values each dimension and attribute takes in this message: series
    keys, observations and attributes refer to them by position."""

    codes: dict[str, list[str]]  # dimension -> the codes its series use
    periods: list[YearMonth]
    units: list[str]

    @classmethod
    def of(cls, series: list[Series], structures: Structures, with_observations: bool) -> _Positions:
        codes = {
            dimension: sorted({one.codes[dimension] for one in series}, key=structures.codes(dimension).index)
            for dimension in DIMENSIONS
        }
        periods = sorted({point.period for one in series for point in one.points}) if with_observations else []
        return cls(codes, periods, sorted({structures.units[one.codes["INDICATOR"]] for one in series}))


def data_message(series: list[Series], structures: Structures, query: DataQuery) -> dict[str, Any]:
    """Series keyed by the positions of their codes in the dimensions' value
    lists, observations by the position of their period; attributes likewise."""
    with_attributes = query.detail in ("full", "nodata")
    with_observations = query.detail in ("full", "dataonly")
    positions = _Positions.of(series, structures, with_observations)
    links = [
        {"urn": str(structures.dataflow.urn), "rel": "dataflow"},
        {"urn": str(structures.dsd.urn), "rel": "datastructure"},
    ]
    structure = {
        "links": links,
        **texts(structures.dataflow.name),
        "dimensions": _dimensions(structures, positions),
        "measures": {"observation": [_component(structures.measure, structures)]},
        "attributes": _attributes(structures, positions, with_attributes),
        "dataSets": [0],
    }
    data_set: dict[str, Any] = {"structure": 0, "action": "Information", "links": links, "series": {}}
    period_index = {period: index for index, period in enumerate(positions.periods)}
    for one in series:
        key = ":".join(str(positions.codes[dimension].index(one.codes[dimension])) for dimension in DIMENSIONS)
        entry: dict[str, Any] = {}
        if with_attributes:
            entry["attributes"] = [positions.units.index(structures.units[one.codes["INDICATOR"]])]
        if with_observations:
            entry["observations"] = {
                str(period_index[point.period]): [
                    decimal_text(point.value),
                    *([STATUSES.index(PROVISIONAL if point.preliminary else NORMAL)] if with_attributes else []),
                ]
                for point in one.points
            }
        data_set["series"][key] = entry
    return {"meta": _meta(DATA_SCHEMA), "data": {"structures": [structure], "dataSets": [data_set]}}


def _dimensions(structures: Structures, positions: _Positions) -> dict[str, list[dict[str, Any]]]:
    return {
        "dataSet": [],
        "series": [
            {
                **_component(structures.dsd.dimensions.get(dimension), structures),
                "keyPosition": position,
                "values": _code_values(structures, dimension, positions.codes[dimension]),
            }
            for position, dimension in enumerate(DIMENSIONS)
        ],
        "observation": [
            {
                **_component(structures.dsd.dimensions.get(TIME_DIMENSION), structures),
                "keyPosition": len(DIMENSIONS),
                "roles": ["TIME_PERIOD"],
                "values": [{"value": period.iso()} for period in positions.periods] or [{"value": ""}],
            }
        ],
    }


def _attributes(
    structures: Structures, positions: _Positions, with_attributes: bool
) -> dict[str, list[dict[str, Any]]]:
    attributes: dict[str, list[dict[str, Any]]] = {"dataSet": [], "series": [], "observation": []}
    if with_attributes:
        attributes["series"].append(
            {
                **_component(structures.unit, structures),
                "relationship": {"dimensions": ["INDICATOR"]},
                "values": _code_values(structures, "UNIT", positions.units),
            }
        )
        attributes["observation"].append(
            {
                **_component(structures.status, structures),
                "relationship": {"primaryMeasure": MEASURE},
                "values": _code_values(structures, "OBS_STATUS", STATUSES),
            }
        )
    return attributes


# --- structures ---


def _maintainable(artefact: common.MaintainableArtefact) -> dict[str, Any]:
    return {
        "id": artefact.id,
        **texts(artefact.name),
        "agencyID": AGENCY.id,
        "version": str(artefact.version),
        "isExternalReference": False,
        "isFinal": True,
    }


def _items(scheme: common.ItemScheme[Any]) -> list[dict[str, Any]]:
    return [{"id": item.id, **texts(item.name)} for item in scheme.items.values()]


def _representation(component: common.Component) -> dict[str, Any]:
    representation = component.local_representation
    if representation is not None and representation.enumerated is not None:
        return {"localRepresentation": {"enumeration": str(representation.enumerated.urn)}}
    return {"localRepresentation": {"format": {"textType": "ObservationalTimePeriod"}}}


def _concept(component: common.Component, structures: Structures) -> str:
    return sdmx.urn.make(structures.concepts[component.id], structures.concepts)


def _dsd(structures: Structures) -> dict[str, Any]:
    dsd = structures.dsd
    dimensions = [
        {
            "id": dimension.id,
            "position": DIMENSIONS.index(dimension.id),
            "conceptIdentity": _concept(dimension, structures),
            **_representation(dimension),
        }
        for dimension in dsd.dimensions.components
        if dimension.id != TIME_DIMENSION
    ]
    time = dsd.dimensions.get(TIME_DIMENSION)
    # SDMX-JSON 2.0 describes SDMX 3.0 structures: an observation-level attribute is `observation`.
    attribute_links = {UNIT_MEASURE: {"dimensions": ["INDICATOR"]}, OBS_STATUS: {"observation": {}}}
    return {
        **_maintainable(dsd),
        "dataStructureComponents": {
            "dimensionList": {
                "id": "DimensionDescriptor",
                "dimensions": dimensions,
                "timeDimension": {
                    "id": time.id,
                    "position": len(DIMENSIONS),
                    "conceptIdentity": _concept(time, structures),
                    **_representation(time),
                },
            },
            "attributeList": {
                "id": "AttributeDescriptor",
                "attributes": [
                    {
                        "id": attribute.id,
                        "usage": "mandatory",
                        "attributeRelationship": attribute_links[attribute.id],
                        "conceptIdentity": _concept(attribute, structures),
                        **_representation(attribute),
                    }
                    for attribute in dsd.attributes.components
                ],
            },
            "measureList": {
                "id": "MeasureDescriptor",
                "measures": [{"id": MEASURE, "conceptIdentity": _concept(structures.measure, structures)}],
            },
        },
    }


def structure_message(artefacts: list[object], structures: Structures) -> dict[str, Any]:
    data: dict[str, list[dict[str, Any]]] = {}
    for artefact in artefacts:
        if isinstance(artefact, model.DataflowDefinition):
            data.setdefault("dataflows", []).append({**_maintainable(artefact), "structure": str(structures.dsd.urn)})
        elif isinstance(artefact, model.DataStructureDefinition):
            data.setdefault("dataStructures", []).append(_dsd(structures))
        elif isinstance(artefact, model.Codelist):
            data.setdefault("codelists", []).append({**_maintainable(artefact), "codes": _items(artefact)})
        elif isinstance(artefact, model.ConceptScheme):
            data.setdefault("conceptSchemes", []).append({**_maintainable(artefact), "concepts": _items(artefact)})
    return {"meta": _meta(STRUCTURE_SCHEMA), "data": data}
