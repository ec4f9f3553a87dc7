"""Issue 19.2: the API checked against its own served OpenAPI description with schemathesis.

Every operation, with data that fits the description (positive) and data that does not
(negative); every answer must be no server error, have a documented status code and match the
documented schema. Requests carry a staff token with the write scope, so the write operation
runs through the real services; positive cases use the test data's edition and keys, so that
reads and writes reach real content instead of ending in 404."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import kopf, token

# Per operation and mode: about a minute for the whole run on one core.
BEISPIELE = 12


# The description as served (it needs no database: loaded once, when the tests are collected).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=BEISPIELE,
    database="none",
)


@pytest.fixture(autouse=True)
def verbindung_behalten():
    """The WSGI app closes the database connection around each request (request_started,
    request_finished); here that connection holds the test's transaction, so, as Django's
    test client does, it stays open."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def schreibtoken(koordination):
    return token(koordination, "umsetzung")


@schema.parametrize()
# The fixtures hold the test data and a token; every generated request may use them as they are.
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
def test_api_nach_beschreibung(case, schreibtoken, inhalt, massnahme):
    if case.meta and case.meta.generation.mode == GenerationMode.POSITIVE:
        parameter = case.path_parameters or {}
        if "jahr" in parameter:
            parameter["jahr"] = inhalt.jahr
        if "key" in parameter:
            parameter["key"] = (
                massnahme.themenfeld.key if "themenfelder" in case.path else massnahme.key
            )
    case.call_and_validate(
        # The WSGI transport does not undo gzip, which the site applies to anonymous answers.
        headers={
            "Authorization": kopf(schreibtoken)["HTTP_AUTHORIZATION"],
            "Accept-Encoding": "identity",
        },
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
