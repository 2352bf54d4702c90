// The web report: build time, first-load JS per route, and Lighthouse on a signed-in board page
// next to create-next-app's starter page (bench/starter), in the same run and the same way.
// scripts/bench.sh builds both, starts the servers, then runs this; see the usage there. Exits
// 3 when a target fails (after printing and recording the figures), 1 on an error.
//
//   node bench/report.mjs --app DIR --web URL --api URL --starter-app DIR --starter URL
//     --build-ms MS --commit C --chromium PATH --lighthouse CLI [--runs 5]
//     [--record docs/benchmarks.md] [--load L] [--command TEXT]
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { firstLoadByRoute, scriptsInHtml } from "./first-load.mjs";
import { calibratedMultiplier, lighthouseCli, median } from "./lighthouse.mjs";
import { seedBoard } from "./seed.mjs";

const BEGIN = "<!-- web-bench:begin -->";
const END = "<!-- web-bench:end -->";
const BOARD_ROUTE = "/boards/[boardId]";
const TARGETS = {
  boardFirstLoadKb: 150,
  mobile: 90,
  desktop: 98,
  /** Points the board may be below the starter page, on each setting. */
  starterGap: 5,
  accessibility: 95,
};

const { values: opts } = parseArgs({
  options: {
    app: { type: "string" },
    web: { type: "string" },
    api: { type: "string" },
    "starter-app": { type: "string" },
    starter: { type: "string" },
    "build-ms": { type: "string" },
    commit: { type: "string", default: "unknown" },
    chromium: { type: "string" },
    lighthouse: { type: "string" },
    runs: { type: "string", default: "5" },
    record: { type: "string" },
    load: { type: "string", default: "" },
    command: {
      type: "string",
      default: "./pants run src/web:bench -- --record docs/benchmarks.md",
    },
  },
});
for (const required of [
  "app",
  "web",
  "api",
  "starter-app",
  "starter",
  "build-ms",
  "chromium",
  "lighthouse",
]) {
  if (!opts[required]) throw new Error(`--${required} is required`);
}
const say = (line = "") => process.stdout.write(`${line}\n`);
const kb = (bytes) => (bytes / 1000).toFixed(1);
const verdict = (ok) => (ok ? "PASS" : "FAIL");
const signed = (n) => (n > 0 ? `+${n}` : String(n));

async function waitFor(url, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// --- measure -------------------------------------------------------------------------------
const buildSeconds = Number(opts["build-ms"]) / 1000;
const routes = firstLoadByRoute(join(opts.app, ".next"));
const board = routes.find((route) => route.path === BOARD_ROUTE);
if (!board) throw new Error(`no ${BOARD_ROUTE} page in ${opts.app}/.next`);
const starterRoute = firstLoadByRoute(join(opts["starter-app"], ".next")).find(
  (route) => route.path === "/",
);
if (!starterRoute) throw new Error(`no / page in ${opts["starter-app"]}/.next`);

await waitFor(new URL("/healthz", opts.api));
await waitFor(new URL("/healthz", opts.web));
await waitFor(new URL("/", opts.starter));
const seeded = await seedBoard(opts.web);
const boardUrl = new URL(`/boards/${seeded.boardId}`, opts.web).href;

// Cross-check the manifests against what the server really sends for the seeded board.
const served = await fetch(boardUrl, {
  headers: { cookie: seeded.cookieHeader },
  redirect: "manual",
});
const html = await served.text();
if (served.status !== 200 || !html.includes(seeded.title)) {
  throw new Error(`GET ${boardUrl}: HTTP ${served.status}, without the seeded tasks`);
}
const htmlScripts = scriptsInHtml(html);
const sameScripts =
  htmlScripts.length === board.scripts.length &&
  htmlScripts.every((file) => board.scripts.includes(file));

const pages = {
  board: { name: "board", url: boardUrl, headers: { Cookie: seeded.cookieHeader } },
  starter: { name: "starter", url: new URL("/", opts.starter).href },
};
const lighthouse = lighthouseCli({ cli: opts.lighthouse, chromium: opts.chromium });
const outDir = mkdtempSync(join(tmpdir(), "taskboard-lighthouse-"));
const runCount = Number(opts.runs);
const gathered = { board: [], starter: [] };
const desktop = { board: [], starter: [] };
// Rounds alternate which page goes first, so a busy spell of the shared machine falls on both.
for (let i = 1; i <= runCount; i += 1) {
  const order = i % 2 ? [pages.board, pages.starter] : [pages.starter, pages.board];
  for (const page of order) {
    say(`lighthouse round ${i}/${runCount}: ${page.name}, mobile (gathered)`);
    const dir = join(outDir, `${page.name}-${i}`);
    mkdirSync(dir);
    gathered[page.name].push(lighthouse.mobile(page, dir));
  }
  for (const page of order) {
    say(`lighthouse round ${i}/${runCount}: ${page.name}, desktop preset`);
    desktop[page.name].push(lighthouse.desktop(page, join(outDir, `${page.name}-${i}`)));
  }
}
// One multiplier for every load of the run, from the machine's median benchmark index over all
// of them: the board and the starter are simulated on the same phone.
const allGathered = [...gathered.board, ...gathered.starter];
const machineIndex = median(allGathered.map((g) => g.benchmarkIndex ?? 0));
const multiplier = calibratedMultiplier(machineIndex);
say(`machine benchmark index ${machineIndex} (median of ${allGathered.length}): ${multiplier}x`);
const mobile = {
  board: gathered.board.map((g) => lighthouse.reaudit(g, multiplier)),
  starter: gathered.starter.map((g) => lighthouse.reaudit(g, multiplier)),
};
const defaults = {
  board: gathered.board.map((g) => g.defaults),
  starter: gathered.starter.map((g) => g.defaults),
};

const score = (runs) => median(runs.map((run) => run.performance));
const perf = {
  mobile: { board: score(mobile.board), starter: score(mobile.starter) },
  desktop: { board: score(desktop.board), starter: score(desktop.starter) },
};
const accessibility = Math.min(
  median(mobile.board.map((run) => run.accessibility)),
  median(desktop.board.map((run) => run.accessibility)),
);

// --- report --------------------------------------------------------------------------------
const gap = (setting) => perf[setting].board - perf[setting].starter;
const of = `median of ${runCount}`;
const checks = [
  [
    "Board page first-load JS (gzip)",
    `${kb(board.gzip)} kB`,
    `<= ${TARGETS.boardFirstLoadKb} kB`,
    board.gzip <= TARGETS.boardFirstLoadKb * 1000,
  ],
  [
    `Board performance, mobile with calibrated CPU slowdown (${multiplier}x; ${of})`,
    String(perf.mobile.board),
    `>= ${TARGETS.mobile}`,
    perf.mobile.board >= TARGETS.mobile,
  ],
  [
    `Board performance, desktop preset (${of})`,
    String(perf.desktop.board),
    `>= ${TARGETS.desktop}`,
    perf.desktop.board >= TARGETS.desktop,
  ],
  [
    "Board against the starter page, mobile (calibrated)",
    `${perf.mobile.board} vs ${perf.mobile.starter} (${signed(gap("mobile"))})`,
    `>= -${TARGETS.starterGap}`,
    gap("mobile") >= -TARGETS.starterGap,
  ],
  [
    "Board against the starter page, desktop",
    `${perf.desktop.board} vs ${perf.desktop.starter} (${signed(gap("desktop"))})`,
    `>= -${TARGETS.starterGap}`,
    gap("desktop") >= -TARGETS.starterGap,
  ],
  [
    `Board accessibility (${of}, the lower of the two settings)`,
    String(accessibility),
    `>= ${TARGETS.accessibility}`,
    accessibility >= TARGETS.accessibility,
  ],
];

const first = mobile.board[0];
const chrome = /(?:Headless)?Chrome\/([\d.]+)/.exec(first.userAgent)?.[1] ?? "?";
const cell = (run) =>
  `${run.performance} | ${run.accessibility} | ${run.fcp.toFixed(0)} | ${run.lcp.toFixed(0)} | ` +
  `${run.tbt.toFixed(0)} | ${run.cls.toFixed(3)} | ${run.si.toFixed(0)} | ` +
  `${kb(run.scriptTransfer)} | ${run.benchmarkIndex ?? "?"}`;
const runRows = (runs, extra = () => "") =>
  Array.from({ length: runCount }, (_, i) =>
    ["board", "starter"].map(
      (name) => `| ${i + 1} | ${name} | ${cell(runs[name][i])} |${extra(name, i)}`,
    ),
  ).flat();
const runHeader = (extra = "") => [
  `| Round | Page | Performance | Accessibility | FCP ms | LCP ms | TBT ms | CLS | Speed Index ms | JS transferred kB | Benchmark index |${extra}`,
  `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |${extra ? " --- |" : ""}`,
];
const medianRun = (runs) => runs.find((run) => run.performance === score(runs)) ?? runs[0];
const longTasks = (runs) => {
  const run = medianRun(runs);
  const blocking = run.longTasks.filter((task) => task.ms > 50).slice(0, 6);
  const listed = blocking.map((t) => `${t.source} ${t.ms}`).join(", ");
  return `round ${runs.indexOf(run) + 1}: ${listed || "none over 50 ms"}`;
};

const lines = [
  BEGIN,
  "## Web build and Lighthouse",
  "",
  `Command: \`${opts.command}\` (rewrites this section; \`--runs N\` for another number of` +
    " Lighthouse rounds).",
  "",
  `Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? "?"}), Node ${process.version}, ` +
    `Chromium ${chrome} headless, Lighthouse ${first.version}, commit ${opts.commit}, ` +
    `${new Date().toISOString().slice(0, 10)}.`,
  "",
  "How it is measured:",
  "",
  "- Build: wall time of a cold `next build` (no `.next/cache`, as in the Pants sandbox) of the" +
    " sources Pants materialises, type check included; installs are not counted." +
    (opts.load ? ` Load average (1 min) when the run started: ${opts.load}.` : ""),
  "- First-load JS: the scripts a route's HTML loads, read from the build's manifests: the" +
    " `rootMainFiles` of `.next/build-manifest.json` (React, the App Router, the Turbopack" +
    " runtime; the `noModule` polyfills are skipped by modern browsers) plus the `entryJSFiles` of" +
    " every segment in the route's `page_client-reference-manifest.js` (root layout, not-found," +
    " global-error, group layouts, error boundaries, the page). Each file gzipped at level 9 (as" +
    " Next's old size table did), summed; 1 kB = 1000 bytes. Chunks fetched later by `import()`" +
    " (the API SDK, the task dialog, the event parser) are not first-load. Checked against the" +
    " served board page (its `<script src>` tags and the chunks its RSC payload names):" +
    ` ${sameScripts ? "the same files" : "DIFFERENT files (see below)"}.`,
  "- Lighthouse: the API PEX on a fresh SQLite file and the app's standalone server, both" +
    ` started by the command; a board seeded through the API (3 members, ${seeded.tasks} tasks` +
    " with assignees, due dates and descriptions); its owner's session cookie passed with" +
    " `--extra-headers`. Beside it, the starter page: `src/web/bench/starter`, create-next-app's" +
    " default App Router page built with the same Next and React versions and build settings" +
    " and served by its own standalone server (the framework's floor). Each round measures both" +
    " pages on both settings, alternating which goes first:",
  `  - mobile with the calibrated CPU slowdown: Lighthouse's mobile settings (simulated slow 4G)` +
    ' with the CPU slowdown Lighthouse\'s docs/throttling.md ("Calibrating the CPU slowdown")' +
    " computes for this machine's benchmark index with the calculator it links: linear between" +
    " 150 = 1x, 800 = 2x, 1300 = 3x, then +1x every 233 (2000 = 6x). The index is the median" +
    ` over the run's mobile loads, ${machineIndex} here: ${multiplier}x. Each load is gathered` +
    " once and its metrics simulated with that slowdown (and, for reference, the default 4x);",
  "  - the desktop preset (`--preset=desktop`: simulated 10 Mbps, 40 ms, no CPU slowdown).",
  "",
  "| Target | Measured | Wanted | Result |",
  "| --- | --- | --- | --- |",
  ...checks.map(([name, got, want, ok]) => `| ${name} | ${got} | ${want} | ${verdict(ok)} |`),
  `| Production build (\`next build\`) | ${buildSeconds.toFixed(1)} s | (no target) | |`,
  "",
  "| Route | Scripts | JS (raw kB) | First-load JS (gzip kB) |",
  "| --- | --- | --- | --- |",
  ...routes.map((r) => `| \`${r.path}\` | ${r.files} | ${kb(r.raw)} | ${kb(r.gzip)} |`),
  `| starter page \`/\` (no target) | ${starterRoute.files} | ${kb(starterRoute.raw)} |` +
    ` ${kb(starterRoute.gzip)} |`,
  "",
  `Mobile, calibrated CPU slowdown (${multiplier}x); the last column is the same load with the` +
    " default 4x:",
  "",
  ...runHeader(" Default 4x |"),
  ...runRows(mobile, (name, i) => ` ${defaults[name][i].performance} |`),
  "",
  "Desktop preset:",
  "",
  ...runHeader(),
  ...runRows(desktop),
  "",
  "Longest main-thread tasks of the median runs (simulated ms; each one's time over 50 ms" +
    " counts as blocking):",
  "",
  `- board, mobile ${longTasks(mobile.board)};`,
  `- starter, mobile ${longTasks(mobile.starter)};`,
  `- board, desktop ${longTasks(desktop.board)};`,
  `- starter, desktop ${longTasks(desktop.starter)}.`,
];
const failures = [
  ...new Set([...mobile.board, ...desktop.board].flatMap((run) => run.a11yFailures)),
];
if (failures.length) lines.push("", `Accessibility audits failed: ${failures.join(", ")}.`);
const everyRun = [mobile, desktop, defaults].flatMap((runs) => [...runs.board, ...runs.starter]);
const warnings = [...new Set(everyRun.flatMap((run) => run.warnings))];
if (warnings.length) lines.push("", `Lighthouse warnings: ${warnings.join(" ")}`);
if (!sameScripts) {
  lines.push("", `Served board page scripts: ${htmlScripts.join(", ")}.`);
  lines.push(`Manifest scripts: ${board.scripts.join(", ")}.`);
}
lines.push(END);
const section = lines.join("\n");

say();
say(section.split("\n").slice(1, -1).join("\n"));
say();
for (const [name, got, want, ok] of checks) say(`${verdict(ok)}  ${name}: ${got} (${want})`);

if (opts.record) {
  const doc = readFileSync(opts.record, "utf8");
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  const updated =
    begin >= 0 && end > begin
      ? doc.slice(0, begin) + section + doc.slice(end + END.length)
      : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(opts.record, updated);
  say(`recorded in ${opts.record}`);
}
const failed = checks.filter(([, , , ok]) => !ok).map(([name]) => name);
if (failed.length) {
  process.stderr.write(`bench: ${failed.length} target(s) failed: ${failed.join("; ")}\n`);
  process.exitCode = 3;
}
