#!/usr/bin/env bash
# Create .venv and install newsweave with its models (spaCy en_core_web_sm 3.8.0, all-MiniLM-L6-v2) and the
# CPU build of torch pinned in pyproject.toml. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
