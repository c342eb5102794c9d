// creatormatch web app: paste a brief, correct what was parsed, see ranked
// creators and why, dismiss, find lookalikes, build and export a shortlist,
// save it as a list, move a list's creators through the pipeline, keep
// notes, and read a creator's profile. Plain ES modules against the /v1
// REST API of the same origin; no build.

const KEY_STORAGE = "creatormatch.apiKey";

const PLATFORMS = [["instagram", "Instagram"], ["tiktok", "TikTok"], ["youtube", "YouTube"]];
const AGES = ["13-17", "18-24", "25-34", "35-44", "45-64", "65+"];
const GENDERS = [["female", "Female"], ["male", "Male"], ["other", "Other"]];
const SAFETY = ["profanity", "alcohol", "gambling", "drugs", "violence", "adult", "politics", "controversy"];
const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "JPY", "INR", "BRL", "MXN", "PLN", "NZD"];

// Signals in display order, with labels; colours live in app.css (.sig-NAME).
const SIGNALS = [
  ["semantic_fit", "Brief fit"],
  ["niche_match", "Niche"],
  ["audience_alignment", "Audience"],
  ["engagement", "Engagement"],
  ["authenticity", "Authenticity"],
  ["consistency", "Consistency"],
  ["brand_safety", "Brand safety"],
  ["cost_efficiency", "Cost"],
  ["disclosure", "Disclosure"],
  ["worked_with_us", "Worked with us"],
];

// Decision rules and exclusion rules, in the strategist's words.
const RULES = {
  on_brief: "on brief",
  possible_fit: "possible fit",
  off_brief: "off brief",
  undisclosed_sponsorship: "most sponsored posts undisclosed",
  // Exclusion rules: on the excluded list each is followed by what failed.
  competitor_conflict: "competitor conflict",
  brand_safety: "brand safety",
  low_authenticity: "low authenticity",
  over_budget: "over budget",
  audience_threshold: "audience threshold not met",
};
const ruleText = (r) => RULES[r] || String(r || "").replace(/_/g, " ");

// Constraint names (ConstraintCheck.name) as labels.
const CONSTRAINTS = {
  competitors: "Competitors",
  brand_safety: "Brand safety",
  authenticity: "Authenticity",
  budget: "Budget",
  "audience.age": "Audience age",
  "audience.gender": "Audience gender",
  "audience.country": "Audience country",
};
const constraintLabel = (n) => CONSTRAINTS[n] || String(n || "").replace(/[._]/g, " ");

const CSV_COLUMNS = ["rank", "creator_id", "handle", "platform", "followers", "score", "fit", "decision", "price_per_post", "currency",
  "expected_engagements", "expected_reach", "niches", "audience", "added"];

const state = {
  text: "",
  briefId: "",
  brief: null,
  results: [],
  dismissed: new Set(),
  creators: new Map(), // id -> Promise<creator>
  currency: null, // the match response's exchange rate: every amount is in currency.currency
  excluded: [],
  // shortlist is the panel's set, for the brief it was built for:
  // {briefId, budget, currency (a rate), picks: [{match, byHand, price, reach, engagements}], note, eligible, minFit}.
  shortlist: null,
  busy: false,
  savingList: false,
  // The view on screen (see route) and a counter that tells a late
  // answer for a view left meanwhile to drop itself.
  route: null,
  routeSeq: 0,
  listsPager: { cursors: [""], page: 0 },
  list: null, // the open list: {id, name, items, pager, data (as the API answered)}
  flash: "", // what the next view's status says first (a deleted list)
};

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// h builds an element: h("p", {class: "x", onclick: fn}, "text", child...).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const srOnly = (text) => h("span", { class: "sr-only" }, text);

// ---- formatting ----------------------------------------------------------

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const fmtCount = (n) => compact.format(Math.round(n || 0));
const fmtScore = (x) => (x || 0).toFixed(2);
const fmtPct = (x, d = 1) => ((x || 0) * 100).toFixed(d) + "%";

// cur is the currency every amount of the current results is in.
const cur = () => (state.currency && state.currency.currency) || "USD";

function fmtMoney(x, currency = cur()) {
  const v = x || 0;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: Math.abs(v) < 100 ? 2 : 0 }).format(v);
  } catch {
    return v.toFixed(2) + " " + currency;
  }
}

// fmtRate shows an exchange rate with four significant digits.
const fmtRate = (x) => Number((x || 0).toPrecision(4)).toString();

// currencyNote says how amounts were converted, for a footnote.
function currencyNote(rate) {
  if (!rate || !rate.currency) return "";
  let s = `Amounts in ${rate.currency}`;
  if (rate.currency !== "USD" && rate.usd_per_unit > 0) s += `, converted at 1 ${rate.currency} = ${fmtRate(rate.usd_per_unit)} USD`;
  if (rate.as_of) s += `, rates of ${rate.as_of}`;
  if (rate.source) s += ` (${rate.source})`;
  return s + ".";
}

// convert moves an amount between two rates' currencies through USD.
function convert(x, from, to) {
  if (!from || !to || from.currency === to.currency || !(from.usd_per_unit > 0) || !(to.usd_per_unit > 0)) return x || 0;
  return ((x || 0) * from.usd_per_unit) / to.usd_per_unit;
}

const nicheText = (c) => ((c && c.niches) || []).map((n) => n.replace(/_/g, " ")).join(", ");

// audienceParts is a creator's audience mix as one string per dimension
// (countries, ages, genders), largest share first; [] without data.
function audienceParts(a) {
  if (!a) return [];
  const dim = (xs) => (xs || []).map((x) => `${x.key} ${Math.round((x.share || 0) * 100)}%`).join(", ");
  return [["Countries", dim(a.countries)], ["Ages", dim(a.ages)], ["Genders", dim(a.genders)]].filter(([, v]) => v);
}
const audienceText = (a) => audienceParts(a).map(([, v]) => v).join("; ");

// safeURL is the URL when it is http(s), else "" (no javascript: links).
function safeURL(u) {
  if (!u) return "";
  try {
    const url = new URL(u, location.href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
  } catch {
    return "";
  }
}

// postRef shows a post id, linked to the post when its URL is known.
function postRef(id, url) {
  const href = safeURL(url);
  const code = h("code", { class: "post-id" }, id);
  return href ? h("a", { class: "post-link", href, target: "_blank", rel: "noopener noreferrer" }, code, srOnly(" (opens in a new tab)")) : code;
}

function ordinal(n) {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

const platformLabel = (p) => (PLATFORMS.find(([k]) => k === p) || [p, p || "—"])[1];
const signalLabel = (k) => (SIGNALS.find(([s]) => s === k) || [k, k.replace(/_/g, " ")])[1];
const domID = (prefix, id) => prefix + "-" + String(id).replace(/[^A-Za-z0-9_-]/g, "_");

// ---- API -----------------------------------------------------------------

class APIError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || "HTTP " + status);
    this.status = status;
    this.problem = problem;
  }
}

function apiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return "";
  }
}

// readJSON is a response's JSON body, or null when it has none.
async function readJSON(res) {
  if (!(res.headers.get("Content-Type") || "").includes("json")) return null;
  try {
    return await res.json();
  } catch {
    return null;
  }
}

// apiFetch sends a request with the API key and answers the response, or
// throws an APIError carrying the problem of a failed one.
async function apiFetch(method, path, body) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) headers.Authorization = "Bearer " + key;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new APIError(0, { title: "The server could not be reached", detail: String(e.message || e) });
  }
  if (!res.ok) {
    const data = await readJSON(res);
    const problem = data && typeof data === "object" ? data : { title: res.statusText || "HTTP " + res.status };
    throw new APIError(res.status, problem);
  }
  return res;
}

async function api(method, path, body) {
  return readJSON(await apiFetch(method, path, body));
}

// ---- alerts --------------------------------------------------------------

function clearAlert() {
  const a = $("#alert");
  a.hidden = true;
  a.replaceChildren();
}

// showError renders any error readably: the problem's title and detail,
// each invalid field with its reason, and what to do about 401/403.
function showError(err, doing) {
  const a = $("#alert");
  const p = err instanceof APIError ? err.problem : { title: String(err && err.message ? err.message : err) };
  const status = err instanceof APIError ? err.status : 0;
  const parts = [h("h2", {}, "Could not " + doing)];
  if (status === 401) {
    parts.push(h("p", {}, "The API needs an API key (401 Unauthorized). Open Settings, paste your key and try again."));
  } else if (status === 403) {
    parts.push(h("p", {}, "Your API key is not allowed to do this (403 Forbidden). Check the key in Settings or ask for one with access."));
  }
  const title = [p.title, status ? `(${status})` : ""].filter(Boolean).join(" ");
  if (title) parts.push(h("p", { class: "problem-title" }, title));
  if (p.detail && p.detail !== p.title) parts.push(h("p", {}, p.detail));
  if (Array.isArray(p.errors) && p.errors.length) {
    parts.push(h("ul", { class: "field-errors" }, p.errors.map((e) => h("li", {}, h("code", {}, e.field || "(request)"), ": ", e.reason || ""))));
  }
  const actions = [];
  if (status === 401 || status === 403) {
    actions.push(h("button", { type: "button", onclick: () => openSettings(true) }, "Open settings"));
  }
  actions.push(h("button", { type: "button", class: "ghost", onclick: clearAlert }, "Dismiss message"));
  parts.push(h("div", { class: "actions" }, actions));
  if (p.request_id) parts.push(h("p", { class: "help" }, "Request id: " + p.request_id));
  a.replaceChildren(...parts);
  a.hidden = false;
}

function setStatus(sel, text) {
  $(sel).textContent = text;
}

// ---- settings ------------------------------------------------------------

function openSettings(open) {
  const panel = $("#settings");
  const btn = $("#settings-toggle");
  panel.hidden = !open;
  btn.setAttribute("aria-expanded", String(open));
  if (open) $("#api-key").focus();
}

function initSettings() {
  $("#api-key").value = apiKey();
  $("#settings-toggle").addEventListener("click", () => openSettings($("#settings").hidden));
  $("#settings-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = $("#api-key").value.trim();
    try {
      if (v) localStorage.setItem(KEY_STORAGE, v);
      else localStorage.removeItem(KEY_STORAGE);
      setStatus("#settings-status", v ? "Saved. Requests now send this key." : "Key cleared. Requests are sent without a key.");
    } catch {
      setStatus("#settings-status", "This browser does not allow storing the key.");
    }
    clearAlert();
    onKeyChanged();
  });
  $("#api-key-clear").addEventListener("click", () => {
    $("#api-key").value = "";
    try {
      localStorage.removeItem(KEY_STORAGE);
    } catch {
      /* storage unavailable */
    }
    setStatus("#settings-status", "Key cleared. Requests are sent without a key.");
    onKeyChanged();
  });
}

// onKeyChanged forgets everything read with the previous key, which may
// belong to another workspace: its lists, a list or profile drawn in a
// hidden view, list badges on results, saved briefs. The view on screen is
// drawn again with the new key.
function onKeyChanged() {
  for (const sel of ["#lists-table tbody", "#items tbody", "#profile-body", "#found-creators"]) {
    const el = $(sel);
    if (el) el.replaceChildren();
  }
  for (const sel of ["#list-title", "#list-meta", "#list-status", "#lists-status"]) {
    const el = $(sel);
    if (el) el.textContent = "";
  }
  state.creators = new Map();
  for (const m of [...state.results, ...((state.shortlist && state.shortlist.picks.map((p) => p.match)) || [])]) {
    m.lists = [];
    delete m.worked_with_us;
  }
  syncListBadges();
  loadSavedBriefs();
  if (state.route && state.route.view !== "search") route(false);
}

// ---- the parsed-brief form -----------------------------------------------

function checkbox(group, value, label) {
  const id = domID(group, value);
  return h("div", { class: "check" },
    h("input", { type: "checkbox", id, name: group, value }),
    h("label", { for: id }, label));
}

function initForm() {
  $("#platforms").replaceChildren(...PLATFORMS.map(([v, l]) => checkbox("platform", v, l)));
  $("#ages").replaceChildren(...AGES.map((v) => checkbox("age", v, v)));
  $("#genders").replaceChildren(...GENDERS.map(([v, l]) => checkbox("gender", v, l)));
  $("#safety").replaceChildren(...SAFETY.map((v) => checkbox("safety", v, v[0].toUpperCase() + v.slice(1))));
  for (const sel of ["#budget-currency", "#sl-currency"]) {
    $(sel).replaceChildren(...CURRENCIES.map((c) => h("option", { value: c }, c)));
  }
}

const listText = (xs) => (xs || []).join(", ");
const parseList = (s, upper) =>
  String(s || "").split(/[,;\n]/).map((x) => x.trim()).filter(Boolean).map((x) => (upper ? x.toUpperCase() : x));
const checked = (name) => $$(`input[name="${name}"]:checked`).map((i) => i.value);
const setChecked = (name, values) => {
  const set = new Set(values || []);
  for (const i of $$(`input[name="${name}"]`)) i.checked = set.has(i.value);
};
const num = (sel) => {
  const v = $(sel).value.trim();
  return v === "" ? 0 : Number(v);
};

// fillForm shows a resolved brief in the form.
function fillForm(b) {
  setChecked("platform", b.platforms);
  $("#goal").value = b.goal || "launch";
  $("#budget-total").value = b.budget && b.budget.total ? b.budget.total : "";
  $("#budget-currency").value = (b.budget && b.budget.currency) || "USD";
  $("#min-followers").value = b.min_followers || "";
  $("#max-followers").value = b.max_followers || "";
  const a = b.audience || {};
  setChecked("age", a.ages);
  setChecked("gender", a.genders);
  $("#audience-countries").value = listText(a.countries);
  $("#topics").value = listText(b.topics);
  $("#avoid-topics").value = listText(b.avoid_topics);
  $("#competitors").value = listText(b.competitors);
  setChecked("safety", b.exclude_safety);
  $("#creator-countries").value = listText(b.creator_countries);
  // The shortlist budget follows the brief's unless the user typed one.
  if (b.budget && b.budget.total && !$("#sl-budget").dataset.touched) {
    $("#sl-budget").value = b.budget.total;
    $("#sl-currency").value = b.budget.currency || "USD";
  }
}

// briefFromForm is the text plus the corrected structured fields; the
// server merges them over what it parses from the text, field by field.
function briefFromForm() {
  const b = { text: state.text };
  const platforms = checked("platform");
  if (platforms.length) b.platforms = platforms;
  if ($("#goal").value) b.goal = $("#goal").value;
  const total = num("#budget-total");
  if (total > 0) b.budget = { total, currency: $("#budget-currency").value };
  const minF = num("#min-followers");
  const maxF = num("#max-followers");
  if (minF > 0) b.min_followers = Math.round(minF);
  if (maxF > 0) b.max_followers = Math.round(maxF);
  const audience = {};
  const ages = checked("age");
  const genders = checked("gender");
  const countries = parseList($("#audience-countries").value, true);
  if (ages.length) audience.ages = ages;
  if (genders.length) audience.genders = genders;
  if (countries.length) audience.countries = countries;
  if (Object.keys(audience).length) b.audience = audience;
  const lists = [["topics", "#topics"], ["avoid_topics", "#avoid-topics"], ["competitors", "#competitors"]];
  for (const [k, sel] of lists) {
    const xs = parseList($(sel).value);
    if (xs.length) b[k] = xs;
  }
  const safety = checked("safety");
  if (safety.length) b.exclude_safety = safety;
  const cc = parseList($("#creator-countries").value, true);
  if (cc.length) b.creator_countries = cc;
  return b;
}

function filtersFromForm() {
  const f = {};
  if (state.dismissed.size) f.exclude_ids = Array.from(state.dismissed);
  const er = num("#min-er");
  if (er > 0) f.min_engagement_rate = er / 100;
  const auth = num("#min-auth");
  if (auth > 0) f.min_authenticity = auth;
  return f;
}

function updateDismissedNote() {
  const n = state.dismissed.size;
  $("#dismissed-note").textContent = n ? `${n} dismissed creator${n === 1 ? "" : "s"} left out.` : "";
}

// ---- flows ---------------------------------------------------------------

function setBusy(busy) {
  state.busy = busy;
  for (const id of ["#find", "#update", "#build", "#show-excluded"]) $(id).disabled = busy;
  $("#results").setAttribute("aria-busy", String(busy));
}

async function onFind(ev) {
  ev.preventDefault();
  const text = $("#brief-text").value.trim();
  if (!text) {
    showError({ message: "Paste a brief first." }, "find creators");
    $("#brief-text").focus();
    return;
  }
  clearAlert();
  setBusy(true);
  setStatus("#results-status", "Reading the brief…");
  $("#results-panel").hidden = false;
  try {
    const parsed = await api("POST", "/v1/briefs/parse", { text });
    if (text !== state.text) state.dismissed.clear(); // a new brief starts afresh
    state.text = text;
    updateDismissedNote();
    fillForm(parsed.brief || {});
    $("#parsed").hidden = false;
    await runMatch();
  } catch (e) {
    setStatus("#results-status", "");
    showError(e, "read the brief");
  } finally {
    setBusy(false);
  }
}

// rematch runs the brief on screen again (after an edit of its parsed
// fields, or of what the results should include).
async function rematch() {
  clearAlert();
  setBusy(true);
  try {
    await runMatch();
  } catch (e) {
    showError(e, "update the results");
  } finally {
    setBusy(false);
  }
}

async function onUpdate(ev) {
  ev.preventDefault();
  if (!state.text) return;
  await rematch();
}

async function runMatch(focusIndex) {
  setStatus("#results-status", "Finding creators…");
  const limit = Math.min(100, Math.max(1, Math.round(num("#limit")) || 20));
  let resp, body;
  try {
    body = { brief: briefFromForm(), filters: filtersFromForm(), limit };
    if ($("#show-excluded").checked) body.include_excluded = true;
    resp = await api("POST", "/v1/match", body);
  } catch (e) {
    setStatus("#results-status", "");
    throw e;
  }
  state.briefId = resp.brief_id;
  state.brief = resp.brief;
  state.results = resp.results || [];
  state.excluded = resp.excluded || [];
  state.currency = resp.currency || null;
  // The shortlist belongs to the brief it was built for: a new brief
  // clears it rather than leave another brief's creators on screen.
  if (state.shortlist && state.shortlist.briefId !== resp.brief_id) {
    clearShortlist("The brief changed, so the previous brief's shortlist was cleared. Build or add to it again for this brief.");
  }
  fillForm(resp.brief || {});
  renderResults(resp);
  const n = state.results.length;
  let msg = n ? `${n} creator${n === 1 ? "" : "s"} found.` : "No creator matches these constraints. Loosen a filter and update.";
  if (body && $("#show-excluded").checked) msg += ` ${state.excluded.length} excluded by the brief's rules.`;
  setStatus("#results-status", msg);
  if (focusIndex !== undefined) {
    const cards = $$("#results > li");
    const target = cards[Math.min(focusIndex, cards.length - 1)];
    if (target) $("button.why", target).focus();
    else $("#results-title").focus();
  }
}

// ---- result cards --------------------------------------------------------

function renderResults(resp) {
  const b = resp.brief || {};
  const meta = [`${resp.candidates || 0} candidates scored`, `goal: ${b.goal || "—"}`];
  if (b.budget && b.budget.total) meta.push(`budget ${fmtMoney(b.budget.total, b.budget.currency || "USD")}`);
  $("#results-meta").textContent = meta.join(" · ");
  $("#results-panel").dataset.briefId = resp.brief_id || "";
  $("#results-currency").textContent = currencyNote(resp.currency);
  $("#results").replaceChildren(...state.results.map(card));
  renderExcluded();
}

// renderExcluded lists the creators the brief's hard rules removed, each
// with its rules and what failed, apart from the ranked list.
function renderExcluded() {
  const on = $("#show-excluded").checked;
  $("#excluded-panel").hidden = !on;
  if (!on) {
    $("#excluded").replaceChildren();
    return;
  }
  const xs = state.excluded;
  $("#excluded-count").textContent = xs.length ? `${xs.length} creator${xs.length === 1 ? "" : "s"} removed by a hard rule of the brief; none of them is ranked or shortlisted.` : "No creator was removed by a hard rule of this brief.";
  $("#excluded").replaceChildren(...xs.map((m) => {
    const c = m.card || {};
    const handle = c.handle ? "@" + c.handle.replace(/^@/, "") : m.creator_id;
    const failed = (m.constraints || []).filter((k) => k.hard && k.status !== "pass");
    const rules = m.exclusions && m.exclusions.length ? m.exclusions : [m.decision_rule].filter(Boolean);
    return h("li", { class: "excluded-card", dataset: { creatorId: m.creator_id } },
      h("div", { class: "row between" },
        h("strong", {}, handle),
        h("span", { class: "help" }, [platformLabel(c.platform), fmtCount(c.followers) + " followers", "on-brief " + fmtPct(m.fit, 0)].join(" · "))),
      h("ul", { class: "rules", "aria-label": "Why excluded" }, rules.map((r) => {
        const why = failed.filter((k) => k.rule === r).map((k) => k.detail).filter(Boolean);
        return h("li", { class: "rule", dataset: { rule: r } },
          h("span", { class: "rule-name" }, ruleText(r)), why.length ? h("span", { class: "rule-detail" }, ": " + why.join("; ")) : null);
      })));
  }));
}

function engagementLine(m) {
  const c = m.card || {};
  const er = (m.features && m.features.engagement_rate) || {};
  const tier = er.tier || c.tier || "";
  const platform = platformLabel(er.platform || c.platform);
  const pct = Math.round((c.engagement_percentile || 0) * 100);
  // A percentile among fewer peers than the minimum leans on the prior:
  // say so rather than print it as a measured rank.
  const prior = er.prior_weight > 0 || !er.peers ? ` (prior estimate, ${er.peers || 0} peers)` : "";
  return `${fmtPct(c.engagement_rate)} engagement · ${ordinal(pct)} pct of ${tier} ${platform}${prior}`.trim();
}

function contributionBar(m) {
  const contrib = m.contributions || {};
  const signals = m.signals || {};
  const total = m.score || 0;
  const summary = SIGNALS.map(([k, l]) => `${l} ${fmtScore(contrib[k])}`).join(", ");
  const bar = h("div", { class: "bar", role: "img", "aria-label": `Score ${fmtScore(total)} = ${summary}` },
    SIGNALS.filter(([k]) => (contrib[k] || 0) > 0.0005).map(([k, l]) => {
      const seg = h("span", { class: `seg sig-${k}`, title: `${l}: +${fmtScore(contrib[k])} (signal ${fmtScore(signals[k])})` });
      seg.style.width = Math.min(100, (contrib[k] || 0) * 100) + "%";
      return seg;
    }));
  const legend = h("ul", { class: "legend", "aria-label": "Contribution of each signal to the score" },
    SIGNALS.map(([k, l]) => h("li", { dataset: { signal: k } },
      h("span", { class: `swatch sig-${k}`, "aria-hidden": "true" }),
      h("span", { class: "sig-name" }, l),
      h("span", { class: "sig-val" }, "+" + fmtScore(contrib[k])))));
  return h("div", { class: "contrib" }, bar, legend);
}

function flags(m) {
  const f = m.features || {};
  const out = [];
  const auth = f.authenticity;
  if (auth) {
    const low = auth.value < 0.6;
    const neg = (auth.evidence || []).filter((e) => (e.effect || 0) < 0).map((e) => e.text);
    out.push(flag(low ? "warn" : "ok", `Authenticity ${fmtScore(auth.value)}` + (low && neg.length ? ` — ${neg[0]}` : low ? " — low" : "")));
  }
  const q = f.engagement_quality;
  if (q && q.pod_suspected) out.push(flag("warn", "Engagement pod suspected"));
  const bs = f.brand_safety;
  if (bs && bs.flags && bs.flags.length) {
    out.push(flag("warn", "Brand safety: " + bs.flags.map((x) => `${x.category} (${fmtScore(x.severity)})`).join(", ")));
  } else if (bs) {
    out.push(flag("ok", "No brand-safety flags"));
  }
  const d = f.disclosure;
  if (d && d.sponsored_posts > 0) {
    const all = d.disclosed_posts >= d.sponsored_posts;
    out.push(flag(all ? "ok" : "warn", `Disclosed ${d.disclosed_posts} of ${d.sponsored_posts} sponsored posts`));
  }
  return h("ul", { class: "flags", "aria-label": "Vetting flags" }, out);
}

function flag(kind, text) {
  return h("li", { class: "flag flag-" + kind }, h("span", { class: "flag-icon", "aria-hidden": "true" }, kind === "ok" ? "✓" : "!"),
    srOnly(kind === "ok" ? "OK: " : "Warning: "), text);
}

function costBlock(m) {
  const c = m.cost;
  if (!c) return h("p", { class: "cost help" }, "No price estimate.");
  const src = c.source === "rate_card" ? "rate card" : "estimate";
  return h("dl", { class: "cost" },
    h("div", {}, h("dt", {}, "Per post"), h("dd", { dataset: { price: String(c.price_per_post || 0) } }, `${fmtMoney(c.price_per_post)} `, h("span", { class: "help" }, `${platformLabel(c.platform)}, ${src}`))),
    h("div", {}, h("dt", {}, "Reach"), h("dd", {}, "~" + fmtCount(c.expected_reach))),
    h("div", {}, h("dt", {}, "Engagements"), h("dd", {}, "~" + fmtCount(c.expected_engagements))),
    h("div", {}, h("dt", {}, "CPE"), h("dd", {}, fmtMoney(c.cpe))),
    h("div", {}, h("dt", {}, "CPM"), h("dd", {}, fmtMoney(c.cpm))));
}

// constraintsBlock lists the brief's requirements the creator fails or
// that could not be checked (passes are left out).
function constraintsBlock(m) {
  const open = (m.constraints || []).filter((k) => k.status === "fail" || k.status === "unknown");
  if (!open.length) return null;
  return h("ul", { class: "constraints", "aria-label": "Requirements not met or unknown" }, open.map((k) =>
    h("li", { class: `constraint c-${k.status}${k.hard ? "" : " c-soft"}`, dataset: { constraint: k.name, status: k.status, hard: k.hard ? "1" : "" } },
      h("span", { class: "c-icon", "aria-hidden": "true" }, k.status === "fail" ? "✗" : "?"),
      h("span", {},
        h("strong", {}, `${constraintLabel(k.name)}${k.hard ? "" : " preference"} ${k.status === "fail" ? "not met" : "unknown"}`),
        k.detail ? ": " + k.detail : ""))));
}

// mixBlock shows the creator's niches and audience mix.
function mixBlock(c) {
  const parts = audienceParts(c.audience);
  return h("dl", { class: "mix" },
    h("div", {}, h("dt", {}, "Niche"), h("dd", { class: "niches" }, nicheText(c) || "—")),
    h("div", {}, h("dt", {}, "Audience"), h("dd", { class: "audience" },
      parts.length ? parts.map(([k, v]) => h("span", { class: "mix-part" }, srOnly(k + ": "), v)) : h("span", { class: "help" }, "no audience data"))));
}

const isShortlisted = (id) => !!(state.shortlist && state.shortlist.picks.some((p) => p.match.creator_id === id));

const handleOf = (m) => (m.card && m.card.handle ? "@" + m.card.handle.replace(/^@/, "") : m.creator_id);

// addButton adds the card's creator to the shortlist by hand, or takes it
// off once it is on it (so a creator is never on it twice).
function addButton(m) {
  const btn = h("button", { type: "button", class: "add", dataset: { creatorId: m.creator_id } });
  btn.addEventListener("click", () => (isShortlisted(m.creator_id) ? removeFromShortlist(m.creator_id) : addToShortlist(m)));
  setAddButton(btn, m);
  return btn;
}

function setAddButton(btn, m) {
  const on = isShortlisted(m.creator_id);
  btn.dataset.on = on ? "1" : "";
  btn.classList.toggle("on", on);
  btn.replaceChildren(on ? "Remove from shortlist" : "Add to shortlist", srOnly(" " + handleOf(m)));
}

function syncAddButtons() {
  for (const btn of $$("#results button.add")) {
    const m = state.results.find((r) => r.creator_id === btn.dataset.creatorId);
    if (m) setAddButton(btn, m);
  }
}

function card(m) {
  const c = m.card || {};
  const handle = c.handle ? "@" + c.handle.replace(/^@/, "") : m.creator_id;
  const titleID = domID("title", m.creator_id);
  const whyID = domID("why", m.creator_id);
  const decision = m.decision || "neutral";
  const whyBtn = h("button", { type: "button", class: "why", "aria-expanded": "false", "aria-controls": whyID }, "Why", srOnly(" " + handle));
  const li = h("li", { class: "card", dataset: { creatorId: m.creator_id }, "aria-labelledby": titleID },
    h("article", {},
      h("div", { class: "card-head" },
        h("span", { class: "rank" }, srOnly("Rank "), h("span", { "aria-hidden": "true" }, "#"), String(m.rank)),
        h("div", { class: "who" },
          h("h3", { id: titleID }, handle),
          h("p", { class: "name" }, [c.name, c.country].filter(Boolean).join(" · "))),
        h("div", { class: "score" },
          h("span", { class: "score-num", dataset: { score: String(m.score) } }, fmtScore(m.score)),
          h("span", { class: "score-label" }, "score"))),
      h("ul", { class: "chips", "aria-label": "Profile" },
        (c.platforms && c.platforms.length ? c.platforms : [c.platform]).filter(Boolean).map((p) =>
          h("li", { class: "chip" + (p === c.platform ? " main" : "") }, platformLabel(p))),
        c.tier ? h("li", { class: "chip" }, c.tier) : null,
        h("li", { class: "chip" }, fmtCount(c.followers) + " followers")),
      h("div", { class: "lists-slot", dataset: { creatorId: m.creator_id } }, listBadges(m)),
      workedBadge(m),
      h("p", { class: `decision decision-${decision}` },
        h("span", { class: "decision-label" }, decision), " ", ruleText(m.decision_rule), " · ",
        h("span", { class: "fit", dataset: { fit: String(m.fit || 0) }, title: "Calibrated probability that the creator is on-brief" }, "on-brief " + fmtPct(m.fit, 0))),
      constraintsBlock(m),
      mixBlock(c),
      h("p", { class: "er" }, engagementLine(m)),
      contributionBar(m),
      costBlock(m),
      flags(m),
      h("div", { class: "card-actions" },
        addButton(m),
        whyBtn,
        h("a", { class: "button-link profile-link", href: profileHref(m.creator_id) }, "Profile", srOnly(" of " + handle)),
        h("button", { type: "button", class: "lookalikes", onclick: () => showLookalikes(m) }, "Lookalikes", srOnly(" of " + handle)),
        h("button", { type: "button", class: "dismiss danger", onclick: (ev) => dismiss(m, ev.currentTarget) }, "Dismiss", srOnly(" " + handle))),
      h("div", { id: whyID, class: "why-panel", hidden: true }, reasons(m))));
  whyBtn.addEventListener("click", () => toggleWhy(m, whyBtn, $("#" + whyID, li)));
  return li;
}

// reasonPosts are a reason's cited posts with their URLs when known.
const reasonPosts = (r) => (r.posts && r.posts.length ? r.posts : (r.post_ids || []).map((id) => ({ id })));

function reasons(m) {
  const rs = m.reasons || [];
  if (!rs.length) return h("p", { class: "help" }, "No reason could be tied to this creator's posts.");
  return h("ul", { class: "reasons" }, rs.map((r) =>
    h("li", { class: "reason" },
      h("p", { class: "reason-text" }, r.text),
      h("p", { class: "cited" }, "Cited posts: ", reasonPosts(r).map((p, i) => [i ? ", " : "", postRef(p.id, p.url)])),
      h("ul", { class: "posts", dataset: { postIds: reasonPosts(r).map((p) => p.id).join(" ") } }))));
}

async function toggleWhy(m, btn, panel) {
  const open = btn.getAttribute("aria-expanded") !== "true";
  btn.setAttribute("aria-expanded", String(open));
  panel.hidden = !open;
  if (!open || panel.dataset.loaded) return;
  panel.dataset.loaded = "1";
  const lists = $$("ul.posts", panel);
  if (!lists.length) return;
  for (const ul of lists) ul.replaceChildren(h("li", { class: "help" }, "Loading captions…"));
  try {
    const creator = await getCreator(m.creator_id);
    const byID = new Map((creator.content || []).map((p) => [p.id, p]));
    const urls = new Map((m.reasons || []).flatMap(reasonPosts).filter((p) => p.url).map((p) => [p.id, p.url]));
    const shown = new Set(); // a post cited by several reasons is quoted once
    for (const ul of lists) {
      const ids = ul.dataset.postIds.split(" ").filter((id) => id && !shown.has(id));
      ids.forEach((id) => shown.add(id));
      ul.replaceChildren(...ids.map((id) => {
        const p = byID.get(id);
        if (!p) return h("li", { class: "post" }, h("code", {}, id), " ", h("span", { class: "help" }, "(post not found)"));
        const when = p.posted_at ? new Date(p.posted_at).toISOString().slice(0, 10) : "";
        return h("li", { class: "post", dataset: { postId: id } },
          h("div", { class: "post-meta" }, postRef(id, urls.get(id) || p.url), " · ", platformLabel(p.platform), when ? " · " + when : ""),
          h("blockquote", { class: "caption" }, p.caption || "(no caption)"));
      }));
    }
  } catch (e) {
    delete panel.dataset.loaded;
    for (const ul of lists) ul.replaceChildren(h("li", { class: "help" }, "Captions could not be loaded."));
    showError(e, "load the cited posts");
  }
}

function getCreator(id) {
  if (!state.creators.has(id)) {
    const p = api("GET", "/v1/creators/" + encodeURIComponent(id));
    p.catch(() => state.creators.delete(id));
    state.creators.set(id, p);
  }
  return state.creators.get(id);
}

async function dismiss(m, btn) {
  const li = btn.closest("li.card");
  const index = $$("#results > li").indexOf(li);
  const handle = (m.card && m.card.handle) || m.creator_id;
  btn.disabled = true;
  clearAlert();
  try {
    await api("POST", "/v1/feedback", {
      events: [{ brief_id: state.briefId, brief_text: state.text, creator_id: m.creator_id, event: "rejected" }],
    });
  } catch (e) {
    btn.disabled = false;
    showError(e, "dismiss " + handle);
    return;
  }
  state.dismissed.add(m.creator_id);
  updateDismissedNote();
  if (isShortlisted(m.creator_id)) removeFromShortlist(m.creator_id);
  li.remove();
  state.results = state.results.filter((r) => r.creator_id !== m.creator_id);
  setStatus("#results-status", `Dismissed @${handle.replace(/^@/, "")}; refreshing the list…`);
  setBusy(true);
  try {
    await runMatch(Math.max(0, index));
    setStatus("#results-status", `Dismissed @${handle.replace(/^@/, "")}. ${state.results.length} creators shown.`);
  } catch (e) {
    showError(e, "refresh the results");
  } finally {
    setBusy(false);
  }
}

// ---- lookalikes ----------------------------------------------------------

async function showLookalikes(m) {
  const panel = $("#lookalikes");
  const handle = m.card && m.card.handle ? "@" + m.card.handle.replace(/^@/, "") : m.creator_id;
  panel.hidden = false;
  $("#lookalikes-title").textContent = "Creators like " + handle;
  $("#lookalikes-list").replaceChildren();
  setStatus("#lookalikes-status", "Searching…");
  panel.scrollIntoView({ block: "nearest" });
  $("#lookalikes-title").focus();
  try {
    const resp = await api("GET", `/v1/creators/${encodeURIComponent(m.creator_id)}/similar?limit=8`);
    const rs = (resp.results || []).filter((r) => !state.dismissed.has(r.creator_id));
    setStatus("#lookalikes-status", rs.length ? `${rs.length} similar creators.` : "No similar creator found.");
    $("#lookalikes-list").replaceChildren(...rs.map((r) => {
      const c = r.card || {};
      return h("li", { class: "mini-card", dataset: { creatorId: r.creator_id } },
        h("div", { class: "row between" },
          h("a", { href: profileHref(r.creator_id), class: "profile-link" }, h("strong", {}, c.handle ? "@" + c.handle.replace(/^@/, "") : r.creator_id)),
          h("span", { class: "help" }, "similarity " + fmtScore(r.similarity))),
        h("p", { class: "help" }, [platformLabel(c.platform), c.tier, fmtCount(c.followers) + " followers", fmtPct(c.engagement_rate) + " ER"].filter(Boolean).join(" · ")),
        r.shared_niches && r.shared_niches.length ? h("p", {}, "Shared niches: " + r.shared_niches.join(", ").replace(/_/g, " ")) : null,
        r.reasons && r.reasons.length ? h("p", { class: "help" }, r.reasons[0].text) : null);
    }));
  } catch (e) {
    setStatus("#lookalikes-status", "");
    showError(e, "find lookalikes");
  }
}

// ---- shortlist -----------------------------------------------------------
//
// The panel holds one brief's shortlist: built by the server within the
// budget, then changed by hand. Totals are summed here from the picks, so
// they follow every addition and removal; amounts are in the shortlist's
// currency (the server's, or the results' when started by hand).

// pickOf is a shortlist entry for a match whose amounts are in `from`'s
// currency, converted to the shortlist's.
function pickOf(m, byHand, from, to) {
  const c = m.cost || {};
  return {
    match: m, byHand,
    price: convert(c.price_per_post, from, to),
    reach: c.expected_reach || 0,
    engagements: c.expected_engagements || 0,
  };
}

function shortlistTotals(sl) {
  const t = { cost: 0, expected_reach: 0, expected_engagements: 0 };
  for (const p of sl.picks) {
    t.cost += p.price;
    t.expected_reach += p.reach;
    t.expected_engagements += p.engagements;
  }
  t.remaining = sl.budget - t.cost;
  return t;
}

async function onShortlist(ev) {
  ev.preventDefault();
  if (!state.text || !state.briefId) {
    showError({ message: "Find creators for a brief first." }, "build a shortlist");
    return;
  }
  const total = num("#sl-budget");
  if (!(total > 0)) {
    showError({ message: "Enter a budget above zero." }, "build a shortlist");
    $("#sl-budget").focus();
    return;
  }
  clearAlert();
  setBusy(true);
  setStatus("#shortlist-status", "Building the shortlist…");
  const briefId = state.briefId; // the brief on screen, which the request sends
  const byHand = state.shortlist ? state.shortlist.picks.filter((p) => p.byHand).length : 0;
  try {
    const body = {
      brief: briefFromForm(),
      filters: filtersFromForm(),
      budget: { total, currency: $("#sl-currency").value },
      max_creators: Math.min(100, Math.max(1, Math.round(num("#sl-max")) || 10)),
    };
    const resp = await api("POST", "/v1/shortlists", body);
    if (state.briefId !== briefId) return; // a newer search replaced the brief meanwhile
    const rate = resp.currency || { currency: (resp.totals && resp.totals.currency) || $("#sl-currency").value };
    state.shortlist = {
      briefId, budget: total, currency: rate, note: resp.note || "", eligible: resp.eligible, minFit: resp.min_fit,
      picks: (resp.picks || []).map((p) => pickOf(p, false, rate, rate)),
    };
    renderShortlist();
    const n = state.shortlist.picks.length;
    let msg = n ? `${n} creator${n === 1 ? "" : "s"} picked.` : "No creator fits this budget.";
    if (byHand) msg += ` The ${byHand} added by hand before were replaced; add them again to keep them.`;
    setStatus("#shortlist-status", msg);
  } catch (e) {
    setStatus("#shortlist-status", "");
    showError(e, "build the shortlist");
  } finally {
    setBusy(false);
  }
}

// startShortlist makes an empty shortlist for the brief on screen, in the
// results' currency, with the panel's budget when it is in that currency
// (else the brief's own budget).
function startShortlist() {
  const rate = state.currency || { currency: "USD", usd_per_unit: 1 };
  let budget = 0;
  if ($("#sl-currency").value === rate.currency) budget = num("#sl-budget");
  const bb = state.brief && state.brief.budget;
  if (!(budget > 0) && bb && bb.total > 0 && (bb.currency || "USD") === rate.currency) budget = bb.total;
  state.shortlist = { briefId: state.briefId, budget: budget > 0 ? budget : 0, currency: rate, note: "", picks: [] };
}

function addToShortlist(m) {
  if (!state.briefId) return;
  if (!state.shortlist || state.shortlist.briefId !== state.briefId) startShortlist();
  const sl = state.shortlist;
  const handle = handleOf(m);
  if (isShortlisted(m.creator_id)) {
    setStatus("#shortlist-status", `${handle} is already on the shortlist.`);
    return;
  }
  sl.picks.push(pickOf(m, true, state.currency, sl.currency));
  renderShortlist();
  const t = shortlistTotals(sl);
  let msg = `Added ${handle} by hand.`;
  if (!(sl.budget > 0)) msg += " No budget is set for this shortlist: enter one and build it to check spend.";
  else if (t.remaining < 0) msg += ` Warning: the shortlist is now ${fmtMoney(-t.remaining, sl.currency.currency)} over its budget.`;
  setStatus("#shortlist-status", msg);
}

function removeFromShortlist(id, focusNext) {
  const sl = state.shortlist;
  if (!sl) return;
  const i = sl.picks.findIndex((p) => p.match.creator_id === id);
  if (i < 0) return;
  const [gone] = sl.picks.splice(i, 1);
  renderShortlist();
  const t = shortlistTotals(sl);
  setStatus("#shortlist-status", `Removed ${handleOf(gone.match)}. ${sl.picks.length} on the shortlist, ${fmtMoney(t.remaining, sl.currency.currency)} left.`);
  if (focusNext) {
    const btns = $$("#picks button.remove");
    (btns[Math.min(i, btns.length - 1)] || $("#shortlist-title")).focus();
  }
}

function clearShortlist(why) {
  state.shortlist = null;
  $("#shortlist").dataset.briefId = "";
  $("#totals").replaceChildren();
  $("#picks tbody").replaceChildren();
  $("#shortlist-out").hidden = true;
  $("#shortlist-note").hidden = true;
  $("#shortlist-warning").hidden = true;
  $("#shortlist-currency").textContent = "";
  $("#export").disabled = true;
  syncAddButtons();
  syncSaveList();
  if (why) setStatus("#shortlist-status", why);
}

function renderShortlist() {
  const sl = state.shortlist;
  if (!sl) return clearShortlist();
  const code = sl.currency.currency || "USD";
  const t = shortlistTotals(sl);
  const item = (key, label, value, raw, cls) =>
    h("div", { class: cls }, h("dt", {}, label), h("dd", { dataset: { total: key, value: String(raw) } }, value));
  $("#shortlist").dataset.briefId = sl.briefId;
  $("#totals").replaceChildren(
    item("cost", "Total cost", fmtMoney(t.cost, code), t.cost),
    item("budget", "Budget", sl.budget > 0 ? fmtMoney(sl.budget, code) : "not set", sl.budget),
    item("remaining", "Remaining", sl.budget > 0 ? fmtMoney(t.remaining, code) : "—", t.remaining, t.remaining < 0 && sl.budget > 0 ? "over" : undefined),
    item("expected_reach", "Expected reach", fmtCount(t.expected_reach), t.expected_reach),
    item("expected_engagements", "Expected engagements", fmtCount(t.expected_engagements), t.expected_engagements));
  const over = sl.budget > 0 && t.remaining < 0;
  $("#shortlist-warning").hidden = !over;
  $("#shortlist-warning").textContent = over
    ? `Over budget by ${fmtMoney(-t.remaining, code)}: the creators added by hand cost more than the ${fmtMoney(sl.budget, code)} budget. Remove one or raise the budget.`
    : "";
  $("#shortlist-note").hidden = !sl.note;
  $("#shortlist-note").textContent = sl.note;
  $("#picks tbody").replaceChildren(...sl.picks.map((p, i) => {
    const m = p.match;
    const c = m.card || {};
    const cost = m.cost || {};
    const handle = handleOf(m);
    const mix = audienceText(c.audience);
    return h("tr", { dataset: { creatorId: m.creator_id, byHand: p.byHand ? "1" : "", platform: cost.platform || c.platform || "" } },
      h("td", {}, String(i + 1)),
      h("td", {},
        h("strong", {}, handle),
        p.byHand ? [" ", h("span", { class: "badge hand" }, "added by hand")] : null,
        h("span", { class: "help block" }, [platformLabel(cost.platform || c.platform), c.tier, "on-brief " + fmtPct(m.fit, 0)].filter(Boolean).join(" · ")),
        h("span", { class: "help block pick-niches" }, h("span", { class: "k" }, "Niche: "), nicheText(c) || "no niche"),
        h("span", { class: "help block pick-audience" }, h("span", { class: "k" }, "Audience: "), mix || "no audience data"),
        h("span", { class: "block lists-slot", dataset: { creatorId: m.creator_id } }, listBadges(m)),
        h("button", { type: "button", class: "remove ghost small", onclick: () => removeFromShortlist(m.creator_id, true) }, "Remove", srOnly(" " + handle))),
      h("td", { class: "num" }, fmtMoney(p.price, code)),
      h("td", { class: "num" }, fmtCount(p.reach)),
      h("td", { class: "num" }, fmtCount(p.engagements)));
  }));
  $("#shortlist-currency").textContent = currencyNote(sl.currency);
  $("#shortlist-out").hidden = false;
  $("#export").disabled = !sl.picks.length;
  syncAddButtons();
  syncSaveList();
}

function csvCell(v) {
  let s = v === undefined || v === null ? "" : String(v);
  // Keep spreadsheet apps from reading a text cell as a formula.
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

// shortlistCSV is the shortlist as RFC 4180 CSV with a header row: a row
// per pick, those added by hand included, amounts in its currency.
function shortlistCSV(sl) {
  const rows = [CSV_COLUMNS];
  const code = sl.currency.currency || "USD";
  sl.picks.forEach((p, i) => {
    const m = p.match;
    const c = m.card || {};
    const cost = m.cost || {};
    rows.push([
      i + 1,
      m.creator_id,
      (c.handle || "").replace(/^@/, ""),
      cost.platform || c.platform || "",
      c.followers || 0,
      (m.score || 0).toFixed(4),
      (m.fit || 0).toFixed(4),
      m.decision || "",
      p.price.toFixed(2),
      code,
      Math.round(p.engagements),
      Math.round(p.reach),
      (c.niches || []).join(";"),
      audienceText(c.audience),
      p.byHand ? "hand" : "shortlist",
    ]);
  });
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function onExport() {
  const sl = state.shortlist;
  if (!sl || !sl.picks.length) return;
  const csv = shortlistCSV(sl);
  const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: `shortlist-${(sl.briefId || "brief").slice(0, 12)}.csv`, class: "sr-only" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  const n = sl.picks.length;
  setStatus("#shortlist-status", `Exported ${n} creator${n === 1 ? "" : "s"} as CSV.`);
}

// ---- lists, statuses and notes ---------------------------------------------
//
// A list is the workspace's named set of creators, each with a pipeline
// status. The shortlist can be saved as one; the Lists view pages through
// them; a list's view changes its creators' statuses; notes belong to the
// creator (not to a list) and show on the list's rows and the profile.

const STATUSES = ["prospect", "contacted", "negotiating", "hired", "declined", "archived"];
const statusLabel = (s) => (s ? s[0].toUpperCase() + s.slice(1) : "");
const LISTS_PAGE = 20;
const ITEMS_PAGE = 25;

const enc = encodeURIComponent;
const listHref = (id) => "#/lists/" + enc(id);
const profileHref = (id) => "#/creators/" + enc(id);

const dateTimeFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const dateFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

// when is a <time> for an RFC 3339 string, as a date (and time when asked).
function when(iso, withTime) {
  const d = iso ? new Date(iso) : null;
  if (!d || isNaN(d)) return h("span", { class: "help" }, "—");
  return h("time", { datetime: d.toISOString() }, (withTime ? dateTimeFmt : dateFmt).format(d));
}

// statusSelect is a labelled select of the pipeline statuses.
function statusSelect(id, label, value) {
  return [
    h("label", { for: id, class: "sr-only" }, label),
    h("select", { id, class: "status-select", dataset: { status: value } },
      STATUSES.map((s) => h("option", { value: s, selected: s === value }, statusLabel(s)))),
  ];
}

// setMembership records a creator's status on a list (none: off it) in
// the matches on screen, whose lists annotation came with the match
// response, and redraws the cards' badges.
function setMembership(creatorId, list, status) {
  const matches = [...state.results, ...((state.shortlist && state.shortlist.picks.map((p) => p.match)) || [])];
  for (const m of matches) {
    if (m.creator_id !== creatorId) continue;
    const others = (m.lists || []).filter((l) => l.id !== list.id);
    m.lists = status ? [...others, { id: list.id, name: list.name, status }] : others;
  }
  syncListBadges();
}

// listBadges shows which of the workspace's lists hold the creator, with
// the creator's status on each.
function listBadges(m) {
  const ls = m.lists || [];
  if (!ls.length) return null;
  return h("ul", { class: "list-badges", "aria-label": "On your lists" }, ls.map((l) =>
    h("li", { class: "list-badge st-" + l.status, dataset: { listId: l.id, status: l.status } },
      h("a", { href: listHref(l.id) }, l.name), ": ", h("span", { class: "badge-status" }, statusLabel(l.status)))));
}

// workedBadge says the workspace worked with the creator before, with the
// latest hire and campaign result (the match's worked_with_us).
function workedBadge(m) {
  const w = m.worked_with_us;
  if (!w) return null;
  const day = (t) => (t ? new Date(t).toISOString().slice(0, 10) : "");
  const metrics = (o) => Object.entries(o || {}).map(([k, v]) => `${k.replaceAll("_", " ")} ${Number(v).toLocaleString("en-US", { maximumFractionDigits: 2 })}`).join(", ");
  const parts = [];
  if (w.hires) parts.push(`hired ${w.hires}× (last ${day(w.last_hired_at)}${w.last_hire ? ": " + metrics(w.last_hire) : ""})`);
  if (w.campaign_results) parts.push(`last result ${day(w.last_result_at)}${w.last_result ? ": " + metrics(w.last_result) : ""}`);
  return h("p", { class: "worked-with-us" }, h("strong", {}, "Worked with you before: "), parts.join("; "));
}

function syncListBadges() {
  const picks = (state.shortlist && state.shortlist.picks.map((p) => p.match)) || [];
  for (const [sel, matches] of [["#results .lists-slot", state.results], ["#picks .lists-slot", picks]]) {
    for (const slot of $$(sel)) {
      const m = matches.find((r) => r.creator_id === slot.dataset.creatorId);
      if (m) slot.replaceChildren(listBadges(m) || "");
    }
  }
}

// ---- save the shortlist as a list ----

function syncSaveList() {
  const n = state.shortlist ? state.shortlist.picks.length : 0;
  $("#save-list").disabled = !n || state.savingList;
  if (!$("#list-name").value && state.brief) {
    const b = state.brief;
    const what = (b.topics && b.topics.length ? b.topics.join(", ").replace(/_/g, " ") : "Shortlist");
    $("#list-name").placeholder = `${what} — ${dateFmt.format(new Date())}`;
  }
}

async function onSaveList(ev) {
  ev.preventDefault();
  const sl = state.shortlist;
  if (!sl || !sl.picks.length) {
    showError({ message: "Build or add to a shortlist first." }, "save the shortlist");
    return;
  }
  const name = ($("#list-name").value.trim() || $("#list-name").placeholder).trim();
  if (!name) {
    showError({ message: "Name the list." }, "save the shortlist");
    $("#list-name").focus();
    return;
  }
  clearAlert();
  state.savingList = true;
  syncSaveList();
  $("#save-list-link").hidden = true;
  setStatus("#save-list-status", "Creating the list…");
  const ids = sl.picks.map((p) => p.match.creator_id);
  try {
    const body = { name };
    if (state.text) body.description = "Shortlist for the brief: " + state.text.slice(0, 1900);
    const list = await api("POST", "/v1/lists", body);
    let added = 0;
    const failed = [];
    for (const id of ids) {
      setStatus("#save-list-status", `Adding creator ${added + failed.length + 1} of ${ids.length}…`);
      try {
        const it = await api("PUT", `/v1/lists/${enc(list.id)}/items/${enc(id)}`, { status: "prospect" });
        setMembership(id, list, it.status);
        added++;
      } catch (e) {
        failed.push(e);
      }
    }
    let msg = `Saved ${added} creator${added === 1 ? "" : "s"} to the list “${list.name}” as prospects.`;
    if (failed.length) {
      msg += ` ${failed.length} could not be added.`;
      showError(failed[0], `add ${failed.length} creator${failed.length === 1 ? "" : "s"} to the list`);
    }
    setStatus("#save-list-status", msg);
    $("#save-list-link").replaceChildren(h("a", { href: listHref(list.id), dataset: { listId: list.id } }, "Open the list “" + list.name + "”"));
    $("#save-list-link").hidden = false;
    $("#list-name").value = "";
  } catch (e) {
    setStatus("#save-list-status", "");
    showError(e, "save the shortlist as a list");
  } finally {
    state.savingList = false;
    syncSaveList();
  }
}

// ---- the Lists view ----

// pager keeps the cursors of the pages seen so far: cursors[i] opens page i.
const newPager = () => ({ cursors: [""], page: 0 });

function setPager(pager, page, next, prevSel, nextSel, pageSel, count, noun) {
  pager.page = page;
  if (next) pager.cursors[page + 1] = next;
  else pager.cursors.length = page + 1;
  $(prevSel).disabled = page === 0;
  $(nextSel).disabled = !next || count === 0;
  $(pageSel).textContent = `Page ${page + 1}` + (count ? ` · ${count} ${noun}` : "");
}

async function loadLists(page) {
  const seq = state.routeSeq;
  const pager = state.listsPager;
  const q = new URLSearchParams({ limit: String(LISTS_PAGE) });
  if (pager.cursors[page]) q.set("cursor", pager.cursors[page]);
  setStatus("#lists-status", "Loading lists…");
  let resp;
  try {
    resp = await api("GET", "/v1/lists?" + q);
  } catch (e) {
    setStatus("#lists-status", "");
    showError(e, "load the lists");
    return;
  }
  if (seq !== state.routeSeq) return;
  const ls = resp.lists || [];
  setPager(pager, page, resp.next_cursor, "#lists-prev", "#lists-next", "#lists-page", ls.length, ls.length === 1 ? "list" : "lists");
  $("#lists-table tbody").replaceChildren(...ls.map((l) =>
    h("tr", { dataset: { listId: l.id } },
      h("td", {}, h("a", { href: listHref(l.id), class: "list-link" }, l.name), l.description ? h("span", { class: "help block" }, l.description) : null),
      h("td", { class: "num", dataset: { items: String(l.items || 0) } }, String(l.items || 0)),
      h("td", {}, when(l.created_at)),
      h("td", {}, when(l.updated_at)))));
  const msg = ls.length ? `Showing ${ls.length} list${ls.length === 1 ? "" : "s"}.` : page ? "No more lists." : "No list yet: save a shortlist as a list, or create one here.";
  setStatus("#lists-status", (state.flash ? state.flash + " " : "") + msg);
  state.flash = "";
}

async function onNewList(ev) {
  ev.preventDefault();
  const name = $("#new-list-name").value.trim();
  if (!name) return $("#new-list-name").focus();
  clearAlert();
  try {
    const l = await api("POST", "/v1/lists", { name });
    $("#new-list-name").value = "";
    location.hash = listHref(l.id);
  } catch (e) {
    showError(e, "create the list");
  }
}

// ---- one list ----

async function openList(id) {
  const seq = state.routeSeq;
  state.list = { id, name: "", items: 0, pager: newPager() };
  $("#list-title").textContent = "List";
  $("#list-meta").textContent = "";
  $("#items tbody").replaceChildren();
  $("#items-filter").value = "";
  $("#list-manage").open = false;
  $("#delete-confirm").hidden = true;
  $("#delete-list").setAttribute("aria-expanded", "false");
  setStatus("#list-status", "Loading the list…");
  let l;
  try {
    l = await api("GET", "/v1/lists/" + enc(id));
  } catch (e) {
    setStatus("#list-status", "");
    showError(e, "open the list");
    return;
  }
  if (seq !== state.routeSeq) return;
  showListHead(l);
  await loadItems(0);
}

function showListHead(l) {
  Object.assign(state.list, { name: l.name, items: l.items || 0, data: l });
  $("#list-title").textContent = l.name;
  document.title = `${l.name} — creatormatch`;
  $("#rename-list-name").value = l.name;
  const n = l.items || 0;
  $("#list-meta").replaceChildren(`${n} creator${n === 1 ? "" : "s"} · created `, when(l.created_at), " · updated ", when(l.updated_at),
    l.description ? h("span", { class: "block" }, l.description) : "");
}

async function loadItems(page) {
  const seq = state.routeSeq;
  const list = state.list;
  const q = new URLSearchParams({ limit: String(ITEMS_PAGE) });
  if (list.pager.cursors[page]) q.set("cursor", list.pager.cursors[page]);
  const filter = $("#items-filter").value;
  if (filter) q.set("status", filter);
  setStatus("#list-status", "Loading creators…");
  let resp;
  try {
    resp = await api("GET", `/v1/lists/${enc(list.id)}/items?` + q);
  } catch (e) {
    setStatus("#list-status", "");
    showError(e, "load the list's creators");
    return;
  }
  const items = resp.items || [];
  // The rows name each creator: fetch the profiles (cached) together.
  const creators = await Promise.allSettled(items.map((it) => getCreator(it.creator_id)));
  if (seq !== state.routeSeq || list !== state.list) return;
  setPager(list.pager, page, resp.next_cursor, "#items-prev", "#items-next", "#items-page", items.length, items.length === 1 ? "creator" : "creators");
  $("#items tbody").replaceChildren(...items.flatMap((it, i) => itemRows(it, creators[i].status === "fulfilled" ? creators[i].value : null)));
  const shown = filter ? ` with status ${statusLabel(filter)}` : "";
  setStatus("#list-status", items.length ? `Showing ${items.length} creator${items.length === 1 ? "" : "s"}${shown}.` : `No creator${shown} ${page ? "on this page" : "on this list"}.`);
}

// creatorHandle is a creator's main handle (@...) or its id.
function creatorHandle(c, id) {
  const acc = c && (c.accounts || []).find((a) => a.handle);
  return acc ? "@" + acc.handle.replace(/^@/, "") : id;
}

// bindStatus saves a status select's choice as the creator's status on
// the list as soon as it is made. Arrow keys on a closed select change it
// step by step: the select stays usable, one request is in flight at a
// time, and the last choice is the one kept. box (the row) carries the
// saved status and is aria-busy while saving; saved gets the stored item.
function bindStatus(select, box, list, creatorId, handle, saved) {
  let saving = false;
  select.addEventListener("change", async () => {
    if (saving) return;
    saving = true;
    box.setAttribute("aria-busy", "true");
    clearAlert();
    try {
      while (select.value !== select.dataset.status) {
        const want = select.value;
        try {
          const up = await api("PUT", `/v1/lists/${enc(list.id)}/items/${enc(creatorId)}`, { status: want });
          select.dataset.status = up.status;
          box.dataset.status = up.status;
          setMembership(creatorId, list, up.status);
          saved(up);
        } catch (e) {
          select.value = select.dataset.status;
          showError(e, `change the status of ${handle}`);
          break;
        }
      }
    } finally {
      saving = false;
      box.removeAttribute("aria-busy");
    }
  });
}

// itemRows is a list item's row and its notes row (hidden until asked).
function itemRows(it, c) {
  const list = state.list;
  const handle = creatorHandle(c, it.creator_id);
  const selID = domID("status", it.creator_id);
  const notesID = domID("notes-row", it.creator_id);
  const main = c && c.accounts && c.accounts.length ? c.accounts.reduce((a, b) => (b.followers > a.followers ? b : a)) : null;
  const updated = h("td", { class: "updated" }, when(it.updated_at));
  const [label, select] = statusSelect(selID, "Status of " + handle, it.status);
  const notesBtn = h("button", { type: "button", class: "notes-toggle small", "aria-expanded": "false", "aria-controls": notesID }, "Notes", srOnly(" on " + handle));
  const removeBtn = h("button", { type: "button", class: "remove-item small danger" }, "Remove", srOnly(" " + handle));
  const row = h("tr", { class: "item", dataset: { creatorId: it.creator_id, status: it.status } },
    h("td", {},
      h("a", { href: profileHref(it.creator_id), class: "profile-link" }, handle),
      c ? h("span", { class: "help block" }, [c.name, main ? `${platformLabel(main.platform)} · ${fmtCount(main.followers)} followers` : ""].filter(Boolean).join(" · "))
        : h("span", { class: "help block" }, "not in the catalogue"),
      c && c.contact && (c.contact.email || c.contact.agent)
        ? h("span", { class: "help block item-contact" },
          c.contact.email ? h("a", { href: "mailto:" + encodeURIComponent(c.contact.email).replace("%40", "@") }, c.contact.email) : null,
          c.contact.email && c.contact.agent ? " · " : null,
          c.contact.agent ? "agent " + c.contact.agent : null)
        : null),
    h("td", {}, label, select),
    h("td", {}, when(it.added_at)),
    updated,
    h("td", {}, h("div", { class: "row-actions" }, notesBtn, removeBtn)));
  const notesCell = h("td", { colspan: "5" });
  const notesRow = h("tr", { id: notesID, class: "notes-row", hidden: true, dataset: { creatorId: it.creator_id } }, notesCell);

  bindStatus(select, row, list, it.creator_id, handle, (up) => {
    updated.replaceChildren(when(up.updated_at));
    setStatus("#list-status", `${handle} is now ${statusLabel(up.status).toLowerCase()} on “${list.name}”.`);
  });
  notesBtn.addEventListener("click", () => {
    const open = notesBtn.getAttribute("aria-expanded") !== "true";
    notesBtn.setAttribute("aria-expanded", String(open));
    notesRow.hidden = !open;
    if (open && !notesCell.firstChild) notesCell.append(notesPanel(it.creator_id, handle, "h3"));
  });
  removeBtn.addEventListener("click", async () => {
    removeBtn.disabled = true;
    clearAlert();
    try {
      await api("DELETE", `/v1/lists/${enc(list.id)}/items/${enc(it.creator_id)}`);
    } catch (e) {
      removeBtn.disabled = false;
      showError(e, `remove ${handle} from the list`);
      return;
    }
    // Focus goes to the next creator's status, else the previous one's,
    // else the title when none is left.
    const nextRow = notesRow.nextElementSibling || (row.previousElementSibling && row.previousElementSibling.previousElementSibling);
    row.remove();
    notesRow.remove();
    setMembership(it.creator_id, list, null);
    if (list === state.list) showListHead({ ...list.data, items: Math.max(0, list.items - 1) });
    setStatus("#list-status", `Removed ${handle} from “${list.name}”.`);
    ((nextRow && $(".status-select", nextRow)) || $("#list-title")).focus();
  });
  return [row, notesRow];
}

async function onRenameList(ev) {
  ev.preventDefault();
  const name = $("#rename-list-name").value.trim();
  if (!name || !state.list) return;
  clearAlert();
  try {
    const l = await api("PATCH", "/v1/lists/" + enc(state.list.id), { name });
    showListHead(l);
    setStatus("#list-status", `Renamed to “${l.name}”.`);
  } catch (e) {
    showError(e, "rename the list");
  }
}

// askDeleteList asks, on the page, to confirm deleting the open list.
function askDeleteList() {
  const list = state.list;
  if (!list) return;
  $("#delete-confirm-text").textContent = `Delete the list “${list.name}” and its ${list.items} creator${list.items === 1 ? "" : "s"}? ` +
    "Your notes on them are kept. This cannot be undone.";
  $("#delete-confirm").hidden = false;
  $("#delete-list").setAttribute("aria-expanded", "true");
  $("#delete-cancel").focus();
}

function cancelDeleteList() {
  $("#delete-confirm").hidden = true;
  $("#delete-list").setAttribute("aria-expanded", "false");
  $("#delete-list").focus();
}

async function onDeleteList() {
  const list = state.list;
  if (!list) return;
  clearAlert();
  try {
    await api("DELETE", "/v1/lists/" + enc(list.id));
  } catch (e) {
    showError(e, "delete the list");
    return;
  }
  for (const m of state.results) {
    if ((m.lists || []).some((l) => l.id === list.id)) setMembership(m.creator_id, list, null);
  }
  state.flash = `Deleted the list “${list.name}”.`;
  location.hash = "#/lists";
}

// onExportList downloads the server's CSV export of the list (fetched
// with the API key, so it cannot be a plain link).
async function onExportList() {
  const list = state.list;
  if (!list) return;
  clearAlert();
  try {
    const res = await apiFetch("GET", `/v1/lists/${enc(list.id)}/export?format=csv`);
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    // The server names the file; the list's name is the fallback.
    const given = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
    const name = given ? given[1] : `list-${list.name.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 40) || "export"}.csv`;
    const a = h("a", { href: url, download: name, class: "sr-only" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus("#list-status", `Exported “${list.name}” as CSV.`);
  } catch (e) {
    showError(e, "export the list");
  }
}

// ---- notes ----

// notesPanel shows the workspace's notes on a creator, newest first with
// author and time, and a form to add one. level is its heading's tag.
function notesPanel(creatorId, handle, level, title = "Notes") {
  const titleID = domID("notes-title", creatorId + "-" + level);
  const textID = domID("note-text", creatorId + "-" + level);
  const text = h("textarea", { id: textID, name: "text", rows: "3", maxlength: "5000", required: true });
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  const list = h("ol", { class: "note-list", "aria-labelledby": titleID });
  const more = h("button", { type: "button", class: "small ghost more-notes", hidden: true }, "Show older notes");
  const form = h("form", { class: "note-form" },
    h("div", { class: "field" }, h("label", { for: textID }, "Add a note on " + handle), text),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "add-note" }, "Add note")));
  const root = h("section", { class: "notes profile-section", "aria-labelledby": titleID, dataset: { creatorId, section: "notes" } },
    h(level, { id: titleID }, title), list, more, form, status);
  let cursor = "";

  const noteItem = (n) => {
    const del = h("button", { type: "button", class: "small ghost delete-note" }, "Delete", srOnly(" note by " + (n.author || "unknown")));
    const li = h("li", { class: "note-item", dataset: { noteId: n.id } },
      h("p", { class: "note-text" }, n.text),
      h("p", { class: "note-meta help" }, h("span", { class: "note-author" }, n.author || "unknown"), " · ", when(n.created_at, true), " ", del));
    del.addEventListener("click", async () => {
      del.disabled = true;
      try {
        await api("DELETE", `/v1/creators/${enc(creatorId)}/notes/${enc(n.id)}`);
        li.remove();
        status.textContent = "Note deleted.";
        if (!list.children.length) list.replaceChildren(h("li", { class: "help empty" }, "No note yet."));
        text.focus();
      } catch (e) {
        del.disabled = false;
        showError(e, "delete the note");
      }
    });
    return li;
  };

  const load = async () => {
    const q = new URLSearchParams({ limit: "20" });
    if (cursor) q.set("cursor", cursor);
    more.disabled = true;
    try {
      const resp = await api("GET", `/v1/creators/${enc(creatorId)}/notes?` + q);
      const ns = resp.notes || [];
      $$(".empty", list).forEach((e) => e.remove());
      list.append(...ns.map(noteItem));
      if (!list.children.length) list.append(h("li", { class: "help empty" }, "No note yet."));
      cursor = resp.next_cursor || "";
      more.hidden = !cursor || !ns.length;
      root.dataset.loaded = "1";
    } catch (e) {
      showError(e, "load the notes on " + handle);
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener("click", load);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const t = text.value.trim();
    if (!t) return text.focus();
    const btn = $("button.add-note", form);
    btn.disabled = true;
    clearAlert();
    try {
      const n = await api("POST", `/v1/creators/${enc(creatorId)}/notes`, { text: t });
      $$(".empty", list).forEach((e) => e.remove());
      list.prepend(noteItem(n));
      text.value = "";
      status.textContent = `Note added by ${n.author || "you"}.`;
    } catch (e) {
      showError(e, "add the note");
    } finally {
      btn.disabled = false;
    }
  });
  load();
  return root;
}

// ---- views and routes ----
//
// #/ is the search, #/lists the lists, #/lists/ID one list and
// #/creators/ID a creator's profile; other fragments (the skip link's
// #main) leave the view as it is.

const VIEWS = { search: "#view-search", lists: "#view-lists", list: "#view-list", profile: "#view-profile" };

function parseRoute(hash) {
  if (!hash || hash === "#" || hash === "#/") return { view: "search" };
  const m = /^#\/(lists|creators)(?:\/(.+))?$/.exec(hash);
  if (!m) return null;
  let id = "";
  try {
    id = m[2] ? decodeURIComponent(m[2]) : "";
  } catch {
    return { view: "search" };
  }
  if (m[1] === "lists") return id ? { view: "list", id } : { view: "lists" };
  return id ? { view: "profile", id } : { view: "search" };
}

function showView(view) {
  for (const [v, sel] of Object.entries(VIEWS)) $(sel).hidden = v !== view;
  const navView = view === "search" || view === "profile" ? "search" : "lists";
  for (const [v, sel] of [["search", "#nav-search"], ["lists", "#nav-lists"]]) {
    if (v === navView) $(sel).setAttribute("aria-current", "page");
    else $(sel).removeAttribute("aria-current");
  }
}

async function route(initial) {
  const r = parseRoute(location.hash);
  if (!r) return;
  const prev = state.route;
  state.route = r;
  state.routeSeq++;
  if (!initial) clearAlert();
  showView(r.view);
  const focus = (sel) => {
    if (!initial || r.view !== "search") {
      $(sel).focus();
      window.scrollTo(0, 0);
    }
  };
  switch (r.view) {
    case "search":
      document.title = "creatormatch — find creators for a brief";
      focus("#brief-title");
      break;
    case "lists":
      document.title = "Lists — creatormatch";
      state.listsPager = newPager();
      focus("#lists-title");
      await loadLists(0);
      break;
    case "list":
      focus("#list-title");
      await openList(r.id);
      break;
    case "profile": {
      // Back goes where the profile was opened from.
      const back = prev && prev.view === "list" && state.list ? { href: listHref(state.list.id), text: "← Back to “" + state.list.name + "”" }
        : prev && prev.view === "lists" ? { href: "#/lists", text: "← Back to lists" } : { href: "#/", text: "← Back to results" };
      $("#profile-back").href = back.href;
      $("#profile-back").textContent = back.text;
      focus("#profile-title");
      await openProfile(r.id);
      break;
    }
  }
}

// ---- creator profile ---------------------------------------------------------

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" });
  } catch {
    return null;
  }
})();
const countryName = (code) => {
  try {
    return (regionNames && regionNames.of(code)) || code;
  } catch {
    return code;
  }
};

// section is a profile section with an h2.
function section(key, title, ...children) {
  const id = domID("profile-sec", key);
  return h("section", { class: "profile-section", dataset: { section: key }, "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

// barChart is a horizontal bar chart of shares: a list whose items read
// "label NN.N%" (the bars themselves are decoration), in the given order.
// Rows past max are summed into one "Other" row.
function barChart(dim, title, rows, max = 10) {
  let shown = rows;
  if (rows.length > max) {
    const rest = rows.slice(max - 1);
    shown = [...rows.slice(0, max - 1), { key: "", label: `Other (${rest.length})`, share: rest.reduce((s, r) => s + r.share, 0) }];
  }
  const capID = domID("chart-title", dim);
  return h("figure", { class: "chart", dataset: { dimension: dim } },
    h("figcaption", { id: capID }, title),
    h("ul", { class: "bars", "aria-labelledby": capID }, shown.map((r) => {
      const fill = h("span", { class: "bar-fill" });
      fill.style.width = Math.max(0, Math.min(100, r.share * 100)) + "%";
      return h("li", { class: "bar-row" + (r.key ? "" : " bar-other"), dataset: { key: r.key, share: String(r.share) } },
        h("span", { class: "bar-label" }, r.label),
        h("span", { class: "bar-track", "aria-hidden": "true" }, fill),
        h("span", { class: "bar-value" }, fmtPct(r.share)));
    })));
}

// audienceCharts draws the audience's country, age and gender mix (and
// languages and interests when known) from the creator's audience.
function audienceCharts(a) {
  a = a || {};
  const entries = (o) => Object.entries(o || {}).filter(([, v]) => typeof v === "number");
  const byShare = (o, label = (k) => k) => entries(o).map(([key, share]) => ({ key, label: label(key), share })).sort((x, y) => y.share - x.share || x.key.localeCompare(y.key));
  const inOrder = (o, order, label) => {
    const known = order.filter((k) => k in (o || {})).map((k) => ({ key: k, label: label(k), share: o[k] }));
    const extra = entries(o).filter(([k]) => !order.includes(k)).map(([key, share]) => ({ key, label: key, share }));
    return [...known, ...extra];
  };
  const charts = [];
  const countryLabel = (k) => (countryName(k) !== k ? `${countryName(k)} (${k})` : k);
  if (entries(a.countries).length) charts.push(barChart("country", "Audience by country", byShare(a.countries, countryLabel)));
  if (entries(a.age).length) charts.push(barChart("age", "Audience by age", inOrder(a.age, AGES, (k) => k)));
  if (entries(a.gender).length) {
    charts.push(barChart("gender", "Audience by gender", inOrder(a.gender, GENDERS.map(([k]) => k), (k) => (GENDERS.find(([g]) => g === k) || [k, k])[1])));
  }
  if (entries(a.languages).length) charts.push(barChart("language", "Audience by language", byShare(a.languages)));
  if (entries(a.interests).length) charts.push(barChart("interest", "Audience interests", byShare(a.interests, (k) => k.replace(/_/g, " "))));
  if (!charts.length) return [h("p", { class: "help" }, "No audience data for this creator.")];
  const out = [h("div", { class: "charts" }, charts)];
  if (typeof a.credibility === "number") out.push(h("p", { class: "help" }, `Audience credibility ${fmtPct(a.credibility, 0)} (the share judged to be real people).`));
  return out;
}

const SVG_NS = "http://www.w3.org/2000/svg";
// svg builds an SVG element like h builds an HTML one (attributes only).
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// growthChart draws an account's follower history as a line, described
// in words for screen readers, with the numbers in a table below; null
// with fewer than two dated points.
function growthChart(acc, i) {
  const pts = (acc.follower_history || []).map((p) => ({ t: new Date(p.date).getTime(), date: p.date, n: p.followers || 0 }))
    .filter((p) => !isNaN(p.t)).sort((a, b) => a.t - b.t);
  if (pts.length < 2) return null;
  const label = platformLabel(acc.platform);
  const first = pts[0];
  const last = pts[pts.length - 1];
  const change = first.n > 0 ? (last.n - first.n) / first.n : 0;
  const verb = change < 0 ? "fell" : "grew";
  const trend = `followers ${verb} from ${fmtCount(first.n)} on ${first.date} to ${fmtCount(last.n)} on ${last.date} (${change >= 0 ? "+" : ""}${fmtPct(change)}).`;
  const W = 600, H = 200, L = 56, R = 12, T = 12, B = 28;
  const t0 = first.t, t1 = Math.max(last.t, t0 + 1);
  let lo = Math.min(...pts.map((p) => p.n));
  let hi = Math.max(...pts.map((p) => p.n));
  if (hi === lo) {
    hi += 1;
    lo = Math.max(0, lo - 1);
  }
  const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const y = (n) => T + (1 - (n - lo) / (hi - lo)) * (H - T - B);
  const titleID = domID("growth-title", i + "-" + acc.platform);
  const descID = domID("growth-desc", i + "-" + acc.platform);
  const chart = svg("svg", { class: "growth", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `${titleID} ${descID}` },
    svg("title", { id: titleID }, `${label} followers over time`),
    svg("desc", { id: descID }, `${label} ${trend}`),
    svg("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }),
    svg("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B }),
    svg("text", { class: "tick", x: L - 6, y: y(hi) + 4, "text-anchor": "end" }, fmtCount(hi)),
    svg("text", { class: "tick", x: L - 6, y: y(lo) + 4, "text-anchor": "end" }, fmtCount(lo)),
    svg("text", { class: "tick", x: L, y: H - 8, "text-anchor": "start" }, first.date),
    svg("text", { class: "tick", x: W - R, y: H - 8, "text-anchor": "end" }, last.date),
    svg("polyline", { class: "line", points: pts.map((p) => `${x(p.t).toFixed(1)},${y(p.n).toFixed(1)}`).join(" ") }),
    pts.map((p) => svg("circle", { class: "dot", cx: x(p.t).toFixed(1), cy: y(p.n).toFixed(1), r: 3 })));
  return h("figure", { class: "growth-chart", dataset: { platform: acc.platform, points: String(pts.length) } },
    h("figcaption", {}, `${label}${acc.handle ? " @" + acc.handle.replace(/^@/, "") : ""}: ${trend}`),
    chart,
    h("details", { class: "growth-data" },
      h("summary", {}, `${label} follower counts by date`),
      h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Date"), h("th", { scope: "col", class: "num" }, "Followers"))),
        h("tbody", {}, pts.map((p) => h("tr", {}, h("td", {}, p.date), h("td", { class: "num" }, p.n.toLocaleString("en")))))))));
}

function accountsBlock(c) {
  const accs = c.accounts || [];
  if (!accs.length) return [h("p", { class: "help" }, "No account on record.")];
  const table = h("div", { class: "table-wrap" }, h("table", { class: "accounts" },
    h("caption", { class: "sr-only" }, "Accounts"),
    h("thead", {}, h("tr", {}, ["Platform", "Handle", "Followers", "Following", "Verified"].map((t, i) => h("th", { scope: "col", class: i === 2 || i === 3 ? "num" : undefined }, t)))),
    h("tbody", {}, accs.map((a) => h("tr", { dataset: { platform: a.platform, followers: String(a.followers || 0) } },
      h("td", {}, platformLabel(a.platform)),
      h("td", {}, a.handle ? "@" + a.handle.replace(/^@/, "") : "—"),
      h("td", { class: "num" }, (a.followers || 0).toLocaleString("en")),
      h("td", { class: "num" }, a.following ? a.following.toLocaleString("en") : "—"),
      h("td", {}, a.verified ? "yes" : "no"))))));
  const charts = accs.map(growthChart).filter(Boolean);
  const growth = charts.length ? charts
    : [h("p", { class: "help no-growth" }, "Follower growth is not available: this creator has no follower history on record, only the current follower counts above.")];
  return [table, h("h3", {}, "Follower growth"), ...growth];
}

// postLinks indexes a creator's posts by id for evidence citations.
const postsByID = (c) => new Map((c.content || []).map((p) => [p.id, p]));

function citedPosts(ids, byID) {
  if (!ids || !ids.length) return null;
  return h("span", { class: "cited" }, " Posts: ", ids.map((id, i) => [i ? ", " : "", postRef(id, (byID.get(id) || {}).url)]));
}

function recentPosts(c) {
  const posts = (c.content || []).slice().sort((a, b) => String(b.posted_at || "").localeCompare(String(a.posted_at || ""))).slice(0, 12);
  if (!posts.length) return [h("p", { class: "help" }, "No post on record.")];
  const stat = (n, label) => (n ? `${fmtCount(n)} ${label}` : null);
  return [h("ol", { class: "recent-posts" }, posts.map((p) => {
    const href = safeURL(p.url);
    const where = platformLabel(p.platform);
    return h("li", { class: "post", dataset: { postId: p.id } },
      h("div", { class: "post-meta" },
        p.posted_at ? when(p.posted_at) : "undated", " · ", where,
        p.sponsored ? [" · ", h("span", { class: "badge sponsored" }, "sponsored")] : null),
      h("blockquote", { class: "caption" }, p.caption || "(no caption)"),
      h("p", { class: "help" }, [stat(p.views, "views"), stat(p.likes, "likes"), stat(p.comments, "comments"), stat(p.shares, "shares")].filter(Boolean).join(" · ") || "no engagement figures"),
      href ? h("a", { class: "post-url", href, target: "_blank", rel: "noopener noreferrer" }, `View on ${where}`, srOnly(` (post ${p.id}, opens in a new tab)`))
        : h("p", { class: "help" }, "No link to this post."));
  }))];
}

const fmtNum = (x, d = 2) => (typeof x === "number" ? x.toFixed(d) : "—");

// FEATURES say in words what each computed feature found; evidence and
// cited posts are listed under it.
const FEATURES = [
  ["tier", "Tier", (f) => `${f.value || "—"}: ${fmtCount(f.followers)} followers on ${platformLabel(f.platform)}`],
  ["engagement_rate", "Engagement rate", (f) => `${fmtPct(f.value, 2)} median by ${f.basis || "followers"} over ${f.posts_used || 0} posts; ` +
    `${ordinal(Math.round((f.percentile || 0) * 100))} percentile of ${f.tier || ""} ${platformLabel(f.platform)} (${f.peers || 0} peers${f.prior_weight > 0 ? ", partly a prior estimate" : ""})`],
  ["engagement_quality", "Engagement quality", (f) => `${fmtScore(f.value)} (1 = organic): comment/like ${fmtNum(f.comment_to_like, 3)}, generic comments ${fmtPct(f.generic_comment_share, 0)}, duplicate comments ${fmtPct(f.duplicate_comment_share, 0)}${f.pod_suspected ? "; engagement pod suspected" : ""}`],
  ["consistency", "Consistency", (f) => `${fmtScore(f.value)}: ${fmtNum(f.posts_per_week, 1)} posts a week, gap variation ${fmtNum(f.gap_cv)}, ` +
    (f.days_since_last_post >= 0 ? `last post ${Math.round(f.days_since_last_post)} days ago` : "no dated post")],
  ["authenticity", "Authenticity", (f) => `${fmtScore(f.value)} (1 = no sign of inauthenticity)`],
  ["niches", "Niches", (f) => ((f.labels || []).map((l) => `${l.niche.replace(/_/g, " ")} ${fmtPct(l.confidence, 0)}`).join(", ") || "none found")],
  ["brand_safety", "Brand safety", (f) => `${fmtScore(f.value)} (1 = nothing flagged)` + ((f.flags || []).length ? `: flagged ${(f.flags || []).map((x) => x.category).join(", ")}` : ": no flag")],
  ["disclosure", "Disclosure", (f) => (f.sponsored_posts ? `${f.disclosed_posts} of ${f.sponsored_posts} sponsored posts disclosed (${fmtPct(f.value, 0)})` : "No sponsored post found")],
  ["brands", "Brands promoted", (f) => ((f.brands || []).length ? (f.brands || []).map((b) => "@" + b.brand).join(", ") : "No brand found")],
  ["cost", "Cost estimate", (f) => ((f.per_platform || []).map((p) => `${platformLabel(p.platform)} ${fmtMoney(p.price_per_post, f.currency || "USD")} a post (${p.source === "rate_card" ? "rate card" : "estimate"})`).join(", ") || "No estimate")],
];

// featureEvidence lists a feature's evidence: its reasons with their
// effect and cited posts, or what the feature holds per post.
function featureEvidence(key, f, byID) {
  const items = [];
  for (const e of f.evidence || []) {
    items.push(h("li", { class: "evidence-item" }, e.text,
      e.effect ? h("span", { class: "effect" + (e.effect < 0 ? " neg" : "") }, ` (${e.effect > 0 ? "+" : "−"}${fmtScore(Math.abs(e.effect))})`) : null,
      citedPosts(e.post_ids, byID)));
  }
  if (key === "brand_safety") {
    for (const x of f.flags || []) {
      items.push(h("li", { class: "evidence-item" }, `${x.category}, severity ${fmtScore(x.severity)}` + ((x.terms || []).length ? ` — terms: ${x.terms.join(", ")}` : ""), citedPosts(x.post_ids, byID)));
    }
  }
  if (key === "disclosure" && (f.undisclosed_post_ids || []).length) {
    items.push(h("li", { class: "evidence-item" }, "Sponsored without a disclosure.", citedPosts(f.undisclosed_post_ids, byID)));
  }
  if (key === "brands") {
    for (const b of f.brands || []) {
      const seen = b.last_seen ? `, last ${b.last_seen.slice(0, 10)}` : "";
      items.push(h("li", { class: "evidence-item" }, `@${b.brand}: ${b.posts} post${b.posts === 1 ? "" : "s"}${seen}.`, citedPosts(b.post_ids, byID)));
    }
  }
  if (key === "cost") {
    for (const p of f.per_platform || []) {
      items.push(h("li", { class: "evidence-item" }, `${platformLabel(p.platform)}: ~${fmtCount(p.expected_reach)} reach, ~${fmtCount(p.expected_engagements)} engagements, ` +
        `CPE ${fmtMoney(p.cpe, f.currency || "USD")}, CPM ${fmtMoney(p.cpm, f.currency || "USD")}.`));
    }
  }
  return items.length ? h("ul", { class: "evidence", "aria-label": "Evidence" }, items) : h("p", { class: "help" }, "No evidence recorded.");
}

function featuresBlock(c) {
  const fs = c.features || {};
  const byID = postsByID(c);
  const known = new Set(FEATURES.map(([k]) => k));
  const rows = FEATURES.filter(([k]) => fs[k]).map(([k, label, text]) => [k, label, text(fs[k])]);
  for (const k of Object.keys(fs)) {
    if (known.has(k) || k === "computed_at" || !fs[k] || typeof fs[k] !== "object") continue;
    rows.push([k, k.replace(/_/g, " "), typeof fs[k].value === "number" ? fmtScore(fs[k].value) : ""]);
  }
  if (!rows.length) return [h("p", { class: "help" }, "No features computed yet.")];
  const out = [h("ul", { class: "features" }, rows.map(([k, label, text]) => {
    const f = fs[k];
    return h("li", { class: "feature", dataset: { feature: k } },
      h("h3", {}, label),
      h("p", { class: "feature-value" }, text),
      typeof f.confidence === "number" ? h("p", { class: "help" }, `Confidence ${fmtPct(f.confidence, 0)}`) : null,
      featureEvidence(k, f, byID));
  }))];
  if (fs.computed_at) out.push(h("p", { class: "footnote" }, "Computed ", when(fs.computed_at, true), "."));
  return out;
}

// creatorLists reads the workspace's lists (for "Add to a list") and the
// ones holding the creator, with its status on each
// (GET /v1/creators/{id}/lists).
async function creatorLists(id) {
  const lists = [];
  let cursor = "";
  do {
    const q = new URLSearchParams({ limit: "1000" });
    if (cursor) q.set("cursor", cursor);
    const resp = await api("GET", "/v1/lists?" + q);
    lists.push(...(resp.lists || []));
    cursor = (resp.lists || []).length ? resp.next_cursor || "" : "";
  } while (cursor);
  const byID = new Map(lists.map((l) => [l.id, l]));
  const resp = await api("GET", `/v1/creators/${enc(id)}/lists`);
  const on = (resp.lists || []).map((m) => ({ list: byID.get(m.id) || { id: m.id, name: m.name }, item: { status: m.status } }));
  return { all: lists, on };
}

function listsBlock(id, handle) {
  const box = h("div", { class: "profile-lists" }, h("p", { class: "help" }, "Looking through your lists…"));
  const render = async () => {
    let res;
    try {
      res = await creatorLists(id);
    } catch (e) {
      box.replaceChildren(h("p", { class: "help" }, "Your lists could not be read."));
      showError(e, "read your lists");
      return;
    }
    const onIDs = new Set(res.on.map((x) => x.list.id));
    const parts = [];
    if (res.on.length) {
      parts.push(h("ul", { class: "on-lists" }, res.on.map(({ list, item }) => {
        const [label, select] = statusSelect(domID("profile-status", list.id), `Status of ${handle} on ${list.name}`, item.status);
        const li = h("li", { class: "on-list", dataset: { listId: list.id, status: item.status } },
          h("a", { href: listHref(list.id) }, list.name), " ", label, select);
        bindStatus(select, li, list, id, handle, (up) =>
          setStatus("#profile-status", `${handle} is now ${statusLabel(up.status).toLowerCase()} on “${list.name}”.`));
        return li;
      })));
    } else {
      parts.push(h("p", { class: "help" }, `${handle} is on none of your lists.`));
    }
    const free = res.all.filter((l) => !onIDs.has(l.id));
    if (free.length) {
      const selID = domID("add-to-list", id);
      const sel = h("select", { id: selID }, free.map((l) => h("option", { value: l.id }, l.name)));
      const form = h("form", { class: "row tight add-to-list" },
        h("div", { class: "field grow" }, h("label", { for: selID }, "Add to a list"), sel),
        h("button", { type: "submit" }, "Add", srOnly(" " + handle + " as a prospect")));
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        const list = free.find((l) => l.id === sel.value);
        if (!list) return;
        clearAlert();
        try {
          const it = await api("PUT", `/v1/lists/${enc(list.id)}/items/${enc(id)}`, { status: "prospect" });
          setMembership(id, list, it.status);
          await render();
          $("#profile-status").textContent = `Added ${handle} to “${list.name}” as a prospect.`;
        } catch (e) {
          showError(e, `add ${handle} to the list`);
        }
      });
      parts.push(form);
    }
    box.replaceChildren(...parts);
  };
  render();
  return box;
}

async function openProfile(id) {
  const seq = state.routeSeq;
  $("#profile-title").textContent = "Creator profile";
  $("#profile-body").replaceChildren();
  delete $("#profile-body").dataset.creatorId;
  setStatus("#profile-status", "Loading the profile…");
  let c;
  try {
    c = await api("GET", "/v1/creators/" + enc(id));
  } catch (e) {
    if (seq !== state.routeSeq) return;
    setStatus("#profile-status", "");
    showError(e, "load the creator " + id);
    return;
  }
  if (seq !== state.routeSeq) return;
  state.creators.set(id, Promise.resolve(c));
  const handle = creatorHandle(c, id);
  $("#profile-title").textContent = c.name ? `${c.name} (${handle})` : handle;
  document.title = `${c.name || handle} — creatormatch`;
  const langs = (c.languages || []).join(", ");
  $("#profile-body").replaceChildren(
    h("div", { class: "profile-head" },
      h("p", { class: "help" }, [c.country ? countryName(c.country) : "", langs ? "speaks " + langs : "", `id ${id}`].filter(Boolean).join(" · ")),
      contactBlock(c.contact),
      (c.niches || []).length ? h("ul", { class: "chips", "aria-label": "Declared niches" }, c.niches.map((n) => h("li", { class: "chip" }, n.replace(/_/g, " ")))) : null,
      c.bio ? h("p", { class: "bio" }, c.bio) : null),
    section("accounts", "Accounts and follower growth", accountsBlock(c)),
    section("audience", "Audience", audienceCharts(c.audience)),
    section("lists", "Your lists", listsBlock(id, handle)),
    notesPanel(id, handle, "h2", "Workspace notes"),
    section("posts", "Recent posts", recentPosts(c)),
    section("features", "Features and their evidence", featuresBlock(c)));
  $("#profile-body").dataset.creatorId = id;
  setStatus("#profile-status", "");
}

// contactBlock shows the contact details ingested with the creator.
function contactBlock(ct) {
  if (!ct || !(ct.email || ct.agent || ct.website)) return null;
  const web = safeURL(ct.website);
  return h("dl", { class: "contact", "aria-label": "Contact" },
    ct.email ? [h("dt", {}, "Email"), h("dd", {}, h("a", { href: "mailto:" + encodeURIComponent(ct.email).replace("%40", "@") }, ct.email))] : null,
    ct.agent ? [h("dt", {}, "Agent"), h("dd", {}, ct.agent)] : null,
    web ? [h("dt", {}, "Website"), h("dd", {}, h("a", { href: web, rel: "noopener noreferrer", target: "_blank" }, ct.website))] : null);
}

// onFindCreator looks a creator up by name or handle in the catalogue
// (GET /v1/creators?q=) and links each hit to its profile, from where it
// can be added to a list.
async function onFindCreator(ev) {
  ev.preventDefault();
  const q = $("#find-creator-q").value.trim();
  if (!q) return;
  clearAlert();
  const out = $("#found-creators");
  try {
    const resp = await api("GET", "/v1/creators?" + new URLSearchParams({ q, limit: "20", sort: "followers" }));
    const cs = resp.creators || [];
    out.replaceChildren(...(cs.length ? cs.map((c) => {
      const acct = (c.accounts || [])[0] || {};
      const handle = acct.handle ? "@" + acct.handle : c.id;
      return h("li", { class: "found-creator", dataset: { creatorId: c.id } },
        h("a", { href: "#/creators/" + enc(c.id) }, c.name || handle), " ",
        h("span", { class: "help" }, [handle, acct.platform, c.followers ? fmtCount(c.followers) + " followers" : ""].filter(Boolean).join(" · ")));
    }) : [h("li", { class: "help" }, `No creator matches “${q}”.`)]));
  } catch (e) {
    showError(e, "find the creator");
  }
}

// ---- saved briefs --------------------------------------------------------

// loadSavedBriefs fills the saved-brief picker with the workspace's saved
// briefs (the first 1,000, oldest first); the picker shows only when
// there are some.
async function loadSavedBriefs() {
  let resp;
  try {
    resp = await api("GET", "/v1/saved-briefs?limit=1000");
  } catch {
    return; // a key without read scope, or the server is down: no picker
  }
  const bs = resp.saved_briefs || [];
  state.savedBriefs = bs;
  $("#saved-briefs").replaceChildren(...bs.map((b) => h("option", { value: b.id }, b.name)));
  $("#load-brief-form").hidden = bs.length === 0;
}

// onSaveBrief saves the brief on screen (its text and corrected fields).
async function onSaveBrief(ev) {
  ev.preventDefault();
  if (!state.text) return;
  const name = $("#save-brief-name").value.trim() || state.text.slice(0, 60);
  clearAlert();
  try {
    const saved = await api("POST", "/v1/saved-briefs", { name, brief: briefFromForm() });
    await loadSavedBriefs();
    $("#saved-briefs").value = saved.id;
    $("#save-brief-status").textContent = `Saved as “${saved.name}”.`;
  } catch (e) {
    showError(e, "save the brief");
  }
}

// onLoadBrief runs a saved brief: its text is read again by today's
// parser and its saved fields win over what the parser finds.
async function onLoadBrief(ev) {
  ev.preventDefault();
  const b = (state.savedBriefs || []).find((x) => x.id === $("#saved-briefs").value);
  if (!b) return;
  clearAlert();
  setBusy(true);
  $("#results-panel").hidden = false;
  try {
    const text = b.brief.text || "";
    const parsed = text ? await api("POST", "/v1/briefs/parse", { text }) : { brief: {} };
    state.dismissed.clear();
    state.text = text;
    $("#brief-text").value = text;
    updateDismissedNote();
    fillForm({ ...(parsed.brief || {}), ...b.brief });
    $("#parsed").hidden = false;
    $("#save-brief-name").value = b.name;
    await runMatch();
  } catch (e) {
    showError(e, "run the saved brief");
  } finally {
    setBusy(false);
  }
}

// ---- start ---------------------------------------------------------------

function init() {
  initSettings();
  initForm();
  $("#brief-form").addEventListener("submit", onFind);
  $("#parsed-form").addEventListener("submit", onUpdate);
  $("#save-brief-form").addEventListener("submit", onSaveBrief);
  $("#find-creator-form").addEventListener("submit", onFindCreator);
  $("#load-brief-form").addEventListener("submit", onLoadBrief);
  loadSavedBriefs();
  $("#shortlist-form").addEventListener("submit", onShortlist);
  $("#export").addEventListener("click", onExport);
  $("#show-excluded").addEventListener("change", () => (state.text ? rematch() : renderExcluded()));
  $("#sl-budget").addEventListener("input", (ev) => (ev.target.dataset.touched = "1"));
  $("#lookalikes-close").addEventListener("click", () => {
    $("#lookalikes").hidden = true;
    $("#results-title").focus();
  });
  $("#results-title").setAttribute("tabindex", "-1");
  $("#save-list-form").addEventListener("submit", onSaveList);
  $("#new-list-form").addEventListener("submit", onNewList);
  $("#lists-prev").addEventListener("click", () => loadLists(state.listsPager.page - 1));
  $("#lists-next").addEventListener("click", () => loadLists(state.listsPager.page + 1));
  $("#items-filter").replaceChildren(h("option", { value: "" }, "All statuses"), ...STATUSES.map((s) => h("option", { value: s }, statusLabel(s))));
  $("#items-filter").addEventListener("change", () => {
    if (!state.list) return;
    state.list.pager = newPager();
    loadItems(0);
  });
  $("#items-prev").addEventListener("click", () => loadItems(state.list.pager.page - 1));
  $("#items-next").addEventListener("click", () => loadItems(state.list.pager.page + 1));
  $("#rename-list-form").addEventListener("submit", onRenameList);
  $("#delete-list").addEventListener("click", askDeleteList);
  $("#delete-confirm-yes").addEventListener("click", onDeleteList);
  $("#delete-cancel").addEventListener("click", cancelDeleteList);
  $("#export-list").addEventListener("click", onExportList);
  window.addEventListener("hashchange", () => route(false));
  route(true);
  // Ctrl/Cmd+Enter in the brief submits it.
  $("#brief-text").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) $("#brief-form").requestSubmit();
  });
  document.documentElement.dataset.ready = "1";
}

init();
