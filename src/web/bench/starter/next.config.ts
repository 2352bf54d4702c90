import type { NextConfig } from "next";

// The app's build settings (src/web/next.config.ts) that shape what a browser gets: the
// standalone server, strict mode, no X-Powered-By. The rest of the starter is create-next-app
// 16.4's default template ("app-tw", TypeScript); its recommended `cacheComponents` stays off,
// as it is in the app.
const nextConfig: NextConfig = {
  output: "standalone",
  reactStrictMode: true,
  poweredByHeader: false,
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;
