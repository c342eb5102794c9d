// report.mjs: turn the JSON results of scripts/bench-embedder into Markdown.
//
//   node report.mjs RESULTS_DIR
//
// RESULTS_DIR holds machine.json, go.json, go1.json (GOMAXPROCS=1, optional),
// js.json, go-load-N.json and js-load-N.json, written by scripts/bench-embedder.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const read = (f) => JSON.parse(readFileSync(join(dir, f), "utf8"));
const machine = read("machine.json");
const go = read("go.json");
const js = read("js.json");
const go1 = existsSync(join(dir, "go1.json")) ? read("go1.json") : null;

const loads = (prefix) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".json"))
    .map((f) => read(f));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const goLoads = loads("go-load-");
const jsLoads = loads("js-load-");
const goLoadMs = median(goLoads.map((r) => r.load_ms));
const jsLoadMs = median(jsLoads.map((r) => r.load_ms));
const goWallMs = median(goLoads.map((r) => r.wall_ms));
const jsWallMs = median(jsLoads.map((r) => r.wall_ms));

const f = (x, d = 1) => (x == null || Number.isNaN(x) ? "–" : x.toFixed(d));
const ratio = (x) => `**${x.toFixed(2)}×**`;

const peak = machine.peak_gflops; // both cores
const goGflops = go.batch.gflops;
const jsGflops = go.flops_per_pass / js.batch.pass_s_median / 1e9; // same texts, same useful FLOPs
const go1Gflops = go1 ? go1.batch.gflops : null;

const rows = [];
const row = (metric, g, j, r, g1 = "") =>
  rows.push(`| ${metric} | ${g} | ${j} | ${r} |${go1 ? ` ${g1} |` : ""}`);
row(
  `Batch throughput, ${go.texts} texts in batches of ${go.batch.batch_size} (median of passes)`,
  `${f(go.batch.texts_per_s)} texts/s (${go.batch.passes} passes)`,
  `${f(js.batch.texts_per_s)} texts/s (${js.batch.passes} passes)`,
  `Go/JS ${ratio(go.batch.texts_per_s / js.batch.texts_per_s)}`,
  go1 && `${f(go1.batch.texts_per_s)} texts/s`,
);
row(
  "Cores used during the timed passes (process CPU time / wall time)",
  f(go.batch.cores_used, 2),
  f(js.batch.cores_used, 2),
  "",
  go1 && f(go1.batch.cores_used, 2),
);
row(
  "Other processes' CPU during those passes (machine busy cores − own)",
  f(go.batch.machine_busy - go.batch.cores_used, 2),
  f(js.batch.machine_busy - js.batch.cores_used, 2),
  "",
  go1 && f(go1.batch.machine_busy - go1.batch.cores_used, 2),
);
row(
  "Batch throughput, best pass",
  `${f(go.batch.texts_per_s_best)} texts/s`,
  `${f(js.batch.texts_per_s_best)} texts/s`,
  `Go/JS ${(go.batch.texts_per_s_best / js.batch.texts_per_s_best).toFixed(2)}×`,
  go1 && `${f(go1.batch.texts_per_s_best)} texts/s`,
);
row(
  `Single brief (${go.single.pieces} pieces) latency, median of ${go.single.runs}`,
  `${f(go.single.p50_ms, 2)} ms`,
  `${f(js.single.p50_ms, 2)} ms`,
  `JS/Go ${ratio(js.single.p50_ms / go.single.p50_ms)}`,
  go1 && `${f(go1.single.p50_ms, 2)} ms`,
);
row(
  "Single brief latency, p95",
  `${f(go.single.p95_ms, 2)} ms`,
  `${f(js.single.p95_ms, 2)} ms`,
  `JS/Go ${(js.single.p95_ms / go.single.p95_ms).toFixed(2)}×`,
  go1 && `${f(go1.single.p95_ms, 2)} ms`,
);
row(
  `Model load, cold, in a fresh process (median of ${goLoads.length} / ${jsLoads.length})`,
  `${f(goLoadMs)} ms`,
  `${f(jsLoadMs)} ms`,
  `JS/Go ${ratio(jsLoadMs / goLoadMs)}`,
  go1 && "",
);
row(
  "Fresh process: start → model loaded → exit (wall, median)",
  `${f(goWallMs)} ms`,
  `${f(jsWallMs)} ms`,
  `JS/Go ${(jsWallMs / goWallMs).toFixed(2)}×`,
  go1 && "",
);
row(
  "First pass over the texts (includes warm-up)",
  `${f(go.first_pass_ms / 1e3, 2)} s`,
  `${f(js.first_pass_ms / 1e3, 2)} s`,
  `JS/Go ${(js.first_pass_ms / go.first_pass_ms).toFixed(2)}×`,
  go1 && `${f(go1.first_pass_ms / 1e3, 2)} s`,
);
row(
  "Memory after load + one pass: Go HeapInuse / node JS heap + external",
  `${f(go.after_batch.heap_inuse_mb)} MB`,
  `${f(js.after_batch.js_heap_used_mb + js.after_batch.external_mb)} MB`,
  `JS/Go ${((js.after_batch.js_heap_used_mb + js.after_batch.external_mb) / go.after_batch.heap_inuse_mb).toFixed(2)}×`,
  go1 && `${f(go1.after_batch.heap_inuse_mb)} MB`,
);
row(
  "RSS after load + one pass (VmRSS)",
  `${f(go.after_batch.vmrss_mb)} MB`,
  `${f(js.after_batch.vmrss_mb)} MB`,
  `JS/Go ${(js.after_batch.vmrss_mb / go.after_batch.vmrss_mb).toFixed(2)}×`,
  go1 && `${f(go1.after_batch.vmrss_mb)} MB`,
);
row(
  "Peak RSS over the whole run (VmHWM)",
  `${f(go.end.vmhwm_mb)} MB`,
  `${f(js.end.vmhwm_mb)} MB`,
  `JS/Go ${(js.end.vmhwm_mb / go.end.vmhwm_mb).toFixed(2)}×`,
  go1 && `${f(go1.end.vmhwm_mb)} MB`,
);
row(
  "Achieved GFLOP/s in batch mode (useful FLOPs / median pass time)",
  `${f(goGflops)} (${f((100 * goGflops) / peak)}% of 2-core peak)`,
  `${f(jsGflops)} (${f((100 * jsGflops) / (peak / machine.nproc))}% of 1-core peak)`,
  `Go/JS ${(goGflops / jsGflops).toFixed(2)}×`,
  go1 && `${f(go1Gflops)} (${f((100 * go1Gflops) / (peak / machine.nproc))}% of 1-core peak)`,
);

const maxDiff = (() => {
  if (!go.brief_vec || !js.brief_vec) return null;
  let m = 0;
  for (let i = 0; i < go.brief_vec.length; i++) m = Math.max(m, Math.abs(go.brief_vec[i] - js.brief_vec[i]));
  return m;
})();

const lines = [];
const p = (s = "") => lines.push(s);
p(`Measured ${machine.date} on ${machine.nproc} × ${machine.cpu} (${machine.mhz} MHz per /proc/cpuinfo), ${machine.mem_gb} GB RAM.`);
p(`Load average (1/5/15 min) at start: ${machine.load_start}; at end: ${machine.load_end}.`);
p(
  `Go ${go.goversion}, GOMAXPROCS=${go.gomaxprocs}; JS reference: @energetic-ai/embeddings@0.2.0 + @energetic-ai/core@0.2.0 ` +
    `(tfjs-core ${js.versions["tfjs-core"]}, backend \`${js.backend}\`, ${js.wasm_threads ?? "?"} thread, SIMD ${js.wasm_simd}) on Node ${js.node}.`,
);
p(
  `Texts: ${go.texts} (${go.pieces} pieces, ${go.pieces_clipped} after clipping to 128; ` +
    `${f(go.pieces / go.texts)} pieces/text), the same file fed to both.`,
);
p();
p(`| Metric | Go (uselite, ${go.gomaxprocs} cores) | JS reference (tfjs ${js.backend}) | Ratio |${go1 ? " Go, GOMAXPROCS=1 |" : ""}`);
p(`|---|---|---|---|${go1 ? "---|" : ""}`);
for (const r of rows) p(r);
p();
p(
  `Useful FLOPs per pass over the texts: ${f(go.flops_per_pass / 1e9, 2)} GFLOP; peak of the ${machine.nproc} cores: ` +
    `2 FMA units × 8 float32 lanes × 2 flops × ${f(machine.ghz, 3)} GHz × ${machine.nproc} = ${f(peak, 1)} GFLOP/s, ` +
    `so Go reaches **${f(goGflops / peak, 3)}** of peak in batch mode ` +
    `(best pass: ${f(go.flops_per_pass / go.batch.pass_s_min / 1e9)} GFLOP/s = ${f(go.flops_per_pass / go.batch.pass_s_min / 1e9 / peak, 3)} of peak; ` +
    `${f(go.single.gflops)} GFLOP/s = ${f(go.single.gflops / peak, 3)} of peak on the single brief).`,
);
if (maxDiff != null) p(`Sanity check: the brief's vector from Go and from JS differ by at most ${maxDiff.toExponential(2)} per component.`);
p();
const check = (ok) => (ok ? "met" : "**not met**");
const thr = go.batch.texts_per_s / js.batch.texts_per_s;
const heap = go.after_batch.heap_inuse_mb;
p("Targets:");
p(`- batch throughput ≥ 2× the reference on ${go.gomaxprocs} cores: ${f(thr, 2)}× — ${check(thr >= 2)}`);
p(`- single ~40-piece brief ≤ 15 ms median: ${f(go.single.p50_ms, 2)} ms — ${check(go.single.p50_ms <= 15)}`);
p(`- model load ≤ 0.5 s: ${f(goLoadMs)} ms — ${check(goLoadMs <= 500)}`);
p(`- heap ≤ 150 MB after load + a batch: ${f(heap)} MB HeapInuse (peak RSS ${f(go.end.vmhwm_mb)} MB) — ${check(heap <= 150)}`);
console.log(lines.join("\n"));
