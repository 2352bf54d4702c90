// Lighthouse runs of the web report (report.mjs): the two settings its verdict is on.
//
// - Mobile with the calibrated CPU slowdown. A run gathers the page once, unthrottled, and
//   Lighthouse's simulation (Lantern) then computes the metrics for a slow 4G phone whose CPU is
//   the host's divided by the multiplier. So a gathered load can be audited again with another
//   multiplier: each load is gathered with the default settings (4x) and audited again with the
//   multiplier calibrated to the machine's benchmark index (`calibratedMultiplier`).
// - The desktop preset (`--preset=desktop`: simulated 10 Mbps / 40 ms, no CPU slowdown).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const CHROME_FLAGS = "--headless=new --no-sandbox --disable-dev-shm-usage --disable-gpu";

/**
 * The CPU slowdown that emulates a mid-tier phone (Lighthouse's default target) on a host with
 * this benchmark index, as Lighthouse's docs/throttling.md ("Calibrating the CPU slowdown")
 * computes it: with the CPU slowdown calculator it links (lighthouse-cpu-throttling-calculator),
 * linear between its anchors 150 = 1x, 800 = 2x, 1300 = 3x, then +1x every 233 (1533 = 4x,
 * 2000 = 6x). The doc's table agrees: 4x (2-10x) from a high-end desktop (1500-2000), higher
 * at the top of the bracket. Rounded to 0.1x.
 */
export function calibratedMultiplier(benchmarkIndex) {
  let multiplier = 1;
  if (benchmarkIndex >= 1300) multiplier = 3 + (benchmarkIndex - 1300) / 233;
  else if (benchmarkIndex >= 800) multiplier = 2 + (benchmarkIndex - 800) / 500;
  else if (benchmarkIndex >= 150) multiplier = 1 + (benchmarkIndex - 150) / 650;
  return Math.round(multiplier * 10) / 10;
}

export const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs the Lighthouse CLI (`cli`: its index.js) with `chromium`. */
export function lighthouseCli({ cli, chromium }) {
  const run = (args) =>
    execFileSync(process.execPath, [cli, ...args], {
      env: { ...process.env, CHROME_PATH: chromium },
      stdio: ["ignore", "inherit", "inherit"],
    });

  function common(page, output) {
    const args = [
      page.url,
      "--quiet",
      "--output=json",
      "--only-categories=performance,accessibility",
      `--output-path=${output}`,
    ];
    if (page.headers) args.push(`--extra-headers=${JSON.stringify(page.headers)}`);
    return args;
  }

  return {
    /** Gathers one mobile page load (`-G`) and audits it with the default 4x slowdown. */
    mobile(page, dir) {
      const output = join(dir, "default.json");
      const artifacts = join(dir, "artifacts");
      run([...common(page, output), `-GA=${artifacts}`, `--chrome-flags=${CHROME_FLAGS}`]);
      const defaults = readRun(output, page.url);
      const artifactsFile = join(artifacts, "artifacts.json");
      return { dir, artifactsFile, page, defaults, benchmarkIndex: defaults.benchmarkIndex };
    },
    /** The same gathered load audited again (`-A`) with another CPU slowdown. */
    reaudit(gathered, multiplier) {
      // Lighthouse refuses to audit artifacts gathered with other settings: the saved settings
      // change with the flag (the gathered load itself does not depend on the multiplier).
      const saved = JSON.parse(readFileSync(gathered.artifactsFile, "utf8"));
      saved.settings.throttling.cpuSlowdownMultiplier = multiplier;
      writeFileSync(gathered.artifactsFile, JSON.stringify(saved));
      const output = join(gathered.dir, `calibrated-${multiplier}x.json`);
      run([
        ...common(gathered.page, output),
        `-A=${join(gathered.dir, "artifacts")}`,
        `--throttling.cpuSlowdownMultiplier=${multiplier}`,
      ]);
      return readRun(output, gathered.page.url);
    },
    /** One page load with the desktop preset. */
    desktop(page, dir) {
      const output = join(dir, "desktop.json");
      run([...common(page, output), "--preset=desktop", `--chrome-flags=${CHROME_FLAGS}`]);
      return readRun(output, page.url);
    },
  };
}

/** The figures of one Lighthouse report (`output`) of `url`. */
export function readRun(output, url) {
  const lhr = JSON.parse(readFileSync(output, "utf8"));
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) {
    throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not ${url}: not signed in?`);
  }
  const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
  const scripts = lhr.audits["resource-summary"]?.details?.items?.find(
    (item) => item.resourceType === "script",
  );
  const a11yFailures = lhr.categories.accessibility.auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
    .map((ref) => ref.id);
  return {
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    fcp: audit("first-contentful-paint"),
    lcp: audit("largest-contentful-paint"),
    tbt: audit("total-blocking-time"),
    cls: audit("cumulative-layout-shift"),
    si: audit("speed-index"),
    scriptTransfer: scripts?.transferSize ?? NaN,
    a11yFailures,
    warnings: lhr.runWarnings ?? [],
    version: lhr.lighthouseVersion,
    userAgent: lhr.environment?.hostUserAgent ?? "",
    benchmarkIndex: lhr.environment?.benchmarkIndex,
    longTasks: (lhr.audits["long-tasks"]?.details?.items ?? []).map((task) => ({
      source: !task.url.startsWith("http")
        ? task.url
        : task.url.endsWith(".js")
          ? new URL(task.url).pathname.split("/").at(-1)
          : "the page (HTML, inline scripts)",
      ms: Math.round(task.duration),
    })),
  };
}
