#!/usr/bin/env bash
# Runs a command in src/web after installing node_modules from the frozen lockfile. Every web
# target of the Pants graph (src/web/BUILD) goes through it: each sandbox links its own
# node_modules from a package store outside the sandbox (seconds), which measured faster than
# passing a 600 MB node_modules digest between targets (docs/architecture.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${TASKBOARD_PNPM:?is unset: run web targets through ./pants, whose launcher installs pnpm}"
: "${TASKBOARD_PNPM_STORE:?is unset: run web targets through ./pants}"
# Pants sandboxes carry no HOME; pnpm and Next want one for their caches and config.
export HOME="${HOME:-$PWD/.home}"
export NEXT_TELEMETRY_DISABLED=1
node "$TASKBOARD_PNPM" install --frozen-lockfile --prefer-offline --ignore-scripts \
  --store-dir "$TASKBOARD_PNPM_STORE" --reporter=silent
exec "$@"
