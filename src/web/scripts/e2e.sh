#!/usr/bin/env bash
# The browser end-to-end tests as the Pants target src/web:e2e runs them: Playwright starts the
# API PEX and the standalone web server that the graph built, and drives Debian's Chromium
# (`playwright install` needs a CDN these machines cannot reach; Cypress likewise).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source-path=SCRIPTDIR source=lib.sh
source scripts/lib.sh
# Headless shell first: the build Playwright itself drives headless, without the full browser's
# UI; the suite took 46 s on it against 61 s on the full browser (docs/benchmarks.md).
browsers=(/usr/bin/chromium-headless-shell /usr/bin/chromium /usr/bin/google-chrome)
chromium=$(find_chromium "${browsers[@]}")
if [ -z "$chromium" ]; then
  where=${CHROMIUM_PATH:-"any of ${browsers[*]}"}
  if [ "${CI:-}" = "true" ]; then
    echo "e2e: no browser at $where: CI must provide one (apt-get install chromium-headless-shell)" >&2
    exit 1
  fi
  echo "e2e: SKIPPED: no browser at $where; apt-get install chromium-headless-shell, or set CHROMIUM_PATH" >&2
  exit 0
fi
python=$(find_python311)
[ -n "$python" ] || { echo "e2e: no CPython 3.11 found to run the API PEX" >&2; exit 1; }
# The launcher's PEX cache outside the sandbox: the API PEX's wheels are unpacked once, not on
# every run (a changed PEX only re-links its venv). Content-addressed, so sharing it is safe.
export PEX_ROOT="${TASKBOARD_PEX_ROOT:-$PWD/.pex-root}"
export CHROMIUM_PATH="$chromium"
# The requirements PEX with the API's sources on its path: what the API image installs.
export E2E_API_COMMAND="PEX_EXTRA_SYS_PATH=$PWD/../python $python ../../src.python.taskboard/api-deps.pex"
export E2E_API_CWD="$PWD"
exec node node_modules/@playwright/test/cli.js test
