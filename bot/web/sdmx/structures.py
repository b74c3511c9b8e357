"""OIE's data described as SDMX 2.1 structures, built with sdmx1's information
model from the store's reference rows, so codes and names stay the ones the
rest of the service shows: the agency, the code lists (frequency, indicator,
TSIC division, unit, observation status), the concept scheme, the data
structure definition and the one dataflow.

Names carry both Thai and English (`xml:lang` in SDMX-ML, `names` in
SDMX-JSON): sdmx1 keeps every language of an international string, which
is why it writes the structures rather than pysdmx (English only)."""

from __future__ import annotations

from dataclasses import dataclass

import sdmx.urn
from sdmx.model import common
from sdmx.model import v21 as model

from bot.data.store import IndicatorRow, Snapshot

AGENCY_ID = "OIE"
DATAFLOW_ID = "DF_INDUSTRY"
DSD_ID = "DSD_INDUSTRY"
VERSION = "1.0"
DIMENSIONS = ("FREQ", "INDICATOR", "SECTOR")
TIME_DIMENSION = "TIME_PERIOD"
MEASURE = "OBS_VALUE"
OBS_STATUS = "OBS_STATUS"
UNIT_MEASURE = "UNIT_MEASURE"
# The statuses the store knows: provisional (the latest months, revised later) and normal.
PROVISIONAL, NORMAL = "P", "A"


def names(english: str, thai: str) -> dict[str, str]:
    return {"en": english, "th": thai}


AGENCY = model.Agency(id=AGENCY_ID, name=names("Office of Industrial Economics", "สำนักงานเศรษฐกิจอุตสาหกรรม"))
URN_CLASSES = {"DataStructureDefinition": "DataStructure", "DataflowDefinition": "Dataflow"}
# Concepts: id, English name, Thai name.
CONCEPTS = (
    ("FREQ", "Frequency", "ความถี่"),
    ("INDICATOR", "Indicator", "ตัวชี้วัด"),
    ("SECTOR", "Manufacturing division (TSIC 2009)", "สาขาอุตสาหกรรม (TSIC 2552)"),
    (TIME_DIMENSION, "Time period", "ช่วงเวลา"),
    (MEASURE, "Observation value", "ค่าสังเกต"),
    (OBS_STATUS, "Observation status", "สถานะของค่าสังเกต"),
    (UNIT_MEASURE, "Unit of measure", "หน่วยวัด"),
)


def unit_code(row: IndicatorRow) -> str:
    """Capacity utilization is a percentage (its changes are in points); the
    other indicators are indexes of the base year."""
    return "PCT" if row.change_kind == "points" else "IX"


@dataclass(frozen=True)
class Structures:
    codelists: dict[str, model.Codelist]
    concepts: model.ConceptScheme
    dsd: model.DataStructureDefinition
    dataflow: model.DataflowDefinition
    units: dict[str, str]  # indicator code -> unit code

    @property
    def status(self) -> common.DataAttribute:
        return self.dsd.attributes.get(OBS_STATUS)

    @property
    def unit(self) -> common.DataAttribute:
        return self.dsd.attributes.get(UNIT_MEASURE)

    @property
    def measure(self) -> model.PrimaryMeasure:
        return self.dsd.measures.get(MEASURE)

    def codes(self, dimension: str) -> list[str]:
        return list(self.codelists[f"CL_{dimension}"].items)


def _maintained(kind: type, artefact_id: str, english: str, thai: str) -> object:
    artefact = kind(
        id=artefact_id,
        maintainer=AGENCY,
        version=VERSION,
        is_final=True,
        is_external_reference=False,
        name=names(english, thai),
    )
    # The standard's class names in URNs (sdmx1 would use its own: DataStructureDefinition).
    artefact.urn = sdmx.urn.make(artefact, klass=URN_CLASSES.get(kind.__name__, kind.__name__))
    return artefact


def _codelist(artefact_id: str, english: str, thai: str, codes: list[tuple[str, str, str]]) -> model.Codelist:
    codelist = _maintained(model.Codelist, artefact_id, english, thai)
    assert isinstance(codelist, model.Codelist)
    for code, code_en, code_th in codes:
        codelist.append(model.Code(id=code, name=names(code_en, code_th)))
    return codelist


def build_structures(snapshot: Snapshot) -> Structures:
    indicators = snapshot.indicators.values()
    units = {row.code: unit_code(row) for row in indicators}
    unit_names = {unit_code(row): (row.unit_en, row.unit_th) for row in indicators}
    codelists = {
        "CL_FREQ": _codelist("CL_FREQ", "Frequency", "ความถี่", [("M", "Monthly", "รายเดือน")]),
        "CL_INDICATOR": _codelist(
            "CL_INDICATOR", "Industrial indicators", "ตัวชี้วัดเศรษฐกิจอุตสาหกรรม",
            [(row.code, row.name_en, row.name_th) for row in indicators],
        ),
        "CL_SECTOR": _codelist(
            "CL_SECTOR", "Manufacturing divisions (TSIC 2009) and the whole of manufacturing",
            "สาขาอุตสาหกรรมการผลิต (TSIC 2552) และภาพรวม",
            [(row.code, row.name_en, row.name_th) for row in snapshot.sectors.values()],
        ),
        "CL_UNIT": _codelist(
            "CL_UNIT", "Units of measure", "หน่วยวัด",
            [(code, english, thai) for code, (english, thai) in sorted(unit_names.items())],
        ),
        "CL_OBS_STATUS": _codelist(
            "CL_OBS_STATUS", "Observation status", "สถานะของค่าสังเกต",
            [(NORMAL, "Normal value", "ค่าปกติ"), (PROVISIONAL, "Provisional value", "ค่าเบื้องต้น")],
        ),
    }  # fmt: skip
    concepts = _maintained(model.ConceptScheme, "CS_INDUSTRY", "Industrial indicators' concepts", "แนวคิดของตัวชี้วัด")
    assert isinstance(concepts, model.ConceptScheme)
    for concept_id, english, thai in CONCEPTS:
        concepts.append(model.Concept(id=concept_id, name=names(english, thai)))
    dsd = _data_structure(codelists, concepts)
    dataflow = _maintained(
        model.DataflowDefinition, DATAFLOW_ID, "Monthly industrial indicators", "ดัชนีเศรษฐกิจอุตสาหกรรมรายเดือน"
    )
    assert isinstance(dataflow, model.DataflowDefinition)
    dataflow.structure = dsd
    return Structures(codelists, concepts, dsd, dataflow, units)


def _data_structure(
    codelists: dict[str, model.Codelist], concepts: model.ConceptScheme
) -> model.DataStructureDefinition:
    dsd = _maintained(model.DataStructureDefinition, DSD_ID, "Industrial indicators", "ตัวชี้วัดเศรษฐกิจอุตสาหกรรม")
    assert isinstance(dsd, model.DataStructureDefinition)
    # The descriptors' ids are fixed by the SDMX 2.1 schema.
    dsd.dimensions.id, dsd.attributes.id, dsd.measures.id = (
        "DimensionDescriptor",
        "AttributeDescriptor",
        "MeasureDescriptor",
    )
    for order, dimension in enumerate(DIMENSIONS, start=1):
        dsd.dimensions.append(
            model.Dimension(
                id=dimension,
                concept_identity=concepts[dimension],
                local_representation=common.Representation(enumerated=codelists[f"CL_{dimension}"]),
                order=order,
            )
        )
    time_format = common.Facet(value_type=common.FacetValueType.observationalTimePeriod)
    dsd.dimensions.append(
        model.TimeDimension(
            id=TIME_DIMENSION,
            concept_identity=concepts[TIME_DIMENSION],
            local_representation=common.Representation(non_enumerated=[time_format]),
            order=len(DIMENSIONS) + 1,
        )
    )
    dsd.measures.append(model.PrimaryMeasure(id=MEASURE, concept_identity=concepts[MEASURE]))
    dsd.attributes.append(
        common.DataAttribute(
            id=UNIT_MEASURE,
            concept_identity=concepts[UNIT_MEASURE],
            local_representation=common.Representation(enumerated=codelists["CL_UNIT"]),
            related_to=model.DimensionRelationship(dimensions=[dsd.dimensions.get("INDICATOR")]),
            usage_status=model.UsageStatus.mandatory,
        )
    )
    dsd.attributes.append(
        common.DataAttribute(
            id=OBS_STATUS,
            concept_identity=concepts[OBS_STATUS],
            local_representation=common.Representation(enumerated=codelists["CL_OBS_STATUS"]),
            related_to=model.PrimaryMeasureRelationship(),
            usage_status=model.UsageStatus.mandatory,
        )
    )
    return dsd
