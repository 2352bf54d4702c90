import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { ThemeProvider } from "next-themes";

import { clientEnv } from "@/lib/env/client";
import { NONCE_HEADER } from "@/lib/http/csp";
import { geistSans } from "@/lib/fonts/geist";

import "./globals.css";

export const metadata: Metadata = {
  title: {
    default: clientEnv.NEXT_PUBLIC_APP_NAME,
    template: `%s · ${clientEnv.NEXT_PUBLIC_APP_NAME}`,
  },
  description: "A live, multi-user task board.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

// Every page is rendered per request: its scripts carry that response's CSP nonce (proxy.ts).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" className={geistSans.variable} suppressHydrationWarning>
      <body className="min-h-dvh font-sans">
        {/* next-themes: its inline script sets the class on <html> before the page paints (no
            white flash in dark mode), with the nonce that lets it run under the page's CSP. */}
        <ThemeProvider attribute="class" enableSystem storageKey="theme" nonce={nonce}>
          {children}
        </ThemeProvider>
      </body>
    </html>
  );
}
