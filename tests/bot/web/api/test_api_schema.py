"""schemathesis against /api/v1/openapi.json: every operation, a few hundred
generated requests, no server error and every response as the document
says (status, content type, headers, body).

Driven with Hypothesis directly rather than schemathesis' pytest loader:
`schemathesis.pytest.from_fixture` reads `Function._nodeid`, which pytest 9
removed."""

from __future__ import annotations

from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

EXAMPLES = 300  # per operation; those without parameters have one case, the series has the rest


def test_every_answer_matches_the_document(api_app: Flask) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    paths = {operation.path for operation in operations}
    assert paths == {"/indicators", "/sectors", "/series", "/latest", "/releases"}
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_documented(case: schemathesis.Case[Any]) -> None:
            # An inverted range ("from" after "to") is a schema-valid request the API
            # refuses with a problem (400, documented): OpenAPI cannot say from <= to.
            nonlocal calls
            calls += 1
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        answers_as_documented()
    assert calls >= 250  # a few hundred requests
