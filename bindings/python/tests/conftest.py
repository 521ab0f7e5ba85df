"""Shared fixtures: the repository's cross-language vectors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "vectors"
HEADER = REPO / "ffi" / "include" / "zcrypto.h"


def load_foundation() -> List[Dict[str, Any]]:
    cases = json.loads((VECTORS / "foundation.json").read_text())["cases"]
    assert len(cases) > 250, f"only {len(cases)} foundation cases"
    return cases


def cases_of(op: str) -> List[Dict[str, Any]]:
    """The foundation cases of one op; fails (at collection) if there are none."""
    out = [c for c in load_foundation() if c["op"] == op]
    assert out, f"no {op!r} cases in vectors/foundation.json"
    return out


def h(c: Dict[str, Any], key: str) -> bytes:
    """A hex field of a case (missing = empty)."""
    return bytes.fromhex(c.get(key, ""))


@pytest.fixture(scope="session")
def rfc9162() -> Dict[str, Any]:
    return json.loads((VECTORS / "merkle" / "rfc9162.json").read_text())
