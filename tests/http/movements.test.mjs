// movements.test.mjs — the stock ledger over HTTP: inbound, outbound, stocktake with the
// new on_hand; bad quantities and unknown SKUs refused in Korean with nothing written;
// the negative-stock rule; the last unit taken by two clients at once (exactly one wins);
// set outbound exploding into components; reversals; history with who and when; the
// stock-over-time series; check-ledger agreeing after it all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

const hangul = /[가-힣]/;
let srv, mgr, staff, staff2, viewer, other;

before(async () => {
  srv = await startServer({ threads: 4 });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A', name: '이서연' });
  await srv.addUser({ login: 'staff1', role: 'staff', org: '가게A', name: '박준호' });
  await srv.addUser({ login: 'staff2', role: 'staff', org: '가게A', name: '김알바' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  mgr = await srv.login('mgr');
  staff = await srv.login('staff1');
  staff2 = await srv.login('staff2');
  viewer = await srv.login('view1');
  other = await srv.login('bossb');
  for (const [sku, name] of [['A-1', '스텐 냄비'], ['A-2', '실리콘 주걱'], ['LAST', '마지막 재고']]) {
    const r = await mgr.post('/api/products', { sku, name, category: '주방용품' });
    assert.equal(r.status, 201, r.text);
  }
  const s = await mgr.post('/api/products', {
    sku: 'SET-1', name: '주방 세트', kind: 'set',
    components: [{ sku: 'A-1', qty: 1 }, { sku: 'A-2', qty: 2 }],
  });
  assert.equal(s.status, 201, s.text);
});
after(async () => { await srv.stop(); });

async function onHand(sku) {
  const r = await viewer.get(`/api/products/${encodeURIComponent(sku)}`);
  assert.equal(r.status, 200, r.text);
  return r.json.on_hand;
}

async function ledgerSize() {
  const r = await viewer.get('/api/movements?limit=1');
  return r.json.total;
}

test('inbound, outbound and stocktake answer with the new on_hand', async () => {
  let r = await staff.post('/api/movements', { sku: 'A-1', type: 'inbound', qty: 10, memo: '입고', lot: 'L1', expiry: '2027-01-31' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.on_hand, 10);
  assert.equal(r.json.movement.type, 'inbound');
  assert.equal(r.json.movement.qty, 10);
  assert.equal(r.json.movement.lot, 'L1');
  assert.equal(r.json.movement.user.name, '박준호');
  assert.equal(r.json.movement.source, 'manual');
  r = await staff.post('/api/movements', { sku: 'A-1', type: 'outbound', qty: 3, date: '2025-01-28' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.on_hand, 7);
  assert.equal(r.json.movement.qty, -3);
  assert.equal(r.json.movement.date, '2025-01-28');
  r = await staff.post('/api/movements', { sku: 'A-1', type: 'adjust', qty: 6, memo: '재고 실사' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.on_hand, 6);
  assert.equal(r.json.movement.qty, -1);
  assert.equal(await onHand('A-1'), 6);
});

test('bad quantities, types, dates and unknown SKUs are refused; nothing is written', async () => {
  const before = await ledgerSize();
  const cases = [
    [{ sku: 'A-1', type: 'inbound', qty: -5 }, 400, 'qty'],
    [{ sku: 'A-1', type: 'inbound', qty: 0 }, 400, 'qty'],
    [{ sku: 'A-1', type: 'inbound', qty: 1.5 }, 400, 'qty'],
    [{ sku: 'A-1', type: 'inbound', qty: '5' }, 400, 'qty'],
    [{ sku: 'A-1', type: 'inbound' }, 400, 'qty'],
    [{ sku: 'A-1', type: 'inbound', qty: 2000000 }, 400, 'qty'],
    [{ sku: 'A-1', type: 'adjust', qty: -1 }, 400, 'qty'],
    [{ sku: 'A-1', type: 'gift', qty: 1 }, 400, 'type'],
    [{ sku: 'A-1', type: 'reversal', qty: 1 }, 400, 'type'],
    [{ sku: 'A-1', type: 'inbound', qty: 1, date: '2025-02-30' }, 400, 'date'],
    [{ sku: 'A-1', type: 'inbound', qty: 1, date: '2999-01-01' }, 400, 'date'],
    [{ sku: 'A-1', type: 'outbound', qty: 1, expiry: '2027-01-01' }, 400, 'expiry'],
    [{ sku: 'A-1', type: 'inbound', qty: 1, extra: true }, 400, 'extra'],
    [{ type: 'inbound', qty: 1 }, 400, 'sku'],
  ];
  for (const [body, status, field] of cases) {
    const r = await staff.post('/api/movements', body);
    assert.equal(r.status, status, `${JSON.stringify(body)} → ${r.text}`);
    assert.match(r.json.error.message, hangul);
    const fields = (r.json.error.details || []).map((d) => d.field);
    assert.ok(fields.includes(field), `${JSON.stringify(body)} → ${r.text}`);
  }
  const unknown = await staff.post('/api/movements', { sku: 'NOPE', type: 'outbound', qty: 1 });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'sku_not_found');
  assert.match(unknown.json.error.message, /상품을 찾을 수 없습니다: NOPE/);
  // another organisation's SKU is unknown too
  const foreign = await other.post('/api/movements', { sku: 'A-1', type: 'inbound', qty: 1 });
  assert.equal(foreign.status, 404);
  assert.equal(await ledgerSize(), before);
  assert.equal(await onHand('A-1'), 6);
});

test('a dated product\'s inbound needs its expiry date or an explicit "unknown"', async () => {
  const made = await mgr.post('/api/products', { sku: 'SN-1', name: '버터쿠키', has_expiry: true });
  assert.equal(made.status, 201, made.text);
  assert.equal((await mgr.post('/api/products', { sku: 'BOX-1', name: '선물 상자' })).status, 201);
  const set = await mgr.post('/api/products', {
    sku: 'SET-SN', name: '쿠키 세트', kind: 'set', components: [{ sku: 'SN-1', qty: 2 }, { sku: 'BOX-1', qty: 1 }],
  });
  assert.equal(set.status, 201, set.text);
  const before = await ledgerSize();
  for (const sku of ['SN-1', 'SET-SN']) {
    const r = await staff.post('/api/movements', { sku, type: 'inbound', qty: 5, lot: 'L7' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'expiry_required');
    assert.match(r.json.error.message, /SN-1/);
    assert.match(r.json.error.message, /소비기한 모름/);
    assert.deepEqual(r.json.error.details.map((d) => [d.field, d.code]), [['expiry', 'expiry_required']]);
  }
  const cases = [
    [{ sku: 'SN-1', type: 'inbound', qty: 1, expiry: '2027-01-31', expiry_unknown: true }, 'expiry_unknown'],
    [{ sku: 'SN-1', type: 'outbound', qty: 1, expiry_unknown: true }, 'expiry_unknown'],
    [{ sku: 'SN-1', type: 'inbound', qty: 1, expiry_unknown: 'yes' }, 'expiry_unknown'],
  ];
  for (const [body, field] of cases) {
    const r = await staff.post('/api/movements', body);
    assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.text}`);
    assert.equal(r.json.error.code, 'validation_failed');
    assert.ok(r.json.error.details.some((d) => d.field === field), r.text);
  }
  assert.equal(await ledgerSize(), before);
  assert.equal(await onHand('SN-1'), 0);

  // With the date: recorded with its lot.
  let r = await staff.post('/api/movements', { sku: 'SN-1', type: 'inbound', qty: 10, expiry: '2027-03-31', lot: 'L7' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.movement.expiry, '2027-03-31');
  assert.equal(r.json.movement.expiry_unknown, false);
  assert.equal(r.json.warnings, undefined);
  // "Unknown": recorded, marked, and answered with a warning.
  r = await staff.post('/api/movements', { sku: 'SN-1', type: 'inbound', qty: 4, expiry_unknown: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.on_hand, 14);
  assert.equal(r.json.movement.expiry, null);
  assert.equal(r.json.movement.expiry_unknown, true);
  assert.equal(r.json.warnings[0].code, 'expiry_unknown');
  assert.match(r.json.warnings[0].message, /소비기한/);
  const listed = (await viewer.get('/api/movements?sku=SN-1')).json.items;
  assert.deepEqual(listed.map((m) => [m.qty, m.expiry, m.expiry_unknown]),
    [[4, null, true], [10, '2027-03-31', false]]);
  // A set with a dated component: the date goes to that component's receipt.
  r = await staff.post('/api/movements', { sku: 'SET-SN', type: 'inbound', qty: 1, expiry: '2027-05-31' });
  assert.equal(r.status, 201, r.text);
  const rows = Object.fromEntries(r.json.movements.map((m) => [m.sku, m.expiry]));
  assert.deepEqual(rows, { 'SN-1': '2027-05-31', 'BOX-1': null });
  // An undated product needs nothing, and "unknown" means nothing for it.
  r = await staff.post('/api/movements', { sku: 'BOX-1', type: 'inbound', qty: 1, expiry_unknown: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.movement.expiry_unknown, false);
  assert.equal(r.json.warnings, undefined);
});

test('outbound below zero is refused with the current and requested quantities', async () => {
  const r = await staff.post('/api/movements', { sku: 'A-1', type: 'outbound', qty: 9 });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'insufficient_stock');
  assert.match(r.json.error.message, /재고가 부족합니다: 현재 6개, 출고 9개/);
  assert.equal(await onHand('A-1'), 6);
});

test('the last unit taken by two clients at once: exactly one succeeds', async () => {
  for (let round = 0; round < 8; round++) {
    const inb = await staff.post('/api/movements', { sku: 'LAST', type: 'inbound', qty: 1 });
    assert.equal(inb.json.on_hand, 1);
    const [a, b] = await Promise.all([
      staff.post('/api/movements', { sku: 'LAST', type: 'outbound', qty: 1 }),
      staff2.post('/api/movements', { sku: 'LAST', type: 'outbound', qty: 1 }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [201, 409], `${a.text} / ${b.text}`);
    const loser = a.status === 409 ? a : b;
    assert.match(loser.json.error.message, /현재 0개, 출고 1개/);
    assert.equal(await onHand('LAST'), 0);
  }
});

test('set outbound records outbound of its components', async () => {
  await staff.post('/api/movements', { sku: 'A-2', type: 'inbound', qty: 5 });
  assert.equal(await onHand('SET-1'), 2); // min(6/1, 5/2)
  const r = await staff.post('/api/movements', { sku: 'SET-1', type: 'outbound', qty: 2 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.movements.length, 2);
  assert.ok(r.json.movements.every((m) => m.set_sku === 'SET-1'));
  assert.equal(r.json.on_hand, 0);
  assert.equal(await onHand('A-1'), 4);
  assert.equal(await onHand('A-2'), 1);
  const more = await staff.post('/api/movements', { sku: 'SET-1', type: 'outbound', qty: 1 });
  assert.equal(more.status, 409);
  assert.match(more.json.error.message, /A-2/);
  const adj = await staff.post('/api/movements', { sku: 'SET-1', type: 'adjust', qty: 3 });
  assert.equal(adj.status, 400);
  const hist = await viewer.get('/api/products/SET-1/movements');
  assert.equal(hist.json.total, 2);
});

test('reversal: managers any, other staff not, once, restores stock, keeps history', async () => {
  const out = await staff.post('/api/movements', { sku: 'A-1', type: 'outbound', qty: 2, memo: '오타' });
  assert.equal(out.json.on_hand, 2);
  const id = out.json.movement.id;
  // staff reverse only their own of today (tests/http/staff_reverse.test.mjs)
  assert.equal((await staff2.post(`/api/movements/${id}/reverse`, {})).status, 403);
  const rev = await mgr.post(`/api/movements/${id}/reverse`, { memo: '수량 오타 정정' });
  assert.equal(rev.status, 201, rev.text);
  assert.equal(rev.json.movement.type, 'reversal');
  assert.equal(rev.json.movement.qty, 2);
  assert.equal(rev.json.movement.reverses, id);
  assert.equal(rev.json.on_hand, 4);
  const again = await mgr.post(`/api/movements/${id}/reverse`);
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'already_reversed');
  const revrev = await mgr.post(`/api/movements/${rev.json.movement.id}/reverse`);
  assert.equal(revrev.status, 409);
  assert.equal((await mgr.post('/api/movements/999999/reverse')).status, 404);
  assert.equal((await other.post(`/api/movements/${id}/reverse`)).status, 404);
  const hist = await viewer.get('/api/products/A-1/movements');
  const orig = hist.json.items.find((m) => m.id === id);
  assert.equal(orig.reversed_by, rev.json.movement.id);
  assert.equal(orig.user.name, '박준호');
  // a set's outbound is reversed as a whole
  const setOut = (await viewer.get('/api/movements?sku=SET-1&type=outbound')).json.items;
  const srev = await mgr.post(`/api/movements/${setOut[0].id}/reverse`);
  assert.equal(srev.status, 201, srev.text);
  assert.equal(srev.json.movements.length, 2);
  assert.equal(await onHand('A-2'), 5);
});

test('ledger listing filters, stock history and roles', async () => {
  const all = await viewer.get('/api/movements?limit=1000');
  assert.equal(all.status, 200);
  assert.equal(all.json.total, all.json.items.length);
  const byType = await viewer.get('/api/movements?type=reversal');
  assert.ok(byType.json.items.every((m) => m.type === 'reversal'));
  const byDate = await viewer.get('/api/movements?from=2025-01-28&to=2025-01-28');
  assert.equal(byDate.json.total, 1);
  assert.equal((await viewer.get('/api/movements?type=bogus')).status, 400);
  assert.equal((await viewer.get('/api/movements?from=2025-13-01')).status, 400);
  assert.equal((await viewer.post('/api/movements', { sku: 'A-1', type: 'inbound', qty: 1 })).status, 403);
  const h = await viewer.get('/api/products/A-1/stock-history?days=30');
  assert.equal(h.status, 200);
  assert.equal(h.json.items.length, 30);
  assert.equal(h.json.items[29].on_hand, await onHand('A-1'));
  const hs = await viewer.get('/api/products/SET-1/stock-history?days=5');
  assert.equal(hs.json.items.length, 5);
  assert.equal((await other.get('/api/movements')).json.total, 0);
});

test('check-ledger agrees with the balances', async () => {
  const res = srv.cli(['check-ledger', '--db', srv.db]);
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /ok/);
});
