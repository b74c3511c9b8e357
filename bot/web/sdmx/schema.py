"""The XML schema SDMX 2.1 derives from a data structure definition for its
structure-specific data (the `schema` resource of the REST API): a data set,
series and observation type restricting the standard's abstract ones, with
each dimension and attribute as an XML attribute typed by its code list.
Neither sdmx1 nor pysdmx writes it; it is what lets a partner (and the tests)
validate structure-specific messages completely."""

from __future__ import annotations

from lxml import etree

from bot.web.sdmx.structures import DIMENSIONS, MEASURE, OBS_STATUS, TIME_DIMENSION, UNIT_MEASURE, Structures

XS = "http://www.w3.org/2001/XMLSchema"
COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
STRUCTURE_SPECIFIC = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"


def structure_namespace(structures: Structures) -> str:
    """The namespace of the DSD's schema, for observations by time period."""
    return f"{structures.dsd.urn}:ObsLevelDim:{TIME_DIMENSION}"


def _element(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XS}}}{tag}", attributes)


def _restricted(schema: etree._Element, name: str, base: str) -> tuple[etree._Element, etree._Element]:
    """A complex type restricting the standard's, and its sequence."""
    complex_type = _element(schema, "complexType", name=name)
    restriction = _element(_element(complex_type, "complexContent"), "restriction", base=f"dsd:{base}")
    sequence = _element(restriction, "sequence")
    _element(sequence, "element", ref="common:Annotations", minOccurs="0")
    return restriction, sequence


def _attribute(restriction: etree._Element, name: str, type_name: str, use: str) -> None:
    _element(restriction, "attribute", name=name, type=type_name, use=use)


def dsd_schema(structures: Structures) -> bytes:
    namespace = structure_namespace(structures)
    schema = etree.Element(
        f"{{{XS}}}schema",
        {"targetNamespace": namespace, "elementFormDefault": "unqualified", "attributeFormDefault": "unqualified"},
        nsmap={"xs": XS, None: namespace, "common": COMMON, "dsd": STRUCTURE_SPECIFIC},  # type: ignore[dict-item]
    )
    _element(schema, "import", namespace=COMMON, schemaLocation="SDMXCommon.xsd")
    _element(schema, "import", namespace=STRUCTURE_SPECIFIC, schemaLocation="SDMXDataStructureSpecific.xsd")

    data_set, sequence = _restricted(schema, "DataSetType", "DataSetType")
    _element(
        sequence,
        "element",
        name="DataProvider",
        type="common:DataProviderReferenceType",
        form="unqualified",
        minOccurs="0",
    )
    _element(
        sequence, "element", name="Series", type="SeriesType", form="unqualified", minOccurs="0", maxOccurs="unbounded"
    )
    _attribute(data_set, "REPORTING_YEAR_START_DAY", "xs:gMonthDay", "prohibited")

    series, sequence = _restricted(schema, "SeriesType", "SeriesType")
    _element(sequence, "element", name="Obs", type="ObsType", form="unqualified", minOccurs="0", maxOccurs="unbounded")
    _attribute(series, TIME_DIMENSION, "common:ObservationalTimePeriodType", "prohibited")
    _attribute(series, "REPORTING_YEAR_START_DAY", "xs:gMonthDay", "prohibited")
    for dimension in DIMENSIONS:
        _attribute(series, dimension, f"CL_{dimension}Type", "required")
    _attribute(series, UNIT_MEASURE, "CL_UNITType", "optional")

    observation, _ = _restricted(schema, "ObsType", "ObsType")
    _attribute(observation, "type", "common:IDType", "prohibited")
    _attribute(observation, TIME_DIMENSION, "common:ObservationalTimePeriodType", "required")
    _attribute(observation, "REPORTING_YEAR_START_DAY", "xs:gMonthDay", "prohibited")
    _attribute(observation, MEASURE, "xs:double", "optional")
    _attribute(observation, OBS_STATUS, "CL_OBS_STATUSType", "optional")

    for list_id, codelist in structures.codelists.items():
        restriction = _element(_element(schema, "simpleType", name=f"{list_id}Type"), "restriction", base="xs:string")
        for code in codelist.items:
            _element(restriction, "enumeration", value=code)
    return bytes(etree.tostring(schema, xml_declaration=True, encoding="utf-8", pretty_print=True))
