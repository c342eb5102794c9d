// Unit test of the wrapper's retries and headers, with a fake fetch:
//   node dist/test/client.test.js   (clients/e2e_test.go runs it)
import { createClient, retryAfterMs } from "../src/client.js";

function assert(cond: boolean, what: string): void {
  if (!cond) {
    throw new Error(what);
  }
}

interface Seen {
  auth: string | null;
  idem: string | null;
  body: string;
}

/** A fetch that answers `failures` times with status (and Retry-After), then 200. */
function flaky(failures: number, status: number, retryAfter: string | null, seen: Seen[]): (r: Request) => Promise<Response> {
  return async (r: Request): Promise<Response> => {
    seen.push({ auth: r.headers.get("Authorization"), idem: r.headers.get("Idempotency-Key"), body: await r.text() });
    if (seen.length <= failures) {
      const headers: Record<string, string> = { "Content-Type": "application/problem+json" };
      if (retryAfter !== null) {
        headers["Retry-After"] = retryAfter;
      }
      return new Response(JSON.stringify({ type: "about:blank", title: "busy", status }), { status, headers });
    }
    return new Response(JSON.stringify({ brief: {}, brief_id: "br_1", source: "rules" }), { status: 200, headers: { "Content-Type": "application/json" } });
  };
}

for (const status of [429, 503]) {
  const seen: Seen[] = [];
  const client = createClient({ baseUrl: "http://api.test", apiKey: "cm_secret", fetch: flaky(2, status, "0", seen) });
  const r = await client.POST("/v1/briefs/parse", { body: { text: "vegan snacks" } });
  assert(r.response.status === 200, `${status}: retried to a 200`);
  assert(seen.length === 3, `${status}: 3 attempts, got ${seen.length}`);
  const first = seen[0];
  assert(first !== undefined && first.idem !== null && first.idem !== "", "a write carries an Idempotency-Key");
  assert(seen.every((s) => s.idem === first?.idem && s.body === first.body), "every retry sends the same key and body");
  assert(seen.every((s) => s.auth === "Bearer cm_secret"), "every attempt carries the key");
}

{
  const seen: Seen[] = [];
  const client = createClient({ baseUrl: "http://api.test", maxRetries: 2, fetch: flaky(10, 429, "0", seen) });
  const r = await client.GET("/v1/creators");
  assert(r.response.status === 429 && seen.length === 3, "retries are bounded by maxRetries");
  assert(seen[0]?.idem === null && seen[0]?.auth === null, "a read without a key carries neither header");
}

{
  const seen: Seen[] = [];
  const client = createClient({ baseUrl: "http://api.test", maxRetryWaitMs: 1000, fetch: flaky(1, 503, "120", seen) });
  const r = await client.GET("/v1/creators");
  assert(r.response.status === 503 && seen.length === 1, "a Retry-After beyond maxRetryWaitMs is not waited for");
}

assert(retryAfterMs("2", 0) === 2000, "delay-seconds");
assert(retryAfterMs(null, 2) === 4000, "backoff without Retry-After");
assert(retryAfterMs("soon", 0) === undefined, "an unreadable Retry-After");
const date = retryAfterMs(new Date(Date.now() + 5000).toUTCString(), 0);
assert(date !== undefined && date > 3000 && date <= 5000, "an HTTP date");
console.log("client.test: ok");
