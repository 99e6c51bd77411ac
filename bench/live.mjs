// live.mjs — how soon a change reaches an open screen: opens GET /api/live as the logged-in
// member, records 50 movements through the API one after another (each 150 ms after the
// previous event, as members work, outside the stream's coalescing window) and prints the
// p50/p99 of write acknowledged → event received. An event that arrives before the write's
// answer (the server publishes at commit, before it replies) counts as 0 ms.
// usage: node bench/live.mjs BASE_URL COOKIE   (bench/stock.sh runs it)
import http from 'node:http';

const [base, cookie] = process.argv.slice(2);
const N = Number(process.env.BENCH_LIVE_WRITES || 50);
const url = new URL(base);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function api(method, path, body, csrf) {
  const headers = { Cookie: cookie };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

// The stream: every stock event with the time it arrived.
const events = [];
await new Promise((resolve, reject) => {
  const req = http.get({ host: url.hostname, port: url.port, path: '/api/live', headers: { Cookie: cookie } }, (res) => {
    if (res.statusCode !== 200) reject(new Error(`GET /api/live: ${res.statusCode}`));
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (d) => {
      const t = now();
      buf += d;
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        if (block.includes('event: hello')) resolve();
        if (block.includes('event: stock')) events.push(t);
      }
    });
  });
  req.on('error', reject);
  process.on('exit', () => req.destroy());
});

const { csrf_token: csrf } = await api('GET', '/api/session');
const stock = await api('GET', '/api/stock');
const item = stock.items.find((i) => i.kind === 'single' && !i.has_expiry);
if (!item) throw new Error('no single product without expiry in the shop');

const lat = [];
for (let i = 0; i < N; i++) {
  await sleep(150);
  const seen = events.length;
  await api('POST', '/api/movements', { sku: item.sku, type: 'inbound', qty: 1, memo: '측정' }, csrf);
  const ack = now();
  for (const t0 = now(); events.length === seen; await sleep(1)) {
    if (now() - t0 > 5000) throw new Error('no event within 5 s');
  }
  lat.push(Math.max(0, events[seen] - ack));
}
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)];
console.log(`${N} ${pct(50).toFixed(2)} ${pct(99).toFixed(2)} ${lat[lat.length - 1].toFixed(2)}`);
process.exit(0);
