#!/usr/bin/env bash
# Regenerate the lock files from pyproject.toml (`make lock`; see CONTRIBUTING.md).
#   requirements/lock.txt       everything `make` installs in .venv: the project's
#                               dependencies and its dev, ml and reference extras
#   requirements/web.txt        the web image's subset (no torch, no Whisper, no weights)
#   requirements/worker.txt     the worker image's subset: the ML stack, without dev tools and
#                               without the reference engine (openai-whisper pulls triton,
#                               1 GB installed, used only on GPUs; benchmarks run it in .venv);
#                               both subsets pinned to the same versions as lock.txt
#   requirements/ministack.txt  the local S3 server, in its own virtual environment
# pip-compile runs through pip, so pip's own configuration applies: on the project's
# machines it finds torch's CPU build in the local wheel folder. Elsewhere, give pip
# https://download.pytorch.org/whl/cpu as an extra index (the hashes are the same files').
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
COMPILE=("$PY" -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras
  --no-emit-find-links --no-emit-index-url --no-emit-trusted-host --resolver=backtracking)
"$PY" -m piptools --version >/dev/null 2>&1 || "$PY" -m pip install -q "pip-tools>=7.5,<8"
export CUSTOM_COMPILE_COMMAND="make lock"
"${COMPILE[@]}" --upgrade --extra dev --extra ml --extra reference \
  -o requirements/lock.txt pyproject.toml
# The web subset resolves against the full lock's versions, so the two never disagree.
constraints=requirements/.lock-constraints.txt
trap 'rm -f "$constraints"' EXIT
grep -E '^[A-Za-z0-9][A-Za-z0-9._-]*==' requirements/lock.txt | sed 's/ \\$//' >"$constraints"
"${COMPILE[@]}" --upgrade -c "$constraints" -o requirements/web.txt pyproject.toml
"${COMPILE[@]}" --upgrade -c "$constraints" --extra ml -o requirements/worker.txt pyproject.toml
sed -i "s#^    \(\#   -c\) requirements/.lock-constraints.txt#    \1 requirements/lock.txt#" \
  requirements/web.txt requirements/worker.txt
"${COMPILE[@]}" --upgrade -o requirements/ministack.txt requirements/ministack.in
# Install the new lock, then render the documents that name package versions from it.
"$PY" scripts/install_locked.py requirements/lock.txt
DJANGO_DEBUG=true "$PY" manage.py technical_documentation
echo "Locked: $(grep -c '==' requirements/lock.txt) packages in requirements/lock.txt," \
  "$(grep -c '==' requirements/web.txt) in web.txt, $(grep -c '==' requirements/worker.txt) in worker.txt, $(grep -c '==' requirements/ministack.txt) in ministack.txt."
