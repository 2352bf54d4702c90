"use client";

import { ErrorPanel } from "@/components/layout/error-panel";

import "./globals.css";

export default function GlobalError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body>
        <ErrorPanel {...props} />
      </body>
    </html>
  );
}
