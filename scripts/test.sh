#!/usr/bin/env bash
# Install (if needed) and run the whole test suite, the store's tests on SQLite and on a PostgreSQL server that
# scripts/postgres.sh installs (if missing) and starts; a server this script started is stopped at the end.
# NEWSWEAVE_TEST_PG=postgresql://... uses that server instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/browser.sh
if [ -z "${NEWSWEAVE_TEST_PG:-}" ]; then
    NEWSWEAVE_TEST_PG=$(PYTHON=.venv/bin/python bash scripts/postgres.sh start)
    trap 'bash scripts/postgres.sh stop' EXIT
fi
export NEWSWEAVE_TEST_PG
.venv/bin/python -m pytest -q "$@"
