"""Every test the risk register names exists, so the register cannot drift."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT / "docs" / "risks.md"


def named_tests() -> list[str]:
    return re.findall(r"`(tests/[\w/]+\.py::\w+)`", REGISTER.read_text())


def defined(node_id: str) -> bool:
    path, name = node_id.split("::")
    source = ROOT / path
    if not source.exists():
        return False
    tree = ast.parse(source.read_text())
    return any(isinstance(node, ast.FunctionDef) and node.name == name for node in ast.walk(tree))


def test_every_named_test_exists():
    names = named_tests()
    assert len(names) >= 13
    missing = [name for name in names if not defined(name)]
    assert missing == []


def test_every_risk_names_at_least_one_test():
    rows = [line for line in REGISTER.read_text().splitlines() if re.match(r"\| R\d+ ", line)]
    assert len(rows) >= 13
    assert all("tests/" in row.split("|")[4] for row in rows)
