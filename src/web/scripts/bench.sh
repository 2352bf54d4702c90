#!/usr/bin/env bash
# The web report (docs/benchmarks.md, "Web build and Lighthouse"):
#
#   ./pants run src/web:bench -- [--record docs/benchmarks.md] [--runs 5]
#
# Pants lays the app's sources, its generated client and the API PEX out in $CHROOT. This
# builds the app there from scratch and times `next build`, builds the starter page
# (bench/starter: create-next-app's default page, the framework's floor), starts the API PEX on
# a fresh SQLite file and both standalone servers (as the e2e target does), and runs
# bench/report.mjs: first-load JS per route, then Lighthouse on a signed-in board page with real
# data and on the starter page, mobile (calibrated CPU slowdown) and desktop. Exits 3 when a
# target fails.
set -euo pipefail
root=$PWD
: "${CHROOT:?is unset: run this through ./pants run src/web:bench}"
app="$CHROOT/src/web"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$app/scripts/lib.sh"
# Lighthouse measures the full browser, as visitors run it.
chromium=$(find_chromium /usr/bin/chromium /usr/bin/google-chrome)
[ -n "$chromium" ] || { echo "bench: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}: apt-get install chromium, or set CHROMIUM_PATH" >&2; exit 1; }
python=$(find_python311)
[ -n "$python" ] || { echo "bench: no CPython 3.11 found to run the API PEX" >&2; exit 1; }

load=$(cut -d' ' -f1 /proc/loadavg)
commit=$(git -C "$root" rev-parse --short HEAD)
if [ -n "$(git -C "$root" status --porcelain -- src/web src/python)" ]; then
  commit="$commit + uncommitted changes"
fi

cd "$app"
# Not timed: the app's node_modules (from the shared store) and the report's own tools.
bash scripts/with-deps.sh true
for tools in bench bench/starter; do
  (cd "$tools" && node "$TASKBOARD_PNPM" install --frozen-lockfile --prefer-offline \
    --ignore-scripts --store-dir "$TASKBOARD_PNPM_STORE" --reporter=silent)
done

export NEXT_TELEMETRY_DISABLED=1
started=$(date +%s%N)
node node_modules/next/dist/bin/next build
finished=$(date +%s%N)
node scripts/prepare-standalone.mjs
build_ms=$(( (finished - started) / 1000000 ))
# The starter with the same Next and the same build command (not timed).
(cd bench/starter && node node_modules/next/dist/bin/next build >/dev/null)
node scripts/prepare-standalone.mjs bench/starter

work=$(mktemp -d)
pids=()
stop() {
  if [ ${#pids[@]} -gt 0 ]; then kill "${pids[@]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
web_port=$(free_port)
starter_port=$(free_port)

# The API as the e2e tests run it (playwright.config.ts): test settings on a new SQLite file.
ENVIRONMENT=test HOST=127.0.0.1 PORT="$api_port" DATABASE_URL="sqlite:///$work/taskboard.db" \
  SECRET_KEY="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" PASSWORD_HASH_TIME_COST=1 \
  PASSWORD_HASH_MEMORY_KIB=8192 LOG_LEVEL=WARNING \
  "$python" "$CHROOT/src.python.taskboard/api.pex" >"$work/api.log" 2>&1 &
pids+=($!)
NODE_ENV=production HOSTNAME=127.0.0.1 PORT="$web_port" API_URL="http://127.0.0.1:$api_port" \
  LOG_LEVEL=warn node .next/standalone/server.js >"$work/web.log" 2>&1 &
pids+=($!)
NODE_ENV=production HOSTNAME=127.0.0.1 PORT="$starter_port" \
  node bench/starter/.next/standalone/server.js >"$work/starter.log" 2>&1 &
pids+=($!)

cd "$root"
status=0
# Lighthouse's reports and Chromium's profiles land in $work, which the trap removes.
TMPDIR="$work" node "$app/bench/report.mjs" --app "$app" --web "http://127.0.0.1:$web_port" \
  --api "http://127.0.0.1:$api_port" \
  --starter-app "$app/bench/starter" --starter "http://127.0.0.1:$starter_port" \
  --build-ms "$build_ms" --commit "$commit" --load "$load" \
  --chromium "$chromium" --lighthouse "$app/bench/node_modules/lighthouse/cli/index.js" "$@" ||
  status=$?
# 3: the figures are in, and the report has named the targets that failed.
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  echo "bench: the report failed; the servers' logs:" >&2
  tail -n 30 "$work/api.log" "$work/web.log" "$work/starter.log" >&2
  status=1
fi
[ "$status" -eq 0 ] || exit "$status"
