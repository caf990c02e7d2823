"""axe-core in the browser tests: inject the vendored copy into the page and fail on every
serious or critical violation of WCAG 2.0/2.1 level A and AA.

Our pages' Content-Security-Policy allows no inline script, and `page.add_script_tag` adds
one (its `path=` is read here and inlined), which the policy refuses. `page.evaluate` runs
the library's text through the DevTools protocol instead, which the policy does not govern;
axe itself needs no `eval`, so it runs with the page's policy fully in force
(tests/browser/test_accessibility.py proves both).
"""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")


@cache
def _source() -> str:
    # Ending in a statement, not a function: Playwright evaluates the text as a script.
    return AXE.read_text(encoding="utf-8") + "\n;undefined"


def axe_inject(page) -> None:
    """Load axe into the current document (again after each navigation)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())


def axe_run(page, *, exclude: list[str] | None = None) -> list[dict]:
    """The page's serious and critical WCAG 2.x A/AA violations, as axe reports them."""
    axe_inject(page)
    results = page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
            return await window.axe.run(context, {
                runOnly: { type: "tag", values: tags },
                resultTypes: ["violations"],
            });
        }""",
        [WCAG_AA, exclude or []],
    )
    return [v for v in results["violations"] if v["impact"] in SERIOUS]


def describe(violations: list[dict]) -> str:
    """One line per failing element: rule, impact, selector, what to fix and where to read."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {target}\n"
                f"  {violation['help']} — {violation['helpUrl']}\n"
                f"  {node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return "\n".join(lines)


def assert_accessible(page, what: str = "", *, exclude: list[str] | None = None) -> None:
    """Fail listing each serious or critical violation of the page now shown."""
    violations = axe_run(page, exclude=exclude)
    assert not violations, (
        f"axe found serious or critical WCAG 2.1 AA violations on {what or page.url}:\n"
        + describe(violations)
    )
