// Next's standalone server does not include `public/` or `.next/static`: copy them beside
// `server.js` so `.next/standalone` is a self-contained artefact (for the image and for e2e).
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const standalone = join(root, ".next", "standalone");

if (!existsSync(join(standalone, "server.js"))) {
  console.error("prepare-standalone: .next/standalone/server.js is missing; run `next build`");
  process.exit(1);
}
cpSync(join(root, ".next", "static"), join(standalone, ".next", "static"), { recursive: true });
if (existsSync(join(root, "public"))) {
  cpSync(join(root, "public"), join(standalone, "public"), { recursive: true });
}
