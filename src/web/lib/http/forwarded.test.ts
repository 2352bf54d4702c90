/** @jest-environment node */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

import { parseEnv, serverEnvSchema } from "@/lib/env/schema";

import {
  applyProxyTrust,
  clientAddress,
  parseProxyTrust,
  trustForwardedHeaders,
} from "./forwarded";

const nobody = parseProxyTrust("");
const edge = parseProxyTrust("10.0.0.0/8, 192.168.1.7, fd00::/8");

function request(peer: string, headers: IncomingMessage["headers"]): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe("parseProxyTrust", () => {
  it("reads addresses, CIDR blocks of both families and *", () => {
    expect(parseProxyTrust("*")).toEqual({ all: true });
    expect(clientAddress("10.1.2.3", "203.0.113.9", edge)).toBe("203.0.113.9");
    expect(clientAddress("fd00::5", "203.0.113.9", edge)).toBe("203.0.113.9");
    expect(clientAddress("192.168.1.8", "203.0.113.9", edge)).toBe("192.168.1.8");
  });

  it("refuses anything that is not an address, naming the entry", () => {
    for (const bad of [
      "10.0.0.0/33",
      "::1/129",
      "proxy.internal",
      "10.0.0.1/8/2",
      "1.2.3/8",
      "10.0.0.0/x",
    ]) {
      expect(() => parseProxyTrust(`127.0.0.1,${bad}`)).toThrow(`"${bad}" is not an IP address`);
    }
  });

  it("is read from FORWARDED_ALLOW_IPS, trusting nobody by default", () => {
    const env = parseEnv(serverEnvSchema, {});
    expect(clientAddress("127.0.0.1", "203.0.113.9", env.FORWARDED_ALLOW_IPS)).toBe("127.0.0.1");
    expect(() => parseEnv(serverEnvSchema, { FORWARDED_ALLOW_IPS: "edge" })).toThrow(
      /FORWARDED_ALLOW_IPS: "edge" is not an IP address/,
    );
  });
});

describe("clientAddress", () => {
  it("ignores the header of a peer nobody trusts: the socket is the client", () => {
    expect(clientAddress("198.51.100.4", "203.0.113.9", nobody)).toBe("198.51.100.4");
    expect(clientAddress("198.51.100.4", "203.0.113.9", edge)).toBe("198.51.100.4");
  });

  it("walks a trusted chain from the right to the first untrusted hop", () => {
    // The client forged the first entry; the edge appended the address it saw.
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.9", edge)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", "10.0.0.3, 10.0.0.9", edge)).toBe("10.0.0.3");
    expect(clientAddress("10.0.0.2", undefined, edge)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "203.0.113.9", { all: true })).toBe("203.0.113.9");
  });

  it("reads IPv4-mapped IPv6 peers as IPv4", () => {
    expect(clientAddress("::ffff:10.0.0.2", "203.0.113.9", edge)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:198.51.100.4", "203.0.113.9", edge)).toBe("198.51.100.4");
  });
});

describe("applyProxyTrust", () => {
  it("drops every X-Forwarded-* an untrusted peer sent", () => {
    const forged = request("198.51.100.4", {
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-forwarded-port": "443",
      host: "board.example",
    });
    applyProxyTrust(forged, edge);
    expect(forged.headers).toEqual({ "x-forwarded-for": "198.51.100.4", host: "board.example" });
  });

  it("keeps a trusted proxy's scheme and host and resolves its chain", () => {
    const proxied = request("10.0.0.2", {
      "x-forwarded-for": "1.1.1.1, 203.0.113.9",
      "x-forwarded-proto": "https",
    });
    applyProxyTrust(proxied, edge);
    expect(proxied.headers).toEqual({
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-proto": "https",
    });
  });
});

describe("trustForwardedHeaders", () => {
  it("rewrites the headers before a real server's request listener sees them", async () => {
    trustForwardedHeaders(nobody);
    const server = createServer((req, res) => res.end(String(req.headers["x-forwarded-for"])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { "x-forwarded-for": "203.0.113.9" },
      });
      expect(await answer.text()).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
