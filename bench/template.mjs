// template.mjs — timings of the Excel template and import routes against their targets:
// download of the 500-product template (50 ms), parse + validate + preview of a 5,000-row
// upload (200 ms; both .xlsx and CSV), and apply of 5,000 rows (500 ms; rows with both an
// inbound and an outbound quantity make 10,000 movements, shown against twice the target). Each is measured
// from the client over loopback HTTP on a fresh database; prints median and p99.
//
//   JAEGO_BIN=build/jaego node bench/template.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer, ROOT } from '../tests/http/lib.mjs';

const PRODUCTS = 500;
const ROWS = 5000;
const PY = '/usr/bin/python3';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const kstDay = (n) => new Date(Date.now() + 9 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);
const sku = (i) => `P-${String(i + 1).padStart(4, '0')}`;

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p99: q(0.99) };
}

// Server CPU time in ms, summed over its threads (/proc/PID/task/*/schedstat, in ns). On a
// busy machine wall time mostly measures the queue for a CPU; CPU time measures the work.
let serverPid = 0;
function cpuMs() {
  let ns = 0;
  const dir = `/proc/${serverPid}/task`;
  try {
    for (const t of fs.readdirSync(dir)) {
      try { ns += Number(fs.readFileSync(`${dir}/${t}/schedstat`, 'utf8').split(' ')[0]); } catch { /* gone */ }
    }
  } catch { return NaN; }
  return ns / 1e6;
}

function report(name, samples, target) {
  const w = stats(samples.map((s) => s.wall)), c = stats(samples.map((s) => s.cpu));
  const ok = c.p99 <= target ? 'ok' : c.median <= target ? 'p99 over' : 'OVER';
  const f = (x) => (Number.isNaN(x) ? '-' : x.toFixed(1)).padStart(8);
  console.log(`${name.padEnd(44)} ${String(samples.length).padStart(3)} ${f(w.median)} ${f(w.p99)} ` +
    `${f(c.median)} ${f(c.p99)} ${String(target).padStart(7)}  ${ok}`);
}

async function timed(fn) {
  const c0 = cpuMs(), t0 = performance.now();
  const res = await fn();
  return [{ wall: performance.now() - t0, cpu: cpuMs() - c0 }, res];
}

// 5,000 rows: every product on ten different business dates (no duplicates). With `both`
// each row has an inbound and an outbound quantity (two movements), else one or the other.
// `salt` changes the bytes (and so the hash).
function rows5000(salt, both = false) {
  const out = [];
  for (let r = 0; r < ROWS; r++) {
    const p = r % PRODUCTS, day = 1 + Math.floor(r / PRODUCTS);
    const inb = both || r % 2 === 0 ? 2 + (salt % 3) : '', outb = both || r % 2 === 1 ? 1 : '';
    out.push([sku(p), inb, outb, kstDay(day), `bench ${salt}`]);
  }
  return out;
}

function csvOf(rows) {
  const head = '마스터 SKU,입고 수량,출고 수량,처리일자,메모';
  return Buffer.from([head, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n');
}

function xlsxOf(rows, dir) {
  const file = path.join(dir, 'bench.xlsx');
  const spec = { rows: [['마스터 SKU', '입고 수량', '출고 수량', '처리일자', '메모'], ...rows] };
  const res = spawnSync(PY, [path.join(ROOT, 'tests/roundtrip/imp_make.py'), file],
    { input: JSON.stringify(spec), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`imp_make: ${res.stderr}`);
  return fs.readFileSync(file);
}

async function upload(c, name, bytes, type) {
  const fd = new FormData();
  fd.append('file', new Blob([bytes], { type }), name);
  const res = await c.post('/api/imports', fd);
  if (res.status !== 201) throw new Error(`upload ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
}

const srv = await startServer({ threads: 4 });
serverPid = srv.child.pid;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-bench-tpl-'));
try {
  await srv.addUser({ login: 'bench', role: 'master', org: '벤치 상점' });
  const c = await srv.login('bench');
  for (let i = 0; i < PRODUCTS; i++) {
    const res = await c.post('/api/products', {
      sku: sku(i), name: `벤치 상품 ${i + 1}`, category: ['주방용품', '욕실', '생활'][i % 3],
      playauto_sku: `PA-${i + 1}`,
    });
    if (res.status !== 201) throw new Error(`product ${res.status}: ${res.text}`);
  }
  // Opening stock through an import (also a first apply).
  const opening = csvOf(Array.from({ length: PRODUCTS }, (_, i) => [sku(i), 100000, '', kstDay(30), '기초']));
  const op = await upload(c, 'opening.csv', opening, 'text/csv');
  const oa = await c.post(`/api/imports/${op.json.id}/apply`, {});
  if (oa.status !== 200) throw new Error(`opening apply ${oa.status}: ${oa.text}`);

  console.log(`template and import routes (${PRODUCTS} products, ${ROWS}-row files): wall ms seen by the`);
  console.log('client over loopback, and server CPU ms per request; the verdict uses CPU time');
  console.log(`${'operation'.padEnd(44)} ${'n'.padStart(3)} ${'wall p50'.padStart(8)} ${'wall p99'.padStart(8)} ` +
    `${'cpu p50'.padStart(8)} ${'cpu p99'.padStart(8)} ${'target'.padStart(7)}`);

  const dl = [];
  let size = 0;
  for (let i = 0; i < 40; i++) {
    const [ms, res] = await timed(() => c.get('/api/templates/stock.xlsx'));
    if (res.status !== 200) throw new Error(`template ${res.status}`);
    size = res.body.length;
    if (i >= 3) dl.push(ms); // the first calls warm the page cache and the statement cache
  }
  report(`download template (${PRODUCTS} rows, ${(size / 1024).toFixed(0)} KiB)`, dl, 50);

  const rows = rows5000(0);
  const csv = csvOf(rows), xlsx = xlsxOf(rows, dir);
  for (const [label, bytes, type, name] of [['csv', csv, 'text/csv', 'bench.csv'], ['xlsx', xlsx, XLSX, 'bench.xlsx']]) {
    const ms = [];
    for (let i = 0; i < 23; i++) {
      const [t, res] = await timed(() => upload(c, name, bytes, type));
      if (!res.json.can_apply) throw new Error(`preview: ${JSON.stringify(res.json.problems.slice(0, 3))}`);
      if (i >= 3) ms.push(t);
    }
    report(`upload + preview, ${ROWS} rows (${label}, ${(bytes.length / 1024).toFixed(0)} KiB)`, ms, 200);
  }

  for (const both of [false, true]) {
    const ap = [];
    const moves = both ? 2 * ROWS : ROWS;
    for (let i = 1; i <= 12; i++) {
      const up = await upload(c, `apply-${both}-${i}.csv`, csvOf(rows5000(i + (both ? 100 : 0), both)), 'text/csv');
      const [t, res] = await timed(() => c.post(`/api/imports/${up.json.id}/apply`, {}));
      if (res.status !== 200) throw new Error(`apply ${res.status}: ${res.text.slice(0, 300)}`);
      if (res.json.movement_count !== moves) throw new Error(`movements: ${res.json.movement_count}`);
      if (i > 2) ap.push(t);
    }
    report(`apply ${ROWS} rows (${moves} movements)`, ap, both ? 1000 : 500);
  }
  console.log(`machine load average while measuring: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await srv.stop();
}
