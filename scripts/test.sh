#!/usr/bin/env bash
# Set up and run the whole test suite (lint first: a ruff error fails the run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/pytest "$@"
