#!/usr/bin/env bash
# The browser end-to-end tests as the Pants target src/web:e2e runs them: Playwright starts the
# API PEX and the standalone web server that the graph built, and drives Debian's Chromium
# (`playwright install` needs a CDN these machines cannot reach; Cypress likewise).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source-path=SCRIPTDIR source=lib.sh
source scripts/lib.sh
chromium=$(find_chromium)
if [ -z "$chromium" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "e2e: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}: CI must provide it (apt-get install chromium)" >&2
    exit 1
  fi
  echo "e2e: SKIPPED: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}; install Debian's chromium or set CHROMIUM_PATH" >&2
  exit 0
fi
python=$(find_python311)
[ -n "$python" ] || { echo "e2e: no CPython 3.11 found to run the API PEX" >&2; exit 1; }
# The launcher's PEX cache outside the sandbox: the API PEX's wheels are unpacked once, not on
# every run (a changed PEX only re-links its venv). Content-addressed, so sharing it is safe.
export PEX_ROOT="${TASKBOARD_PEX_ROOT:-$PWD/.pex-root}"
export CHROMIUM_PATH="$chromium"
export E2E_API_COMMAND="$python ../../src.python.taskboard/api.pex" E2E_API_CWD="$PWD"
exec node node_modules/@playwright/test/cli.js test
