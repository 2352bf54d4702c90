// First-load JavaScript per route, from the build output. Next 16 no longer prints it.
//
// A route's HTML loads, as <script async> tags: the root main files of `build-manifest.json`
// (React, the App Router, the Turbopack runtime; its `polyfillFiles` are `noModule`, so modern
// browsers skip them) and, from the route's `page_client-reference-manifest.js`, the
// `entryJSFiles` of every segment it renders: root layout, not-found, global-error, group
// layouts, error boundaries, the page. The sum of their gzipped sizes is what a first visit
// downloads before the page is interactive; chunks loaded later with `import()` don't count.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** Gzip level 9, as Next's own size table measured (gzip-size). */
export const gzippedSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The object a `*_client-reference-manifest.js` assigns to `globalThis.__RSC_MANIFEST[...]`. */
export function parseClientReferenceManifest(source) {
  const start = source.indexOf("= {");
  if (start < 0) throw new Error("not a client reference manifest");
  return JSON.parse(
    source
      .slice(start + 2)
      .trim()
      .replace(/;$/, ""),
  );
}

/**
 * The scripts an HTML page makes a browser load: its `<script src>` tags (without `noModule`
 * ones) and the chunks of client components named in the inline RSC payload, which the App
 * Router loads while hydrating. As `static/chunks/…` paths.
 */
export function scriptsInHtml(html) {
  const noModule = new Set();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const file = /\/_next\/(static\/[^"?]+\.js)/.exec(tag)?.[1];
    if (file && /\bnomodule\b/i.test(tag)) noModule.add(file);
  }
  const files = [];
  for (const [, file] of html.matchAll(/\/_next\/(static\/chunks\/[\w.-]+\.js)/g)) {
    if (!noModule.has(file) && !files.includes(file)) files.push(file);
  }
  return files;
}

/** Page routes of the build: URL path -> the app-router entry (`/(app)/boards/[boardId]/page`). */
export function pageRoutes(nextDir) {
  const routes = readJson(join(nextDir, "app-path-routes-manifest.json"));
  return Object.entries(routes)
    .filter(([entry]) => entry.endsWith("/page") && !entry.startsWith("/_global-error"))
    .map(([entry, path]) => ({ entry, path }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The JS files a route's HTML loads, in load order, without duplicates. */
export function routeScripts(nextDir, entry) {
  const build = readJson(join(nextDir, "build-manifest.json"));
  const manifest = parseClientReferenceManifest(
    readFileSync(join(nextDir, "server", "app", `${entry}_client-reference-manifest.js`), "utf8"),
  );
  const files = [...build.rootMainFiles];
  for (const segmentFiles of Object.values(manifest.entryJSFiles)) {
    for (const file of segmentFiles) if (!files.includes(file)) files.push(file);
  }
  return files;
}

/** Raw and gzipped bytes of some files of `.next`. */
export function measure(nextDir, files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(nextDir, file));
    raw += bytes.length;
    gzip += gzippedSize(bytes);
  }
  return { files: files.length, raw, gzip };
}

/** First-load JS of every page route of a build (`nextDir` is the app's `.next`). */
export function firstLoadByRoute(nextDir) {
  return pageRoutes(nextDir).map(({ entry, path }) => {
    const scripts = routeScripts(nextDir, entry);
    return { path, entry, scripts, ...measure(nextDir, scripts) };
  });
}
