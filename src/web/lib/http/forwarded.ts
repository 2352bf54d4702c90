import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/**
 * Which peers may say who the client is: `FORWARDED_ALLOW_IPS`, as the API reads it (uvicorn's
 * rule). `*` trusts every peer (a web server only the edge can reach); otherwise a comma list
 * of addresses and CIDR blocks; empty trusts nobody, which is the default: a web server exposed
 * directly must take the client's address from its socket, never from a header the client wrote.
 */
export type ProxyTrust = { readonly all: true } | { readonly all: false; readonly list: BlockList };

const FORWARDED = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"];

/** The address without an IPv4-mapped IPv6 prefix (`::ffff:10.0.0.5` is `10.0.0.5`). */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Parse `FORWARDED_ALLOW_IPS`; throws one line naming the first entry that is not an address. */
export function parseProxyTrust(spec: string): ProxyTrust {
  const entries = spec
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.includes("*")) return { all: true };
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(plain(address));
    const maxBits = family === 6 ? 128 : 32;
    const badPrefix = bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits);
    if (family === 0 || rest.length > 0 || badPrefix) {
      throw new Error(`"${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, ::1, *)`);
    }
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(plain(address), type);
    else list.addSubnet(plain(address), Number(bits), type);
  }
  return { all: false, list };
}

function trusted(address: string, trust: ProxyTrust): boolean {
  if (trust.all) return true;
  const family = isIP(address);
  return family !== 0 && trust.list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address, walking `X-Forwarded-For` from the right (the entry the nearest proxy
 * wrote) past every trusted proxy, as uvicorn does. A header from an untrusted peer is ignored:
 * the peer is the client.
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trust: ProxyTrust,
): string {
  let client = plain(peer);
  if (!trusted(client, trust) || !forwardedFor) return client;
  const hops = forwardedFor
    .split(",")
    .map((hop) => plain(hop.trim()))
    .filter(Boolean);
  while (hops.length > 0 && trusted(client, trust)) client = hops.pop() as string;
  return client;
}

/** Rewrite one request's `X-Forwarded-*` headers before anything else in the server reads them. */
export function applyProxyTrust(request: IncomingMessage, trust: ProxyTrust): void {
  const peer = request.socket.remoteAddress;
  if (!peer) return;
  const header = request.headers["x-forwarded-for"];
  const forwardedFor = Array.isArray(header) ? header.join(",") : header;
  if (!trusted(plain(peer), trust)) {
    // Next recomputes scheme, host and port from the connection when they are absent.
    for (const name of FORWARDED) delete request.headers[name];
  }
  request.headers["x-forwarded-for"] = clientAddress(peer, forwardedFor, trust);
}

/**
 * Apply `trust` to every request this process serves. Next keeps a client's `X-Forwarded-For`
 * as it came (it only fills the header in when absent) and shows route handlers no socket, so
 * the rewrite happens on Node's own `http.server.request.start` channel, which fires before the
 * server's request listener runs: the proxy to the API (and so the API's sign-in rate limit)
 * sees the address the socket proves, or the one a trusted proxy vouched for.
 */
export function trustForwardedHeaders(trust: ProxyTrust): void {
  subscribe("http.server.request.start", (message) => {
    applyProxyTrust((message as { request: IncomingMessage }).request, trust);
  });
}
