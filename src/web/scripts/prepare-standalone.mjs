// Next's standalone server does not include `public/` or `.next/static`: copy them beside
// `server.js` so `.next/standalone` is a self-contained artefact (for the image and for e2e).
// `node scripts/prepare-standalone.mjs [APP_DIR]`: the app by default, or another Next app's
// folder (the web report's starter page, bench/starter).
import { cpSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";

const root = process.argv[2] ? resolve(process.argv[2]) : new URL("..", import.meta.url).pathname;
const standalone = join(root, ".next", "standalone");

if (!existsSync(join(standalone, "server.js"))) {
  console.error("prepare-standalone: .next/standalone/server.js is missing; run `next build`");
  process.exit(1);
}
cpSync(join(root, ".next", "static"), join(standalone, ".next", "static"), { recursive: true });
if (existsSync(join(root, "public"))) {
  cpSync(join(root, "public"), join(standalone, "public"), { recursive: true });
}
