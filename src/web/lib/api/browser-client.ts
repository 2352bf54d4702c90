import { createClient, createConfig } from "./generated/client";
import type { Client } from "./generated/client";
import { createSessionFetch } from "./session-fetch";

let client: Client | undefined;

function goToSignIn() {
  const next = `${window.location.pathname}${window.location.search}`;
  // A full navigation on purpose: nothing of the expired session's client state may survive.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/sign-in?next=${encodeURIComponent(next)}`);
}

/** The API client of the browser: same origin (the Next server proxies /api), cookie auth. */
export function browserClient(): Client {
  client ??= createClient(
    createConfig({
      baseUrl: window.location.origin,
      credentials: "same-origin",
      fetch: createSessionFetch({ onSessionExpired: goToSignIn }),
    }),
  );
  return client;
}
