// Fakes for unit tests: what the generated SDK functions resolve to, and an EventSource.

/** A stand-in for `Response` (jsdom has none) with what `settle`/`toProblem` read. */
export function fakeResponse(status: number, headers: Record<string, string> = {}): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: "",
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
  } as unknown as Response;
}

export function ok<T>(data: T, status = 200) {
  return Promise.resolve({ data, error: undefined, response: fakeResponse(status) });
}

export function fail(status: number, error: unknown = {}, headers: Record<string, string> = {}) {
  return Promise.resolve({ data: undefined, error, response: fakeResponse(status, headers) });
}

type Listener = (event: MessageEvent<string>) => void;

/** An EventSource driven by the test: `open()`, `emit()`, `drop()` and `fail()`. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, Listener[]>();

  constructor(public url: string) {
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const last = FakeEventSource.instances.at(-1);
    if (!last) throw new Error("no EventSource was created");
    return last;
  }

  static reset() {
    FakeEventSource.instances = [];
  }

  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.closed = true;
    this.readyState = 2;
  }

  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  emit(type: string, id: number | string, data: unknown) {
    const message = {
      type,
      lastEventId: String(id),
      data: typeof data === "string" ? data : JSON.stringify(data),
    } as MessageEvent<string>;
    for (const listener of this.listeners.get(type) ?? []) listener(message);
  }

  /** A network drop the browser retries by itself (readyState stays CONNECTING). */
  drop() {
    this.readyState = 0;
    this.onerror?.();
  }

  /** The server refused or ended the stream: the browser gives up (readyState CLOSED). */
  fail() {
    this.readyState = 2;
    this.onerror?.();
  }
}
