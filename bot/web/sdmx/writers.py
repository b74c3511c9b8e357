"""SDMX messages written by sdmx1 from its information model: structures and
data in SDMX-ML 2.1 (structure-specific or generic), SDMX-CSV, and the
error message. sdmx1 has no SDMX-JSON writer (nor has pysdmx for data):
json_messages.py writes those from the same objects."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
import sdmx
from lxml import etree
from sdmx import message
from sdmx.model import common
from sdmx.model import v21 as model

from bot.web.sdmx.query import DataQuery, Series, decimal_text
from bot.web.sdmx.schema import STRUCTURE_SPECIFIC, structure_namespace
from bot.web.sdmx.structures import AGENCY, NORMAL, PROVISIONAL, TIME_DIMENSION, Structures

_message_ids = itertools.count(1)
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
COMMON_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"


def header() -> message.Header:
    moment = datetime.now(UTC)
    return message.Header(
        id=f"IREF{moment:%Y%m%d%H%M%S}{next(_message_ids):06d}", prepared=moment, sender=AGENCY, test=False
    )


def structure_message(artefacts: Iterable[object]) -> bytes:
    found = message.StructureMessage(header=header())
    for artefact in artefacts:
        found.add(artefact)
    return bytes(sdmx.to_xml(found, pretty_print=True))


def error_message(code: int, text: str) -> bytes:
    """SDMX-ML 2.1's error message: the code and its text, no header. Built
    here because sdmx1 writes a header into it, which the schema refuses."""
    root = etree.Element(f"{{{MESSAGE_NS}}}Error", nsmap={"mes": MESSAGE_NS, "com": COMMON_NS})
    entry = etree.SubElement(root, f"{{{MESSAGE_NS}}}ErrorMessage", code=str(code))
    etree.SubElement(entry, f"{{{COMMON_NS}}}Text", {"{http://www.w3.org/XML/1998/namespace}lang": "en"}).text = text
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def data_set(series: list[Series], structures: Structures, query: DataQuery, *, specific: bool) -> model.DataSet:
    kind = model.StructureSpecificTimeSeriesDataSet if specific else model.GenericTimeSeriesDataSet
    found = kind(structured_by=structures.dsd, described_by=structures.dataflow)
    dsd = structures.dsd
    with_attributes = query.detail in ("full", "nodata")
    with_observations = query.detail in ("full", "dataonly")
    for one in series:
        attributes = {}
        if with_attributes:
            unit = structures.units[one.codes["INDICATOR"]]
            attributes["UNIT_MEASURE"] = common.AttributeValue(value=unit, value_for=structures.unit)
        key = dsd.make_key(model.SeriesKey, one.codes)
        key.attrib.update(attributes)
        observations = [
            model.Observation(
                series_key=key,
                dimension=dsd.make_key(common.Key, {TIME_DIMENSION: point.period.iso()}),
                value=decimal_text(point.value),
                value_for=structures.measure,
                attached_attribute=(
                    {
                        "OBS_STATUS": common.AttributeValue(
                            value=PROVISIONAL if point.preliminary else NORMAL, value_for=structures.status
                        )
                    }
                    if with_attributes
                    else {}
                ),
            )
            for point in (one.points if with_observations else [])
        ]
        found.add_obs(observations, key)
        found.series.setdefault(key, [])
    return found


def data_message(series: list[Series], structures: Structures, query: DataQuery, *, specific: bool = True) -> bytes:
    dsd = structures.dsd
    found = message.DataMessage(
        header=header(), dataflow=structures.dataflow, observation_dimension=dsd.dimensions.get(TIME_DIMENSION)
    )
    found.data.append(data_set(series, structures, query, specific=specific))
    return _conformed(sdmx.to_xml(found, pretty_print=True), structures, specific=specific)


def _conformed(written: bytes, structures: Structures, *, specific: bool) -> bytes:
    """What the SDMX-ML 2.1 schema asks of a data message and sdmx1 2.28
    leaves out or gets wrong, mended: a generic message's root is
    GenericData (sdmx1 names every data message StructureSpecificData);
    structure-specific data names the namespace of the DSD's own schema on
    the header's structure, types the data set with it (`xsi:type`) and
    qualifies the data set's `structureRef` and `dataScope`."""
    root = etree.fromstring(written)
    if not specific:
        root.tag = f"{{{MESSAGE_NS}}}GenericData"
        return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    namespace = structure_namespace(structures)
    prefixes = {prefix: uri for prefix, uri in root.nsmap.items() if prefix is not None}
    rebuilt = etree.Element(root.tag, nsmap={**prefixes, "ss": STRUCTURE_SPECIFIC, "ns1": namespace})
    rebuilt.extend(list(root))
    for structure in rebuilt.iterfind(f"{{{MESSAGE_NS}}}Header/{{{MESSAGE_NS}}}Structure"):
        structure.set("namespace", namespace)
    for data_set_element in rebuilt.iterfind(f"{{{MESSAGE_NS}}}DataSet"):
        reference = data_set_element.attrib.pop("structureRef", structures.dsd.id)
        data_set_element.set(f"{{{STRUCTURE_SPECIFIC}}}structureRef", reference)
        data_set_element.set(f"{{{STRUCTURE_SPECIFIC}}}dataScope", "DataStructure")
        data_set_element.set(f"{{{XSI}}}type", "ns1:DataSetType")
    etree.cleanup_namespaces(rebuilt, keep_ns_prefixes=["ns1", "ss"])
    return bytes(etree.tostring(rebuilt, xml_declaration=True, encoding="utf-8", pretty_print=True))


def csv_message(series: list[Series], structures: Structures, query: DataQuery) -> str:
    """SDMX-CSV 2.0: one row per observation, the dataflow in the first columns."""
    frame = sdmx.to_csv(  # a DataFrame: sdmx1's own text would be pandas' fixed-width table, not CSV
        data_set(series, structures, query, specific=False),
        rtype=pd.DataFrame,
        attributes="os" if query.detail == "full" else "",
        dtype=str,
    )
    assert isinstance(frame, pd.DataFrame)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue()
