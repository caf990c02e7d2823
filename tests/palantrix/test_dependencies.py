"""What gets installed is what the lock says, and the lock covers what the code imports.

A clean checkout must install the same packages on any day: pyproject.toml declares ranges,
requirements/lock.txt pins the whole tree with hashes, and these tests fail when the three
(code, pyproject, lock) drift apart or the documents name another version.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
WEB = ROOT / "requirements" / "web.txt"
WORKER = ROOT / "requirements" / "worker.txt"
OWN_PACKAGES = {
    "palantrix",
    "api",
    "web",
    "review",
    "interviews",
    "scoring",
    "compliance",
    "tests",
    "benchmarks",
    "scripts",
    "deploy",
}
SKIP_DIRS = {".venv", ".services", "var", "node_modules", "staticfiles", "test-results"}
# Only the workers may have these; the web image must not.
ML_ONLY = {"torch", "faster-whisper", "sentence-transformers", "ctranslate2"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _declared() -> list[Requirement]:
    project = _pyproject()["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return [Requirement(line) for line in requirements]


PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s|\\|$)", re.MULTILINE)


def _pins(path: Path) -> dict[str, str]:
    return {canonicalize_name(name): pinned for name, pinned in PIN.findall(path.read_text())}


def _third_party_imports() -> dict[str, str]:
    """Top-level module -> one file importing it, over the project's own Python files."""
    found: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        if SKIP_DIRS & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in OWN_PACKAGES:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_imported_package_is_declared_in_pyproject():
    declared = {canonicalize_name(requirement.name) for requirement in _declared()}
    owners = packages_distributions()
    undeclared = []
    for module, where in sorted(_third_party_imports().items()):
        distributions = {canonicalize_name(name) for name in owners.get(module, [])}
        if not distributions & declared:
            undeclared.append(f"{module} (imported in {where}; from {sorted(distributions)})")
    assert not undeclared, "imported but not declared in pyproject.toml: " + ", ".join(undeclared)


def test_the_lock_satisfies_every_declared_requirement():
    pins = _pins(LOCK)
    stale = []
    for requirement in _declared():
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None or not requirement.specifier.contains(pinned, prereleases=True):
            stale.append(f"{requirement} (lock: {pinned})")
    assert not stale, "pyproject.toml changed since `make lock`: " + ", ".join(stale)


def test_every_locked_package_is_pinned_with_hashes():
    text = LOCK.read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 7)[-1])
    unhashed = [block.split()[0] for block in blocks if "==" in block and "--hash=" not in block]
    assert not unhashed
    assert "torch==2.13.0+cpu" in text, "the lock must take torch's CPU build"


def test_the_installed_environment_is_exactly_the_lock():
    wrong = []
    for name, pinned in _pins(LOCK).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "nothing"
        if installed != pinned:
            wrong.append(f"{name}: locked {pinned}, installed {installed}")
    assert not wrong


def test_the_image_locks_are_subsets_and_the_web_one_has_no_ml_stack():
    full, web, worker = _pins(LOCK), _pins(WEB), _pins(WORKER)
    assert web
    assert worker
    for subset in (web, worker):
        assert {name: full.get(name) for name in subset} == subset
    assert not ML_ONLY & set(web)
    assert set(worker) >= ML_ONLY
    assert not {"pytest", "playwright", "ruff", "pip-tools", "triton"} & set(worker)
    base = {canonicalize_name(Requirement(r).name) for r in _pyproject()["project"]["dependencies"]}
    assert base <= set(web)
    assert base <= set(worker)


def test_the_documents_name_the_locked_versions():
    """The technical documentation and the instructions for use render these versions
    (compliance.transparency.configuration); a test elsewhere keeps the committed technical
    documentation equal to its rendering."""
    from compliance.transparency import configuration

    pins = _pins(LOCK)
    named = configuration()["versions"]
    assert "sentence_transformers" in named
    assert {name: pins[canonicalize_name(name)] for name in named} == named
