"""Shared test fixtures: golden files, the shared sample, the CSL-JSON schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: no per-example deadline (a loaded machine is not a failure); in CI
# the examples are derandomized so that a run is repeatable, like every other test.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TESTS = Path(__file__).parent
ROOT = TESTS.parent
GOLDEN = TESTS / "golden"
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "buchanan-listing.txt"
SCHEMA = SHARED / "schemas" / "csl-data.json"
EXAMPLE_LISTING = ROOT / "examples" / "listing.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file under tests/golden/ (or rewrite it with --update-goldens)."""
    update = request.config.getoption("--update-goldens")

    def check(relative: str, actual: str) -> None:
        path = GOLDEN / relative
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"golden file {relative} is missing; run pytest --update-goldens"
        expected = path.read_bytes().decode("utf-8")  # no newline translation: RIS is CRLF
        assert actual == expected, f"output differs from golden file {relative}"

    return check


@pytest.fixture(scope="session")
def sample_text() -> str:
    """The real sample page from ../shared (skips when that folder is absent)."""
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample {SAMPLE} is not present")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def csl_validator():
    """A validator for CSL-JSON output against ../shared/schemas/csl-data.json."""
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.exists():
        pytest.skip(f"the CSL-JSON schema {SCHEMA} is not present")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema)
