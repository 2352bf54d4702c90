#!/usr/bin/env bash
# The web in development, from the workspace: `./pants run :dev` starts it through with-deps.sh
# (node_modules from the frozen lockfile) with OPENAPI naming the API's document. It generates the
# typed client from that document, then runs `next dev` (hot reload) on HOSTNAME:PORT, its pino
# lines made readable by pino-pretty. Next's own lines pass through unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${OPENAPI:?must name the openapi.json of the API (./pants run :dev sets it)}"
node scripts/gen-api.mjs "$OPENAPI"
# In the background, so a signal reaches the trap at once (bash waits out a foreground job
# first); the trap stops the whole pipeline, this script's process group.
node node_modules/next/dist/bin/next dev --hostname "${HOSTNAME:-127.0.0.1}" --port "${PORT:-3000}" 2>&1 |
  node node_modules/pino-pretty/bin.js --colorize --ignore pid,hostname,service \
    --translateTime SYS:HH:MM:ss.l &
trap 'trap - TERM INT HUP; kill 0' TERM INT HUP
wait
