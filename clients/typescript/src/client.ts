// A thin wrapper of openapi-fetch over the types openapi-typescript
// generates from openapi.yaml (schema.d.ts): the base URL, the API key,
// an Idempotency-Key on every write, and bounded retries on 429 and 503
// that honour Retry-After.
import createFetchClient, { type Client } from "openapi-fetch";
import type { Readable, Writable } from "openapi-typescript-helpers";
import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
type Schemas = components["schemas"];
/** A schema as a request sends it: its readOnly fields left out. */
export type Input<K extends keyof Schemas> = Writable<Schemas[K]>;
/** A schema as a response holds it. */
export type Output<K extends keyof Schemas> = Readable<Schemas[K]>;

export interface Options {
  /** The server, e.g. http://localhost:8080. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; none in the server's loopback demo mode. */
  apiKey?: string;
  /** How many times a 429 or 503 is retried (default 3; 0 disables retries). */
  maxRetries?: number;
  /** A longer Retry-After is not waited for: the response is returned (default 30 000 ms). */
  maxRetryWaitMs?: number;
  /** The fetch to use (globalThis.fetch by default). */
  fetch?: (input: Request) => Promise<Response>;
}

export type CreatorMatchClient = Client<paths>;

/**
 * createClient returns a typed client: `client.GET("/v1/creators/{id}", ...)`,
 * `client.POST("/v1/match", { body })` and so on, each answering
 * `{ data, error, response }`.
 *
 * Every write (any method but GET and HEAD) carries an Idempotency-Key,
 * generated unless the caller set one, so a retried write is applied once.
 */
export function createClient(options: Options): CreatorMatchClient {
  return createFetchClient<paths>({ baseUrl: options.baseUrl, fetch: retryingFetch(options) });
}

/** A random key for the Idempotency-Key header. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function retryingFetch(options: Options): (input: Request) => Promise<Response> {
  const doFetch = options.fetch ?? ((r: Request) => globalThis.fetch(r));
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxRetryWaitMs ?? 30_000;
  return async (input: Request): Promise<Response> => {
    const headers = new Headers(input.headers);
    if (options.apiKey !== undefined && !headers.has("Authorization")) {
      headers.set("Authorization", `Bearer ${options.apiKey}`);
    }
    if (input.method !== "GET" && input.method !== "HEAD" && !headers.has("Idempotency-Key")) {
      headers.set("Idempotency-Key", newIdempotencyKey());
    }
    const request = new Request(input, { headers });
    for (let attempt = 0; ; attempt++) {
      const response = await doFetch(request.clone());
      if (attempt >= maxRetries || (response.status !== 429 && response.status !== 503)) {
        return response;
      }
      const wait = retryAfterMs(response.headers.get("Retry-After"), attempt);
      if (wait === undefined || wait > maxWait) {
        return response;
      }
      await response.body?.cancel();
      await sleep(wait, request.signal);
    }
  };
}

/** Retry-After as delay-seconds or an HTTP date; without one, 1, 2, 4... s by attempt. */
export function retryAfterMs(header: string | null, attempt: number): number | undefined {
  if (header === null || header === "") {
    return 1000 * 2 ** attempt;
  }
  if (/^\d+$/.test(header)) {
    return Number(header) * 1000;
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(at - Date.now(), 0);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
