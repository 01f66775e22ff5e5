#!/usr/bin/env bash
# Set up, then run ruff (lint and format), the layer contracts (import-linter), and the
# whole test suite with mypy beside it. Extra arguments go to pytest (.ci/run adds -n auto
# --dist loadgroup --db=both: one process per core, SQLite and PostgreSQL).
#
# The fast loop while editing (the unit tests, two processes, about 40 seconds; see
# docs/development.md):
#   .venv/bin/python -m pytest -n 2 -m "not integration" tests/publisher/core \
#     tests/worker/engines tests/test_layers.py tests/test_docs.py
# One backend or both for the database tests: --db=sqlite|postgres|both (or
# TARJIMA_TEST_DB); the default is sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
# mypy (a minute, one core) runs beside the tests, which leave a core idle a third of the
# time; its report follows theirs, and either failing fails the run.
mypy_log=$(mktemp)
.venv/bin/mypy >"$mypy_log" 2>&1 &
mypy_pid=$!
tests=0
.venv/bin/python -m pytest "$@" || tests=$?
types=0
wait "$mypy_pid" || types=$?
echo "mypy:"
cat "$mypy_log"
rm -f "$mypy_log"
if [ "$types" -ne 0 ]; then
  echo "mypy failed (exit status $types)"
fi
if [ "$tests" -ne 0 ] || [ "$types" -ne 0 ]; then
  exit 1
fi
