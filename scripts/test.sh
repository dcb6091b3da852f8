#!/usr/bin/env bash
# What CI runs: lint, strict typing, then the tests (including the CASE 2021 quality gate).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy
.venv/bin/pytest -q "$@"
