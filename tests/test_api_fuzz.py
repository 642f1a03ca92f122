"""Every API operation, fed what its OpenAPI document allows and what it does not: never a 500.

Schemathesis draws requests from ``/api/v1/openapi.json`` (valid ones, and values outside
each parameter's schema: huge ids, odd digits, control characters, wrong JSON types) and
sends them to the app in the same process, as a coordinator with a bearer token. Any answer
is fine but a server error. Run by hand against a live server with more examples, it found
the cases kept in ``tests/test_odd_input.py``; here it runs a fixed set of examples
(``derandomize``), so CI is deterministic and quick, and a new crash fails the suite.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

from grievance.api.openapi import document
from grievance.services.tokens import create_token
from tests.factories import make_complaint, make_user

EXAMPLES = 30  # per operation, database and mode
OPERATIONS = [(path, method.upper()) for path, item in document()["paths"].items()
              for method in item]


@pytest.fixture
def fuzz_app(make_app):
    # Without rate limits: the public filing allows 20 an hour, and a 429 tests nothing.
    return make_app(RATELIMIT_ENABLED=False)


# Positive: requests the document allows. Negative: each one made invalid somewhere (a value
# outside its schema, a wrong type, a missing required field).
@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("path,method", OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_request_ends_in_a_server_error(fuzz_app, path, method, mode):
    with fuzz_app.app_context():
        headers = {"Authorization": f"Bearer {create_token(make_user('coordinator'))}"}
        received = make_complaint(status="received")
        triaged = make_complaint(status="triaged")
        make_complaint(status="inspection")
        # Paths name a case that exists (a random id or code is a 404 that tests nothing):
        # the bodies and headers reach the workflow, the notes, the tracking and uploads.
        known = {"case_id": triaged.id, "tracking_code": received.tracking_code}
        access = {"X-Access-Code": received.plain_access_code} if "{tracking_code}" in path else {}
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)[path][method]
    names = {p.name for p in operation.path_parameters}
    crashes: list[str] = []

    @given(case=operation.as_strategy(
        mode, path_parameters={k: v for k, v in known.items() if k in names} or None))
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def send(case):
        response = case.call(headers={**headers, **access})
        if response.status_code >= 500:
            crashes.append(case.as_curl_command(headers={**headers, **access}))

    try:
        send()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid that still makes a request (a path
        # with only a well-formed id, no query, no body): the positive run covers it.
        assert mode is schemathesis.GenerationMode.NEGATIVE
    assert not crashes, "\n".join(crashes[:3])
