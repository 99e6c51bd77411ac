// Browser test of 재고 현황, the home board, on a seeded shop: a member logs in as a new
// member would and lands on the board (menu entry 재고 현황 first and selected); each tile's
// number equals what this test computes from GET /api/stock with the rules of
// docs/screens.md (money only for a manager); a tile click filters the table to exactly its
// products; the search finds decomposed Hangul; a row opens the product; the export
// downloads a workbook with the board's headers and the filtered products; at 390 px the
// tiles come first and the products are cards saying what to order by when, and a member
// without costs sees units instead of money; a live change (the event stream stands in)
// refetches the board in place, keeps its sort and names who changed what. Screenshots at
// desktop and phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SHOTS, hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

const DAY = 86400e3;
const kst = (offset = 0) => new Date(Date.now() + 9 * 3600e3 + offset * DAY).toISOString().slice(0, 10);
const plusDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const nf = new Intl.NumberFormat('ko-KR');
// The tiles' rules (docs/screens.md), written here once more on purpose.
const TILES = {
  order_today: (r) => r.reorder_urgency === 'today' || r.reorder_urgency === 'overdue',
  runs_out: (r, today) => !!r.depletion_date && r.lead_time_days != null && r.depletion_date < plusDays(today, r.lead_time_days),
  overstock: (r) => r.overstock_alert === true,
  expiry_near: (r) => (r.expiry_near_qty ?? 0) > 0,
};

let app, browser, mgr, ready = false;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = !app.mock && await hasRoute(app, 'GET', '/api/stock');
  if (!ready) return;
  mgr = await app.srv.login('manager', 'password-123');
  const ok = async (req, status = 201) => { const res = await req; assert.equal(res.status, status, res.text); return res.json; };
  const hanbit = (await ok(mgr.post('/api/suppliers', { name: '한빛상사', lead_time_days: 15 }))).id;
  const daesung = (await ok(mgr.post('/api/suppliers', { name: '대성식품', lead_time_days: 5 }))).id;
  const product = async (body, stock = [], lots = []) => {
    await ok(mgr.post('/api/products', { safety_stock_rule: 'forecast_lead_time', ...body }));
    for (const qty of stock) await ok(mgr.post('/api/movements', { sku: body.sku, type: 'inbound', qty }));
    for (const [qty, lot, days] of lots) await ok(mgr.post('/api/movements', { sku: body.sku, type: 'inbound', qty, lot, expiry: kst(days) }));
  };
  await product({ sku: 'DOC-1', name: '스텐 냄비', category: '주방용품', supplier_id: hanbit, unit_cost: 12000, monthly_demand: 3000 }, [800]);
  await product({ sku: 'OVER-1', name: '원목 도마', category: '주방용품', supplier_id: daesung, unit_cost: 1000, monthly_demand: 300 }, [5000]);
  await product({ sku: 'LOT-1', name: '버터쿠키', category: '식품', supplier_id: daesung, unit_cost: 500, has_expiry: true,
    monthly_demand: 300, safety_stock_rule: 'manual', safety_stock: 0 }, [], [[30, 'A', 4], [100, 'B', 9], [50, 'C', 60]]);
  await product({ sku: 'LATER-1', name: '유리 뚜껑', category: '주방용품', supplier_id: hanbit, unit_cost: 3000, monthly_demand: 300 }, [600]);
  await product({ sku: 'NOLEAD', name: '리드타임 모름', category: '식품', monthly_demand: 300, safety_stock_rule: 'manual', safety_stock: 10 }, [100]);
  // Enough products that the table pages (60 more, each holding 70 more than it needs within
  // its lead time: more than 30 days of demand, so each is 과잉 재고 worth counting).
  for (let i = 1; i <= 60; i++) {
    await product({ sku: `Q-${String(i).padStart(3, '0')}`, name: `조용한 상품 ${i}`, category: '잡화', supplier_id: hanbit, unit_cost: 100, monthly_demand: 30 }, [100]);
  }
  await ok(mgr.post('/api/alerts/refresh', {}), 200);
});
after(async () => { await browser?.close(); await app?.stop(); });

async function tileText(page, id) {
  return (await page.textContent(`[data-testid=tile-${id}-value]`)).trim();
}
async function tableSkus(page) {
  return page.$$eval('[data-testid=board-table] tbody tr[data-testid^=board-row-]', (trs) => trs.map((tr) => tr.getAttribute('data-testid').slice('board-row-'.length)));
}

test('a manager lands on the board; tiles equal the API; a tile, the search and a row lead to their lists', async (t) => {
  if (!ready) return t.skip('server has no /api/stock');
  const api = (await mgr.get('/api/stock')).json;
  const alerts = (await mgr.get('/api/alerts')).json;
  const want = (tile) => api.items.filter((r) => TILES[tile](r, api.date));

  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  assert.equal(new URL(page.url()).pathname, '/');
  await page.waitForSelector('[data-testid=board-table] tbody tr[data-testid^=board-row-]');
  const first = page.locator('[data-testid=main-menu] .ant-menu-item').first();
  assert.match(await first.textContent(), /재고 현황/);
  assert.match(await first.getAttribute('class'), /ant-menu-item-selected/);

  assert.equal(await tileText(page, 'order_today'), `${want('order_today').length}개 상품`);
  assert.equal(await tileText(page, 'runs_out'), `${want('runs_out').length}개 상품`);
  const money = want('overstock').reduce((s, r) => s + r.overstock_value, 0);
  assert.ok(money > 0);
  assert.equal(await tileText(page, 'overstock'), `${nf.format(money)}원`);
  assert.equal(await tileText(page, 'expiry_near'), `${want('expiry_near').length}개 상품`);
  const lots = want('expiry_near').reduce((s, r) => s + r.expiry_near_lots, 0);
  assert.ok(lots >= 2, 'LOT-1 has two lots within the alert days');
  assert.match(await page.textContent('[data-testid=tile-expiry_near]'), new RegExp(`로트 ${lots}개`));
  assert.equal(await tileText(page, 'alerts'), `${nf.format(alerts.total)}건`);
  assert.match(await page.textContent('[data-testid=board-count]'), new RegExp(`${api.items.length}개 상품`));
  await shot(page, 'board-desktop');

  // A tile's list is the table filtered to its products (its first page of 50 here).
  for (const tile of ['order_today', 'runs_out', 'overstock', 'expiry_near']) {
    const skus = want(tile).map((r) => r.sku);
    await page.click(`[data-testid=tile-${tile}]`);
    await page.waitForURL((u) => u.searchParams.get('tile') === tile);
    await page.waitForFunction((n) => document.querySelector('[data-testid=board-count]')?.textContent.startsWith(`${n}개 /`), nf.format(skus.length));
    assert.deepEqual(await tableSkus(page), skus.slice(0, 50), tile);
  }
  assert.ok(want('overstock').length > 50, 'the overstock list pages');
  await page.click('[data-testid=tile-order_today]');
  await page.waitForURL((u) => u.searchParams.get('tile') === 'order_today');
  await page.waitForSelector('[data-testid=board-row-DOC-1] >> text=발주 늦음');
  await shot(page, 'board-order-today');

  // The export sends the filter; the workbook holds the same products under the board's headers.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=board-export]')]);
  assert.equal(dl.suggestedFilename(), `재고 현황-${api.date}.xlsx`);
  const file = path.join(SHOTS, 'board-export.xlsx');
  await dl.saveAs(file);
  const py = spawnSync('/usr/bin/python3', ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['재고 현황']
print(json.dumps([list(r) for r in ws.iter_rows(values_only=True)], ensure_ascii=False, default=str))
`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const rows = JSON.parse(py.stdout);
  assert.deepEqual(rows[3].slice(0, 4), ['마스터 SKU', '상품명', '공급처', '현재 재고']);
  assert.ok(rows[3].includes('과잉 재고 금액'));
  assert.deepEqual(rows.slice(4).map((r) => r[0]), want('order_today').map((r) => r.sku));

  // Search in decomposed Hangul, then open the product.
  await page.click('text=필터 지우기');
  await page.waitForURL((u) => !u.search);
  const search = page.locator('input[data-testid=board-search], [data-testid=board-search] input').first();
  await search.fill('냄비'.normalize('NFD'));
  await search.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=board-table] tbody tr[data-testid^=board-row-]').length === 1);
  assert.deepEqual(await tableSkus(page), ['DOC-1']);
  await page.click('[data-testid=board-row-DOC-1]');
  await page.waitForURL(/\/products\/DOC-1$/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('at phone width the tiles come first, then cards that say what to order by when', async (t) => {
  if (!ready) return t.skip('server has no /api/stock');
  const staffApi = await app.srv.login('staff', 'password-123');
  const api = (await staffApi.get('/api/stock')).json;
  const page = await newPage(browser, { width: 390, height: 844 });
  await uiLogin(page, app.url, 'staff');
  await page.waitForSelector('[data-testid=board-card-DOC-1]');
  assert.equal(await page.locator('[data-testid=board-table]').count(), 0);
  const tile = await page.locator('[data-testid=tile-order_today]').boundingBox();
  const card = await page.locator('[data-testid=board-cards]').boundingBox();
  assert.ok(tile.y < card.y, 'tiles above the cards');
  // The most urgent first: DOC-1's order is overdue.
  assert.equal(await page.locator('[data-testid^=board-card-]').first().getAttribute('data-testid'), 'board-card-DOC-1');
  const doc = await page.textContent('[data-testid=board-card-DOC-1]');
  assert.match(doc, /스텐 냄비/);
  assert.match(doc, /800개/);
  assert.match(doc, /발주 늦음/);
  assert.match(doc, /2,200개 발주/);
  // Staff see no money: the overstock tile counts products and units.
  const over = api.items.filter((r) => r.overstock_alert === true);
  assert.equal(await tileText(page, 'overstock'), `${over.length}개 상품`);
  assert.doesNotMatch(await page.textContent('[data-testid=tile-overstock]'), /원/);
  // Nothing wider than the screen.
  const o = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
  assert.ok(o.scroll <= o.width, JSON.stringify(o));
  await shot(page, 'board-phone');
  await page.screenshot({ path: path.join(SHOTS, 'board-phone-top.png') });
  await page.click('[data-testid=tile-order_today]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^=board-card-]').length === 1);
  await shot(page, 'board-phone-order-today');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a live change refetches the board in place: the note names who and what, the sort stays', async (t) => {
  if (!ready) return t.skip('server has no /api/stock');
  const page = await newPage(browser);
  // The event stream (GET /api/live) stands in here: it says hello, and once the inbound
  // below is recorded, sends its stock event as the server would.
  let body = 'retry: 300\nevent: hello\ndata: {"version":1}\n\n';
  await page.route('**/api/live', (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body }));
  await uiLogin(page, app.url, 'manager');
  await page.waitForSelector('[data-testid=board-row-DOC-1]');
  // Sort by 현재 재고, highest first: OVER-1 (5,000) leads.
  const th = page.locator('[data-testid=board-table] thead th', { hasText: '현재 재고' });
  await th.click();
  await th.click();
  await page.waitForFunction(() => document.querySelector('[data-testid=board-table] thead th[aria-sort=descending]'));
  const before = await tableSkus(page);
  assert.equal(before[0], 'OVER-1');
  assert.ok(before.indexOf('DOC-1') > 0);

  const inbound = await mgr.post('/api/movements', { sku: 'DOC-1', type: 'inbound', qty: 9000 });
  assert.equal(inbound.status, 201, inbound.text);
  body = 'retry: 60000\nevent: hello\ndata: {"version":1}\n\nevent: stock\ndata: {"version":2,"skus":["DOC-1"],"cause":"movement","by":"이서연"}\n\n';
  await page.waitForSelector('[data-testid=board-changed] >> text=방금 바뀜: 이서연 · 입출고');
  await page.waitForSelector('[data-testid=board-row-DOC-1] >> text=9,800');
  const after = await tableSkus(page);
  assert.equal(after[0], 'DOC-1', 'still sorted by 현재 재고, highest first');
  assert.ok(await page.locator('[data-testid=board-table] thead th[aria-sort=descending]', { hasText: '현재 재고' }).count());
  await shot(page, 'board-live');
  assert.deepEqual(page.errors, []);
  await page.close();
});
