// store.mjs — store benchmarks over HTTP on the demo shop: listing 500 products with their
// current stock (target p99 under 10 ms), and recording 10,000 movements one request at a
// time. Prints p50/p99 latency and throughput; a benchmark, never a test.
// usage: JAEGO_BIN=build/jaego node bench/store.mjs   (called by bench/http.sh)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli } from '../tests/http/lib.mjs';

const MOVES = Number(process.env.BENCH_MOVES || 10000);
const LISTS = Number(process.env.BENCH_LISTS || 300);

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// Server CPU time (user + system, ms) from /proc: on a busy machine wall-clock latency
// mostly measures the queue for a core, CPU per request does not.
let serverPid = 0;
function serverCpuMs() {
  try {
    const f = fs.readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch { return NaN; }
}

function report(name, times, totalMs, cpuMs) {
  const s = [...times].sort((a, b) => a - b);
  const rps = (times.length / totalMs) * 1000;
  const cpu = Number.isFinite(cpuMs) ? (cpuMs / times.length).toFixed(2) : '-';
  console.log(`${name.padEnd(44)} ${String(times.length).padStart(6)} ${pct(s, 50).toFixed(2).padStart(8)} ${pct(s, 99).toFixed(2).padStart(8)} ${rps.toFixed(0).padStart(8)} ${cpu.padStart(10)}`);
  return pct(s, 99);
}

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const res = await fn();
  return [res, Number(process.hrtime.bigint() - t0) / 1e6];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-bench-store-'));
const db = path.join(dir, 'shop.db');
const [demo, demoMs] = await timed(async () => runCli(['demo', '--db', db, '--seed', '42']));
if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
console.log(`store benchmark: demo shop made in ${(demoMs / 1000).toFixed(1)} s — ${demo.stdout.split('\n')[0]}`);

const srv = await startServer({ db, threads: 2, runner: 'off' }); // the demo's queued forecast run would load the machine
serverPid = srv.child.pid;
try {
  const c = await srv.login('demo', 'jaego-demo-1234');
  // Grow the demo shop to 500 products.
  let total = (await c.get('/api/products?status=all&limit=1')).json.total;
  for (let i = 0; total < 500; i++, total++) {
    const r = await c.post('/api/products', {
      sku: `BENCH-${String(i).padStart(4, '0')}`, name: `벤치마크 상품 ${i}`, category: '생활용품',
      moq: 10, safety_stock: 5,
    });
    if (r.status !== 201) throw new Error(r.text);
  }
  console.log(`${'what'.padEnd(44)} ${'n'.padStart(6)} ${'p50_ms'.padStart(8)} ${'p99_ms'.padStart(8)} ${'req/s'.padStart(8)} ${'cpu_ms/req'.padStart(10)}`);

  let cpu0 = serverCpuMs();
  const listTimes = [];
  const [, listTotal] = await timed(async () => {
    for (let i = 0; i < LISTS; i++) {
      const [r, ms] = await timed(() => c.get('/api/products?limit=500&status=all'));
      if (r.status !== 200 || r.json.items.length !== 500) throw new Error(`list: ${r.status}`);
      listTimes.push(ms);
    }
  });
  const p99list = report('GET /api/products?limit=500 (500 products)', listTimes, listTotal, serverCpuMs() - cpu0);

  cpu0 = serverCpuMs();
  const lowTimes = [];
  const [, lowTotal] = await timed(async () => {
    for (let i = 0; i < LISTS; i++) {
      const [r, ms] = await timed(() => c.get('/api/products?low_stock=1&sort=-on_hand&q=%EC%84%B8&limit=50'));
      if (r.status !== 200) throw new Error(`list: ${r.status}`);
      lowTimes.push(ms);
    }
  });
  report('GET /api/products (search+low stock+sort)', lowTimes, lowTotal, serverCpuMs() - cpu0);

  // 10,000 movements, one request at a time: inbound then outbound over every product.
  const singles = (await c.get('/api/products?limit=500&kind=single')).json.items;
  const skus = singles.map((p) => p.sku);
  // A receipt of a product with 소비기한 needs its date (or says it is unknown).
  const expiring = new Set(singles.filter((p) => p.has_expiry).map((p) => p.sku));
  cpu0 = serverCpuMs();
  const moveTimes = [];
  const [, moveTotal] = await timed(async () => {
    for (let i = 0; i < MOVES; i++) {
      const sku = skus[i % skus.length];
      const type = Math.floor(i / skus.length) % 2 === 0 ? 'inbound' : 'outbound';
      const body = { sku, type, qty: 1, ...(type === 'inbound' && expiring.has(sku) ? { expiry_unknown: true } : {}) };
      const [r, ms] = await timed(() => c.post('/api/movements', body));
      if (r.status !== 201) throw new Error(`movement ${i}: ${r.status} ${r.text}`);
      moveTimes.push(ms);
    }
  });
  report(`POST /api/movements (${MOVES} sequential)`, moveTimes, moveTotal, serverCpuMs() - cpu0);

  cpu0 = serverCpuMs();
  const after = [];
  const [, afterTotal] = await timed(async () => {
    for (let i = 0; i < LISTS; i++) {
      const [, ms] = await timed(() => c.get('/api/products?limit=500&status=all'));
      after.push(ms);
    }
  });
  report('GET /api/products?limit=500 after the moves', after, afterTotal, serverCpuMs() - cpu0);
  const check = runCli(['check-ledger', '--db', db]);
  console.log(`check-ledger: ${check.stdout.trim()}`);
  console.log(`target: list p99 under 10 ms — ${p99list < 10 ? 'met' : 'NOT met'} (${p99list.toFixed(2)} ms; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
} finally {
  await srv.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
