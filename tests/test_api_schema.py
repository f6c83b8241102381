"""The running API against its own OpenAPI 3.1 document, with schemathesis.

Valid requests (by the document) must get documented, schema-conformant answers; invalid ones
must never be a server error and must be answered as documented. Each operation runs a few
deterministic Hypothesis examples (schemathesis's strategies with `@given`, so the test ids
stay ordinary pytest ids).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

QUICK = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))
OPERATIONS = ["/", "/services", "/services/{id}", "/organizations", "/organizations/{id}",
              "/taxonomy", "/taxonomy/{id}", "/openapi.json", "/profile", "/export.csv",
              "/export.zip"]
WITH_PARAMETERS = [p for p in OPERATIONS if p not in ("/", "/openapi.json", "/profile",
                                                       "/export.csv")]
# The in-process WSGI transport does not decompress; ask for plain bodies.
PLAIN = {"Accept-Encoding": "identity"}
ANSWERS_AS_DOCUMENTED = [not_a_server_error, status_code_conformance, content_type_conformance,
                         response_schema_conformance]


def operation(app, path):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return schema[path]["GET"]


def test_the_document_lists_every_api_route(app):
    documented = {"/api/v1" + p.replace("{id}", "<id>") for p in OPERATIONS}
    routes = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")}
    assert routes - {"/api/v1/<path:unknown>"} == documented
    assert set(app.test_client().get("/api/v1/openapi.json").get_json()["paths"]) == set(OPERATIONS)


@pytest.mark.parametrize("path", OPERATIONS)
def test_valid_requests_get_documented_answers(app, path):
    @QUICK
    @given(case=operation(app, path).as_strategy(GenerationMode.POSITIVE))
    def check(case):
        case.call_and_validate(headers=PLAIN)

    check()


@pytest.mark.parametrize("path", WITH_PARAMETERS)
def test_invalid_requests_never_break_the_api(app, path):
    @QUICK
    @given(case=operation(app, path).as_strategy(GenerationMode.NEGATIVE))
    def check(case):
        case.call_and_validate(headers=PLAIN, checks=ANSWERS_AS_DOCUMENTED)

    check()
