"""Make a virtual environment hold exactly what a lock file says, and nothing else.

    python scripts/install_locked.py requirements/lock.txt

Run with the environment's own interpreter. In order: pip and setuptools at their locked
versions (the one source distribution in the lock is built with them, not with whatever a
build environment would download that day), then every locked package with its hashes and
without dependency resolution (the lock already holds the whole tree), then anything the
lock does not name is removed, and the result is compared with the lock: a version that
differs, or a package too many or too few, stops the set-up with the difference printed.
Finally `pip check` proves every installed package has what it declares.

`make lock` regenerates the lock files from pyproject.toml (see CONTRIBUTING.md).
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
BOOTSTRAP = ("pip", "setuptools")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def blocks(lock: Path) -> dict[str, tuple[str, str]]:
    """Each pinned package: its normalised name -> (version, its lines with hashes)."""
    found: dict[str, tuple[str, str]] = {}
    current: list[str] = []
    for line in lock.read_text().splitlines():
        if current:
            current.append(line)
        else:
            match = REQUIREMENT.match(line)
            if not match:
                continue
            current = [line]
        if not line.rstrip().endswith("\\"):
            head = REQUIREMENT.match(current[0])
            assert head is not None
            found[normalise(head.group(1))] = (head.group(2), "\n".join(current) + "\n")
            current = []
    return found


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def installed() -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "freeze", "--all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    versions = {}
    for line in out.splitlines():
        match = REQUIREMENT.match(line)
        if match:
            versions[normalise(match.group(1))] = match.group(2)
    return versions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lock", type=Path)
    args = parser.parse_args()
    locked = blocks(args.lock)
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp, "bootstrap.txt")
        first.write_text("".join(locked[name][1] for name in BOOTSTRAP if name in locked))
        pip("install", "-q", "--no-deps", "--require-hashes", "-r", str(first))
    pip(
        "install",
        "-q",
        "--no-deps",
        "--require-hashes",
        "--no-build-isolation",
        "-r",
        str(args.lock),
    )
    # pip stays even where the lock does not name it (an image's own pip installs the lock).
    extra = sorted(set(installed()) - set(locked) - {"pip"})
    if extra:
        pip("uninstall", "-q", "-y", *extra)
    have = installed()
    problems = [
        f"{name}: locked {version}, installed {have.get(name, 'nothing')}"
        for name, (version, _) in sorted(locked.items())
        if have.get(name) != version
    ]
    problems += [
        f"{name}: installed {have[name]}, not in the lock"
        for name in set(have) - set(locked) - {"pip"}
    ]
    if problems:
        print(f"The environment differs from {args.lock}:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    pip("check")
    print(f"{len(locked)} packages installed exactly as {args.lock} pins them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
