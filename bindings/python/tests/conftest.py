"""Shared fixtures. The repository root is found from this file's path
(bindings/python/tests/conftest.py); ../shared sits beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    path = Path(os.environ.get("MODELFUNNEL_SHARED_DIR", REPO.parent / "shared"))
    if not path.is_dir():
        pytest.skip("../shared not found")
    return path


@pytest.fixture(scope="session")
def maven_mapping(repo: Path, shared: Path) -> Path:
    if not (shared / "data" / "maven-crm" / "sales_pipeline.csv").is_file():
        pytest.skip("../shared not found")
    return repo / "examples" / "maven-crm" / "mapping.json"
