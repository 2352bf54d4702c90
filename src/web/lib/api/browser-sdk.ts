/**
 * The generated SDK with the browser's client, loaded on the first call. The board page and the
 * signed-in header call the API only on clicks, submits and stream reconnects, never to paint or
 * hydrate: loading the SDK and its client with `import()` keeps them (~4.4 kB gzip) out of those
 * pages' first-load JS. Forms that exist to call the API import the SDK directly.
 */
export async function browserSdk() {
  const [sdk, { browserClient }] = await Promise.all([
    import("./generated/sdk.gen"),
    import("./browser-client"),
  ]);
  return { sdk, client: browserClient() };
}
