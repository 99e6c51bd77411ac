// demo.test.mjs — `jaego demo`: makes a living Korean shop (products in several
// categories, gift sets, NPK with 120 days, suppliers with person, phone and e-mail apart,
// discontinued items, lots with expiry dates, about two years of daily outbound with slow
// movers), prints the login, leaves the ledger consistent, and is deterministic: the same
// seed and end date give the same data. Its first forecast run is queued, so the server
// shows forecasts as soon as it has run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli } from './lib.mjs';

const PASSWORD = 'jaego-demo-1234';

function tmpDb(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-demo-'));
  return path.join(dir, name);
}

async function snapshot(db) {
  // runner off: the demo's queued forecast run is not what these tests look at
  const srv = await startServer({ db, runner: 'off' });
  try {
    const c = await srv.login('demo', PASSWORD);
    const products = (await c.get('/api/products?status=all&limit=1000')).json.items
      .map(({ created_at, updated_at, ...p }) => p);
    const moves = [];
    for (let off = 0; ; off += 1000) {
      const page = await c.get(`/api/movements?limit=1000&offset=${off}`);
      moves.push(...page.json.items);
      if (moves.length >= page.json.total) break;
    }
    const suppliers = (await c.get('/api/suppliers')).json.items
      .map(({ created_at, updated_at, ...s }) => s);
    const events = (await c.get('/api/events')).json.items;
    return { products, moves, suppliers, events };
  } finally {
    await srv.stop();
  }
}

test('same seed gives the same shop; another seed another one', async () => {
  const args = ['--skus', '30', '--days', '200', '--end', '2026-01-31'];
  const a = tmpDb('a.db'), b = tmpDb('b.db'), c = tmpDb('c.db');
  for (const [db, seed] of [[a, '7'], [b, '7'], [c, '8']]) {
    const r = runCli(['demo', '--db', db, '--seed', seed, ...args]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`demo / ${PASSWORD}`));
    // the start-up log names the roles as the screens do
    assert.match(r.stdout, /\(마스터\), junho \/ \S+ \(스태프\)/);
  }
  const sa = await snapshot(a), sb = await snapshot(b), sc = await snapshot(c);
  assert.ok(sa.moves.length > 500, `only ${sa.moves.length} movements`);
  assert.deepEqual(sa.products, sb.products);
  assert.deepEqual(sa.suppliers, sb.suppliers);
  assert.deepEqual(sa.moves, sb.moves);
  assert.deepEqual(sa.events, sb.events);
  assert.notDeepEqual(sa.moves, sc.moves);
  // a second run on a filled database changes nothing
  const again = runCli(['demo', '--db', a, '--seed', '9', ...args]);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual((await snapshot(a)).moves.length, sa.moves.length);
});

test('the default demo shop looks like a real small seller', async () => {
  const db = tmpDb('shop.db');
  const r = runCli(['demo', '--db', db, '--seed', '42', '--end', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  const ok = runCli(['check-ledger', '--db', db]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /입출고 \d{1,3}(,\d{3})+건/, 'counts with thousands separators');
  assert.match(r.stdout, /입출고 \d{1,3}(,\d{3})+건/);
  const srv = await startServer({ db, runner: 'off' });
  try {
    const c = await srv.login('demo', PASSWORD);
    const list = (await c.get('/api/products?status=all&limit=1000')).json;
    assert.ok(list.total >= 150, `${list.total} products`);
    const cats = new Set(list.items.map((p) => p.category));
    for (const cat of ['주방용품', '생활용품', '과자/간식', '음료', '건강식품', '반려동물']) {
      assert.ok(cats.has(cat), `category ${cat}`);
    }
    const sets = list.items.filter((p) => p.kind === 'set');
    assert.ok(sets.length >= 3);
    const inactive = list.items.filter((p) => !p.active);
    assert.ok(inactive.length >= 1, 'some discontinued items');
    assert.ok(list.items.every((p) => /[가-힣]/.test(p.name)));
    const sups = (await c.get('/api/suppliers')).json.items;
    const npk = sups.find((s) => s.name === 'NPK');
    assert.equal(npk.lead_time_days, 120);
    // 담당자, 연락처 and 이메일 each in its own field (not all in 담당자)
    for (const s of sups) {
      assert.match(s.phone, /^\+?[0-9][0-9 -]{6,}$/, `${s.name} phone`);
      assert.doesNotMatch(s.contact, /[0-9@]/, `${s.name} contact`);
      assert.ok(s.contact, `${s.name} contact`);
    }
    assert.equal(npk.email, 'npk-export@example.com');
    // 제조사 apart from 공급처: a maker's own goods name it, a wholesaler's name others
    const singles = list.items.filter((p) => p.kind === 'single');
    assert.ok(singles.every((p) => p.manufacturer), 'every single has a 제조사');
    assert.ok(singles.filter((p) => p.supplier === 'NPK').every((p) => p.manufacturer === 'NPK'));
    const wholesale = singles.filter((p) => p.supplier === '리빙하우스');
    assert.ok(wholesale.length > 0 && wholesale.every((p) => p.manufacturer !== p.supplier));
    const makers = (await c.get('/api/manufacturers')).json.items;
    assert.ok(makers.length >= 8, makers.join(','));
    assert.ok(list.items.some((p) => p.supplier === 'NPK' && p.lead_time_days === 120));
    // The 11/11 and Black Friday spikes it simulates are the shop's events (행사 일정),
    // over the history and the coming year.
    const events = (await c.get('/api/events')).json.items;
    assert.deepEqual(events.map((e) => `${e.date} ${e.name} +${e.days_after}`), [
      '2024-11-11 십일절 (11/11) +2', '2024-11-29 블랙프라이데이 +3',
      '2025-11-11 십일절 (11/11) +2', '2025-11-28 블랙프라이데이 +3',
      '2026-11-11 십일절 (11/11) +2', '2026-11-27 블랙프라이데이 +3',
    ]);
    assert.ok(events.every((e) => e.kind === 'channel_sale' && e.channel === null));
    const set = (await c.get(`/api/products/${sets[0].sku}`)).json;
    assert.ok(set.components.length >= 2);
    // two years of history, lots with expiry dates on food
    const first = (await c.get('/api/movements?limit=1&to=2024-07-31')).json;
    assert.ok(first.total > 0, 'history starts about two years back');
    const lots = (await c.get('/api/movements?type=inbound&limit=1000')).json.items;
    assert.ok(lots.some((m) => m.expiry && m.lot));
    // a slow mover: many days without any outbound
    const slow = list.items.filter((p) => p.kind === 'single')
      .map((p) => p.sku);
    let slowFound = false;
    for (const sku of slow.slice(0, 60)) {
      const h = (await c.get(`/api/products/${sku}/movements?limit=1000`)).json;
      const outs = h.items.filter((m) => m.type === 'outbound').length;
      if (outs > 0 && outs < 200) { slowFound = true; break; }
    }
    assert.ok(slowFound, 'some product sells on fewer than 200 of 730 days');
  } finally {
    await srv.stop();
  }
});

test('the demo shop comes with a forecast run that the server runs as it starts', async () => {
  const db = tmpDb('fc.db');
  const r = runCli(['demo', '--db', db, '--skus', '30', '--days', '200']);
  assert.equal(r.status, 0, r.stderr);
  // three runs as of 84, 56 and 28 days ago come first (for the accuracy report), done
  assert.match(r.stdout, /지난 수요 예측 3건/);
  const queued = /수요 예측 #(\d+) 대기 중/.exec(r.stdout)[1];
  assert.equal(queued, '4');
  const srv = await startServer({ db, runner: 'queue' });
  try {
    const c = await srv.login('demo', PASSWORD);
    let run;
    for (let i = 0; i < 3000; i++) {
      run = (await c.get(`/api/forecast-runs/${queued}`)).json;
      if (run.status === 'done' || run.status === 'failed') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(run.status, 'done', JSON.stringify(run));
    assert.equal(run.trigger, 'schedule'); // of the nightly kind: it trains the global models
    assert.ok(run.products.forecast >= 20, JSON.stringify(run.products));
    const sku = (await c.get('/api/products?limit=1')).json.items[0].sku;
    const f = await c.get(`/api/products/${encodeURIComponent(sku)}/forecast`);
    assert.equal(f.status, 200, f.text);
    assert.equal(f.json.days.length, 90);
  } finally {
    await srv.stop();
  }
});

// Planning on first start: the history a seller brings from before jaego (applied uploads
// of 판매 이력), purchase orders in each state, and after the first run an alert of every
// kind (발주 알림, 재고 부족, 과잉 재고, 소비기한).
test('the demo shop comes with sales history, open orders and alerts of every kind', async () => {
  const db = tmpDb('plan.db');
  const r = runCli(['demo', '--db', db, '--seed', '42', '--days', '400']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /판매 이력 2건 \([\d,]+행\), 진행 중인 발주서 2건, 작성 중 1건/);
  const queued = /수요 예측 #(\d+) 대기 중/.exec(r.stdout)[1];
  const srv = await startServer({ db, runner: 'queue' });
  try {
    const c = await srv.login('demo', PASSWORD);
    const batches = (await c.get('/api/sales-history')).json;
    assert.equal(batches.total, 2);
    assert.ok(batches.items.every((b) => b.status === 'applied'), JSON.stringify(batches.items));
    // the history ends the day before the ledger begins
    const firstMove = (await c.get('/api/movements?limit=1&order=asc')).json;
    const lastDay = batches.items.map((b) => b.period.last).sort().at(-1);
    assert.ok(lastDay < (firstMove.items[0]?.date ?? '9999'), `${lastDay}`);
    const pos = (await c.get('/api/purchase-orders?limit=50')).json.items;
    assert.deepEqual(pos.map((p) => p.status).sort(), ['draft', 'ordered', 'partial']);
    let run;
    for (let i = 0; i < 3000; i++) {
      run = (await c.get(`/api/forecast-runs/${queued}`)).json;
      if (run.status === 'done' || run.status === 'failed') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(run.status, 'done', JSON.stringify(run));
    assert.equal((await c.post('/api/alerts/refresh', {})).status, 200);
    const alerts = (await c.get('/api/alerts')).json;
    for (const kind of ['order', 'stockout', 'overstock', 'expiry']) {
      assert.ok(alerts.alerts.some((a) => a.kind === kind), `${kind}: ${JSON.stringify(alerts.counts)}`);
    }
    // an open order counts in the planning: its product shows the receipt
    const open = pos.find((p) => p.status === 'ordered');
    const po = (await c.get(`/api/purchase-orders/${open.id}`)).json;
    const row = (await c.get(`/api/stock?sku=${encodeURIComponent(po.lines[0].sku)}`)).json;
    assert.ok(row.items[0].open_qty > 0, JSON.stringify(row.items[0]));
  } finally {
    await srv.stop();
  }
});
