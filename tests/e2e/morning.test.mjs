// The seller's morning (docs/journeys.md, 08:50) in the browser, as a new member walks it:
// log in and land on 재고 현황; read what to order today from the board (the tile equals
// the planning API); while she reads, a colleague in another session records an inbound and
// her board shows the new stock without a reload; she opens the product and sees its
// forecast chart; she exports the weekly sales report. Screenshots of each step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, boss, ready = false;
const SKU = 'M-COFFEE';
const kstDate = (back) => new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nf = new Intl.NumberFormat('ko-KR');

before(async () => {
  app = await startApp();
  browser = await launch();
  ready = !app.mock && (await hasRoute(app, 'GET', '/api/live')) &&
    (await hasRoute(app, 'GET', '/api/products/X/forecast-view')) && (await hasRoute(app, 'GET', '/api/reports/sales'));
  if (!ready) return;
  boss = await app.srv.login('boss');
  const ok = async (p, status = 201) => { const r = await p; assert.equal(r.status, status, r.text); return r.json; };
  const sup = (await ok(boss.post('/api/suppliers', { name: '바다상사', lead_time_days: 10 }))).id;
  await ok(boss.post('/api/products', { sku: SKU, name: '원두 커피 1kg', category: '커피', supplier_id: sup, unit_cost: 12000, safety_stock_rule: 'forecast_lead_time', monthly_demand: 600 }));
  await ok(boss.post('/api/products', { sku: 'M-TEA', name: '보리차 티백', category: '차', supplier_id: sup, unit_cost: 3000, safety_stock_rule: 'forecast_lead_time', monthly_demand: 150 }));
  await ok(boss.post('/api/movements', { sku: SKU, type: 'inbound', qty: 2400, date: kstDate(100) }));
  await ok(boss.post('/api/movements', { sku: 'M-TEA', type: 'inbound', qty: 2000, date: kstDate(100) }));
  // 90 days of sales: about 20 coffees a day (more on Mondays), 5 teas
  for (let back = 90; back >= 1; back--) {
    const monday = new Date(Date.parse(kstDate(back))).getUTCDay() === 1;
    await ok(boss.post('/api/movements', { sku: SKU, type: 'outbound', qty: (monday ? 30 : 18) + (back % 4), date: kstDate(back) }));
    await ok(boss.post('/api/movements', { sku: 'M-TEA', type: 'outbound', qty: 4 + (back % 3), date: kstDate(back) }));
  }
  const run = await boss.post('/api/forecast-runs');
  assert.ok([200, 202].includes(run.status), run.text);
  for (let i = 0; i < 2400; i++) {
    const r = (await boss.get(`/api/forecast-runs/${run.json.id}`)).json;
    if (r.status === 'done') break;
    assert.notEqual(r.status, 'failed', r.error);
    await sleep(50);
  }
  await ok(boss.post('/api/alerts/refresh', {}), 200);
});
after(async () => { await browser?.close(); await app?.stop(); });

test('08:50: the board says what to order, follows a colleague’s inbound live, leads to the forecast and the weekly report', async (t) => {
  if (!ready) return t.skip('needs the board, live updates, the forecast view and the sales report');
  const stock = (await boss.get('/api/stock')).json;
  const coffee = stock.items.find((r) => r.sku === SKU);
  const orderToday = stock.items.filter((r) => r.reorder_urgency === 'today' || r.reorder_urgency === 'overdue').length;

  // 1. log in: the home is the board, its tile is the planning API's count
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  assert.equal(new URL(page.url()).pathname, '/');
  const row = page.locator(`[data-testid=board-row-${SKU}]`);
  await row.waitFor();
  assert.equal((await page.textContent('[data-testid=tile-order_today-value]')).trim(), `${orderToday}개 상품`);
  assert.ok((await row.textContent()).includes(nf.format(coffee.on_hand)), await row.textContent());
  await shot(page, 'morning-1-board');

  // 2. a colleague (staff, own session) receives 500 coffees; the board shows it, no reload
  await page.evaluate(() => { window.__sameDocument = true; });
  const staff = await app.srv.login('staff');
  const t0 = Date.now();
  const mv = await staff.post('/api/movements', { sku: SKU, type: 'inbound', qty: 500, memo: '바다상사 입고' });
  assert.equal(mv.status, 201, mv.text);
  const after = nf.format(coffee.on_hand + 500);
  await page.waitForFunction(([sku, text]) => {
    const tr = document.querySelector(`[data-testid="board-row-${sku}"]`);
    return !!tr && tr.textContent.includes(text);
  }, [SKU, after], { timeout: 10000 });
  const seen = Date.now() - t0;
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  await page.locator('[data-testid=board-changed]').waitFor();
  assert.match(await page.textContent('[data-testid=board-changed]'), /박준호/);
  console.log(`# the board showed the inbound ${seen} ms after the write was acknowledged`);
  await shot(page, 'morning-2-live');

  // 3. the product: its forecast chart with the band
  await row.click();
  await page.waitForURL((u) => u.pathname === `/products/${SKU}`);
  const card = page.locator('[data-testid=forecast-view]');
  await card.locator('[data-testid=fv-demand-chart] canvas').waitFor();
  assert.match(await card.locator('[data-testid=fv-model]').textContent(), /[가-힣]/);
  await shot(page, 'morning-3-product');

  // 4. the weekly sales report, exported
  await page.click('.ant-menu >> text=판매 리포트');
  await page.locator('[data-testid=sales-report-table]').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=sales-report-xlsx]')]);
  assert.match(download.suggestedFilename(), /^판매 리포트-주간-.*\.xlsx$/);
  const file = await download.path();
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK');
  await shot(page, 'morning-4-report');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
