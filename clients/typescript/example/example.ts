// A small front end of the TypeScript client: it calls every operation of
// openapi.yaml the way an integration would and checks the answers.
// clients/e2e_test.go runs it against a live server through Prism's
// validating proxy; docs/api.md quotes it.
//
//   CREATORMATCH_SERVER=http://localhost:8080 node dist/example/example.js
//
// With CREATORMATCH_API_KEY (a key with the admin scope) it walks every
// operation; without one it uses the server's loopback demo mode.
import { createClient, newIdempotencyKey, type CreatorMatchClient, type Input } from "../src/client.js";

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The response's body, if the call answered one of the statuses. */
function ok<T>(op: string, r: Result<T>, ...want: number[]): T {
  if (!want.includes(r.response.status)) {
    throw new Error(`${op}: ${r.response.status} ${JSON.stringify(r.error)}, want ${want.join(" or ")}`);
  }
  if (r.data === undefined) {
    throw new Error(`${op}: ${r.response.status} without a body`);
  }
  return r.data;
}

/** Fails unless a call without a response body answered 204. */
function noContent(op: string, r: { response: Response; error?: unknown }): void {
  if (r.response.status !== 204) {
    throw new Error(`${op}: ${r.response.status} ${JSON.stringify(r.error)}, want 204`);
  }
}

function check(cond: boolean, what: string): void {
  if (!cond) {
    throw new Error(what);
  }
}

/** Calls the API without a key, as a loopback caller may while no key exists. */
export async function demoMode(baseUrl: string): Promise<void> {
  const client = createClient({ baseUrl });
  const page = ok("browseCreators", await client.GET("/v1/creators", { params: { query: { limit: 3 } } }), 200);
  check(page.creators.length > 0, "browseCreators: the catalogue is empty");
}

/**
 * Walks every operation with adminKey: creates a read+write key for the
 * workspace "example-ts", works with it, and revokes it at the end.
 */
export async function run(baseUrl: string, adminKey: string): Promise<void> {
  const admin = createClient({ baseUrl, apiKey: adminKey });
  await ops(admin);

  // ---- an API key for the workspace --------------------------------------
  const created = ok("createAPIKey", await admin.POST("/v1/apikeys", {
    body: { name: "example-ts", workspace: "example-ts", scopes: ["read", "write"] },
  }), 201);
  const client = createClient({ baseUrl, apiKey: created.secret });
  const keys = ok("listAPIKeys", await admin.GET("/v1/apikeys"), 200);
  check(keys.keys.some((k) => k.id === created.key.id), "listAPIKeys: the new key is not listed");

  await catalogue(client);
  await matching(client);
  await feedback(client);
  await blocklist(client);
  await savedBriefs(client);
  await lists(client);
  await problems(client);

  // A key acts within its scopes: this one lacks admin.
  const forbidden = await client.GET("/v1/apikeys");
  check(forbidden.response.status === 403 && forbidden.error?.status === 403, "listAPIKeys: want a 403 problem");
  const unknown = createClient({ baseUrl, apiKey: "cm_not-a-key" });
  const unauthorized = await unknown.GET("/v1/creators");
  check(unauthorized.response.status === 401, "browseCreators: want a 401 for an unknown key");

  noContent("revokeAPIKey", await admin.DELETE("/v1/apikeys/{id}", { params: { path: { id: created.key.id } } }));
}

/** The unversioned routes: health, the spec, metrics, profiles. */
async function ops(client: CreatorMatchClient): Promise<void> {
  ok("healthz", await client.GET("/healthz"), 200);
  ok("readyz", await client.GET("/readyz"), 200);
  const spec = ok("openapi", await client.GET("/openapi.yaml", { parseAs: "text" }), 200);
  check(spec.startsWith("openapi: 3"), "openapi: not an OpenAPI document");
  ok("docs", await client.GET("/docs", { parseAs: "text" }), 200);
  ok("metrics", await client.GET("/metrics", { parseAs: "text" }), 200);
  ok("pprof", await client.GET("/debug/pprof/{profile}", { params: { path: { profile: "heap" } }, parseAs: "arrayBuffer" }), 200);
}

const creatorId = "example-ts-1";

/** Ingests a creator, reads it back and pages through the catalogue. */
async function catalogue(client: CreatorMatchClient): Promise<void> {
  const creator: Input<"Creator"> = {
    id: creatorId,
    name: "TS Example Kitchen",
    bio: "Plant-based recipes for busy weeknights.",
    country: "US",
    languages: ["en"],
    niches: ["food"],
    accounts: [{ platform: "instagram", handle: "tsexamplekitchen", followers: 24000 }],
    content: [
      { id: "p1", platform: "instagram", posted_at: "2026-11-02T09:00:00Z", caption: "15-minute vegan protein bowls for meal prep", likes: 1800, comments: 95 },
      { id: "p2", platform: "instagram", posted_at: "2026-10-30T09:00:00Z", caption: "Chickpea snack bars, three ingredients", likes: 1500, comments: 60 },
    ],
  };
  // A retried write with the same Idempotency-Key is answered once.
  const idem = newIdempotencyKey();
  for (let i = 0; i < 2; i++) {
    const r = await client.POST("/v1/creators", { params: { header: { "Idempotency-Key": idem } }, body: { creators: [creator] } });
    ok("upsertCreators", r, 200);
    check(i === 0 || r.response.headers.get("Idempotent-Replayed") === "true", "upsertCreators: the retry was not a replay");
  }
  const id = { params: { path: { id: creatorId } } };
  ok("getCreator", await client.GET("/v1/creators/{id}", id), 200);
  const updated = ok("addContent", await client.POST("/v1/creators/{id}/content", {
    ...id,
    body: { items: [{ id: "p3", platform: "instagram", posted_at: "2026-11-03T09:00:00Z", caption: "Lentil crisps taste test", likes: 2100, comments: 120 }] },
  }), 200);
  check(updated.content?.length === 3, "addContent: want 3 posts");
  ok("similarCreators", await client.GET("/v1/creators/{id}/similar", { params: { path: { id: creatorId }, query: { limit: 5 } } }), 200);

  // Page through the catalogue: send each page's next_cursor back until there is none.
  let seen = 0;
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query: { limit: number; sort: "followers"; cursor?: string } = { limit: 25, sort: "followers" };
    if (cursor !== undefined) {
      query.cursor = cursor;
    }
    const res = ok("browseCreators", await client.GET("/v1/creators", { params: { query } }), 200);
    seen += res.creators.length;
    cursor = res.next_cursor;
    if (cursor === undefined) {
      break;
    }
  }
  check(seen > 0, "browseCreators: no creators");
}

const briefText = "Launching a plant-based protein snack for busy young professionals. " +
  "Food and fitness creators on Instagram or TikTok, audience aged 18-34 in the US. Budget $20,000.";

/** Parses a brief, matches it a page at a time, builds a shortlist and finds lookalikes. */
async function matching(client: CreatorMatchClient): Promise<void> {
  const parsed = ok("parseBrief", await client.POST("/v1/briefs/parse", { body: { text: briefText } }), 200);
  const brief = parsed.brief;
  const first = ok("match", await client.POST("/v1/match", { body: { brief, limit: 5 } }), 200);
  check(first.results.length > 0 && first.next_cursor !== undefined, "match: want a full first page and a next_cursor");
  if (first.next_cursor !== undefined) {
    ok("match (page 2)", await client.POST("/v1/match", { body: { brief, limit: 5, cursor: first.next_cursor } }), 200);
  }
  ok("shortlist", await client.POST("/v1/shortlists", { body: { brief, max_creators: 5, min_fit: 0 } }), 200);
  ok("lookalikes", await client.POST("/v1/lookalikes", { body: { positive: [creatorId], limit: 5 } }), 200);
}

/** Records feedback on a match's creators, reads it back, looks at and resets the weights. */
async function feedback(client: CreatorMatchClient): Promise<void> {
  const m = ok("match", await client.POST("/v1/match", { body: { brief: { text: briefText }, limit: 3 } }), 200);
  const events: Input<"FeedbackEvent">[] = m.results.map((r) => ({ brief_id: m.brief_id, creator_id: r.creator_id, event: "shortlisted" }));
  check(events.length > 0, "match: no results");
  ok("recordFeedback", await client.POST("/v1/feedback", { body: { events } }), 200);
  const list = ok("listFeedback", await client.GET("/v1/feedback", { params: { query: { brief_id: m.brief_id, limit: 100 } } }), 200);
  check(list.events.length === events.length, `listFeedback: ${list.events.length} events, want ${events.length}`);
  ok("getWeights", await client.GET("/v1/weights"), 200);
  ok("resetWeights", await client.DELETE("/v1/weights"), 200);
}

/** Blocks a creator for the workspace and lifts the block. */
async function blocklist(client: CreatorMatchClient): Promise<void> {
  const path = { params: { path: { creator_id: creatorId } } };
  ok("blockCreator", await client.PUT("/v1/blocklist/{creator_id}", { ...path, body: { reason: "example" } }), 201);
  const l = ok("listBlocklist", await client.GET("/v1/blocklist"), 200);
  check(l.entries.length === 1 && l.entries[0]?.creator_id === creatorId, "listBlocklist: want the blocked creator alone");
  noContent("unblockCreator", await client.DELETE("/v1/blocklist/{creator_id}", path));
}

/** Saves a brief, renames it and deletes it. */
async function savedBriefs(client: CreatorMatchClient): Promise<void> {
  const input = { name: "Protein snack launch", brief: { text: briefText } };
  const saved = ok("saveBrief", await client.POST("/v1/saved-briefs", { body: input }), 201);
  const path = { params: { path: { saved_brief_id: saved.id } } };
  ok("listSavedBriefs", await client.GET("/v1/saved-briefs", { params: { query: { limit: 10 } } }), 200);
  ok("getSavedBrief", await client.GET("/v1/saved-briefs/{saved_brief_id}", path), 200);
  const renamed = ok("replaceSavedBrief", await client.PUT("/v1/saved-briefs/{saved_brief_id}", { ...path, body: { ...input, name: "Protein snack launch (US)" } }), 200);
  check(renamed.name === "Protein snack launch (US)", "replaceSavedBrief: not renamed");
  noContent("deleteSavedBrief", await client.DELETE("/v1/saved-briefs/{saved_brief_id}", path));
}

/** Answers a client must handle: RFC 9457 problems, naming each bad field of invalid input. */
async function problems(client: CreatorMatchClient): Promise<void> {
  const missing = await client.GET("/v1/creators/{id}", { params: { path: { id: "no-such-creator" } } });
  check(missing.response.status === 404 && missing.error !== undefined && missing.error.title !== "", "getCreator: want a 404 problem");
  // Shares that do not sum to 1 pass the schema but not the server.
  const invalid = await client.POST("/v1/creators", {
    body: { creators: [{ id: "example-ts-bad", accounts: [{ platform: "tiktok", followers: 1000 }], audience: { gender: { female: 0.9, male: 0.5 } } }] },
  });
  const field = invalid.error?.errors?.[0]?.field ?? "";
  check(invalid.response.status === 422 && field.startsWith("creators[0]."), `upsertCreators: want a 422 naming the bad field, got ${JSON.stringify(invalid.error)}`);
}

/** A list's life: create, add a creator, move it along, note, export, delete; then delete the creator. */
async function lists(client: CreatorMatchClient): Promise<void> {
  const list = ok("createList", await client.POST("/v1/lists", { body: { name: "Snack launch", description: "Q1 outreach" } }), 201);
  const listPath = { params: { path: { list_id: list.id } } };
  const itemPath = { params: { path: { list_id: list.id, creator_id: creatorId } } };
  const creatorPath = { params: { path: { id: creatorId } } };
  ok("listLists", await client.GET("/v1/lists"), 200);
  ok("updateList", await client.PATCH("/v1/lists/{list_id}", { ...listPath, body: { description: "Q1 outreach, US only" } }), 200);
  ok("putListItem", await client.PUT("/v1/lists/{list_id}/items/{creator_id}", { ...itemPath, body: {} }), 201);
  ok("putListItem", await client.PUT("/v1/lists/{list_id}/items/{creator_id}", { ...itemPath, body: { status: "contacted" } }), 200);
  const items = ok("listItems", await client.GET("/v1/lists/{list_id}/items", { params: { path: { list_id: list.id }, query: { status: "contacted" } } }), 200);
  check(items.items.length === 1, "listItems: want 1 item");
  const got = ok("getList", await client.GET("/v1/lists/{list_id}", listPath), 200);
  check(got.items === 1, "getList: want 1 item");
  ok("creatorLists", await client.GET("/v1/creators/{id}/lists", creatorPath), 200);
  const note = ok("addNote", await client.POST("/v1/creators/{id}/notes", { ...creatorPath, body: { text: "Replied, wants a product sample first." } }), 201);
  ok("listNotes", await client.GET("/v1/creators/{id}/notes", creatorPath), 200);
  const exported = ok("exportList", await client.GET("/v1/lists/{list_id}/export", { params: { path: { list_id: list.id }, query: { format: "json" } } }), 200);
  check(typeof exported !== "string" && exported.rows.length === 1 && exported.rows[0]?.notes.length === 1, "exportList: want one row with one note");
  const csv = ok("exportList (csv)", await client.GET("/v1/lists/{list_id}/export", { ...listPath, parseAs: "text" }), 200);
  check(csv.startsWith("creator_id,"), "exportList (csv): no header row");
  noContent("deleteNote", await client.DELETE("/v1/creators/{id}/notes/{note_id}", { params: { path: { id: creatorId, note_id: note.id } } }));
  noContent("deleteListItem", await client.DELETE("/v1/lists/{list_id}/items/{creator_id}", itemPath));
  noContent("deleteList", await client.DELETE("/v1/lists/{list_id}", listPath));
  noContent("deleteCreator", await client.DELETE("/v1/creators/{id}", creatorPath));
}

const server = process.env["CREATORMATCH_SERVER"] ?? "http://localhost:8080";
const key = process.env["CREATORMATCH_API_KEY"];
try {
  if (key === undefined || key === "") {
    await demoMode(server);
  } else {
    await run(server, key);
  }
  console.log("example: ok");
} catch (err) {
  console.error(`example: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
