"""LINE's own OpenAPI documents (line/line-openapi, vendored in line-openapi/
with their licence and commit) as request validators for the fake LINE API
and the webhook tests.

OpenAPI's `discriminator` is not JSON Schema: a reference to a base schema
(`Message`, `Action`, `FlexComponent` …) checks only the base's few fields.
So every such reference, except where a concrete schema extends its base
(`allOf`), is rewritten to a dispatch on the `type` field: a known type, then
that type's concrete schema, down through Flex boxes, quick-reply actions and
templates. A body is then checked with `jsonschema` (Draft 7)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

SPEC_DIR = Path(__file__).resolve().parent / "line-openapi"
SCHEMAS = "#/components/schemas/"


def _name(reference: str) -> str | None:
    return reference[len(SCHEMAS) :] if reference.startswith(SCHEMAS) else None


def _dispatch(discriminator: dict[str, Any]) -> dict[str, Any]:
    field, mapping = discriminator["propertyName"], discriminator["mapping"]
    return {
        "type": "object",
        "required": [field],
        "properties": {field: {"enum": sorted(mapping)}},
        "allOf": [
            {"if": {"properties": {field: {"const": kind}}}, "then": {"$ref": target}}
            for kind, target in sorted(mapping.items())
        ],
    }


def _with_dispatch(document: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(document)
    schemas: dict[str, Any] = document["components"]["schemas"]
    bases = {name: schema["discriminator"] for name, schema in schemas.items() if "discriminator" in schema}
    # A concrete schema's own `allOf: [$ref: Base]` must stay the base, or the dispatch would loop.
    subtypes = {
        base: {_name(target) for target in discriminator["mapping"].values()} for base, discriminator in bases.items()
    }

    def rewrite(node: Any, owner: str | None, in_all_of: bool) -> None:
        if isinstance(node, list):
            for item in node:
                rewrite(item, owner, in_all_of)
            return
        if not isinstance(node, dict):
            return
        target = _name(node.get("$ref", ""))
        if target in bases and not (in_all_of and owner in subtypes[target]):
            node["$ref"] = f"{SCHEMAS}{target}__any"
        if node.get("nullable") and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        for key, value in node.items():
            rewrite(value, owner, key == "allOf")

    for name, schema in schemas.items():
        rewrite(schema, name, False)
    rewrite(document.get("paths", {}), None, False)
    for name, discriminator in bases.items():
        schemas[f"{name}__any"] = _dispatch(discriminator)
    return document


@dataclass(frozen=True)
class Operation:
    template: str
    pattern: re.Pattern[str]
    method: str
    body: dict[str, Any] | None  # the JSON body's schema, None without one
    content_types: tuple[str, ...]


class LineSpec:
    """One of LINE's OpenAPI documents, ready to check requests against."""

    def __init__(self, file_name: str) -> None:
        self.document = _with_dispatch(yaml.safe_load((SPEC_DIR / file_name).read_text(encoding="utf-8")))
        self.operations: list[Operation] = []
        for template, item in self.document["paths"].items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            for method, operation in item.items():
                if method not in ("get", "post", "put", "delete"):
                    continue
                content = (operation.get("requestBody") or {}).get("content", {})
                json_body = content.get("application/json", {}).get("schema")
                self.operations.append(Operation(template, pattern, method.upper(), json_body, tuple(content)))
        # Fixed paths before templated ones: /v2/bot/richmenu/list is not /v2/bot/richmenu/{richMenuId}.
        self.operations.sort(key=lambda operation: "{" in operation.template)

    def operation(self, method: str, path: str) -> Operation | None:
        return next((op for op in self.operations if op.method == method and op.pattern.match(path)), None)

    def validator(self, schema: dict[str, Any]) -> Draft7Validator:
        return Draft7Validator({**schema, "components": self.document["components"]})

    def schema_errors(self, schema_name: str, instance: Any) -> list[str]:
        """Violations of a named component schema ("CallbackRequest", "Message" …)."""
        reference = f"{SCHEMAS}{schema_name}__any" if f"{schema_name}__any" in self._schemas else SCHEMAS + schema_name
        return _errors(self.validator({"$ref": reference}), instance)

    @property
    def _schemas(self) -> dict[str, Any]:
        schemas: dict[str, Any] = self.document["components"]["schemas"]
        return schemas

    def violations(self, method: str, path: str, content_type: str, body: Any) -> list[str]:
        """What is wrong with a request by LINE's specification; empty when nothing."""
        operation = self.operation(method, path)
        if operation is None:
            return [f"{method} {path}: no such endpoint in {self.document['info']['title']}"]
        if operation.body is None:
            if operation.content_types and body is None:
                return [f"{method} {operation.template}: the request needs a body"]
            return []
        if not content_type.startswith("application/json"):
            return [f"{method} {operation.template}: Content-Type {content_type!r}, expected application/json"]
        return [f"{method} {operation.template}: {error}" for error in _errors(self.validator(operation.body), body)]


def _errors(validator: Draft7Validator, instance: Any) -> list[str]:
    found = []
    for error in sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(body)"
        # A long value would drown the rule it breaks: then name the rule.
        message = error.message if len(error.message) <= 200 else f"breaks {error.validator}={error.validator_value!r}"
        found.append(f"{where}: {message}")
    return found


@lru_cache(maxsize=2)
def line_spec(file_name: str = "messaging-api.yml") -> LineSpec:
    return LineSpec(file_name)
