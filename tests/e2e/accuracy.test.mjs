// Browser tests of the accuracy reports: a viewer opens 예측 정확도 from the 리포트 menu on a
// shop with forecasts made as of 28 and 14 days ago and today's, sees the trend and the
// latest scored run per product with the same numbers as the API, reads what MASE means,
// downloads the workbook and follows a worst product to its page; in 실제 vs 예측 the
// totals equal the API's, the days with deviations are highlighted and the product table
// shows per product; both pages fit a 390 px phone. Screenshots at both widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

const kstDate = (back) => new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (v) => (v == null ? '-' : new Intl.NumberFormat('ko-KR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v));
const qty = (v) => `${new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 }).format(v)}개`;

let app, browser, ready = false, api;
const runs = [];

async function waitRun(id) {
  for (let i = 0; i < 3000; i++) {
    const r = (await api.get(`/api/forecast-runs/${id}`)).json;
    if (r.status === 'done' || r.status === 'failed') return r;
    await sleep(50);
  }
  throw new Error(`run ${id} did not finish`);
}

before(async () => {
  app = await startApp();
  browser = await launch();
  ready = await hasRoute(app, 'GET', '/api/reports/accuracy');
  if (!ready || app.mock) return;
  api = await app.srv.login('boss');
  // Four products in two categories, 70 days of sales with a weekly rhythm; a promotion
  // ten days ago sells far more than any forecast expected.
  const items = [
    ['E2E-TEA', '보리차 티백', '음료', 6], ['E2E-WATER', '탄산수 500ml', '음료', 12],
    ['E2E-NUTS', '하루견과 30봉', '간식', 3], ['E2E-CHIPS', '감자칩', '간식', 2],
  ];
  for (const [sku, name, category] of items) {
    assert.equal((await api.post('/api/products', { sku, name, category })).status, 201);
    assert.equal((await api.post('/api/movements', { sku, type: 'inbound', qty: 100000, date: kstDate(80) })).status, 201);
  }
  for (let back = 70; back >= 1; back--) {
    for (const [sku, , , base] of items) {
      const weekend = back % 7 < 2 ? 2 : 1;
      const promo = back === 10 && sku === 'E2E-WATER' ? 8 : 1;
      const qty = base * weekend * promo + (back % 3);
      const r = await api.post('/api/movements', { sku, type: 'outbound', qty, date: kstDate(back) });
      assert.equal(r.status, 201, r.text);
    }
  }
  for (const asOf of [kstDate(28), kstDate(14), null]) {
    const r = await api.post('/api/forecast-runs', asOf ? { as_of: asOf } : {});
    assert.equal(r.status, 202, r.text);
    const run = await waitRun(r.json.id);
    assert.equal(run.status, 'done', run.error);
    runs.push(run);
  }
});
after(async () => { await browser?.close(); await app?.stop(); });

test('예측 정확도: the trend, the latest scored run per product, the worst products', async (t) => {
  if (!ready || app.mock) return t.skip('server has no accuracy reports');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  await page.locator('[data-testid=main-menu] >> text=예측 정확도').click();
  await page.waitForURL(/\/reports\/accuracy$/);
  await page.waitForSelector('[data-testid=accuracy-runs] >> text=14/90일 지남');
  await page.waitForSelector('[data-testid=accuracy-runs] >> text=아직 평가할 날이 없습니다');
  await page.waitForSelector('[data-testid=accuracy-trend] canvas');

  // the detail opens on the latest run with passed days (as of 14 days ago)
  const rep = (await api.get(`/api/reports/accuracy/${runs[1].id}?by=product&sort=wape`)).json;
  await page.waitForSelector(`[data-testid=accuracy-run] >> text=실행 #${runs[1].id}`);
  for (const it of rep.items) {
    const cell = page.locator(`[data-testid=wape-${it.sku}]`);
    assert.equal((await cell.textContent()).trim(), pct(it.model.wape), it.sku);
  }
  await page.locator('[data-testid=help-mase]').first().hover();
  await page.waitForSelector('.ant-tooltip >> text=지난주 같은 요일');
  await shot(page, 'accuracy-desktop');

  // by category: the two categories
  await page.locator('[data-testid=accuracy-by] >> text=분류별').click();
  await page.waitForSelector('[data-testid=accuracy-items] >> text=간식');
  const cats = (await api.get(`/api/reports/accuracy/${runs[1].id}?by=category`)).json.items;
  for (const c of cats) {
    assert.equal((await page.locator(`[data-testid="wape-${c.category}"]`).textContent()).trim(), pct(c.model.wape));
  }

  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=accuracy-run-xlsx]')]);
  assert.match(dl.suggestedFilename(), /^forecast-accuracy-run-\d+\.xlsx$/);

  // a worst product links to its page
  const worst = rep.worst[0];
  assert.ok(worst, 'a worst product');
  await page.click(`[data-testid=worst-${worst.sku}]`);
  await page.waitForURL(new RegExp(`/products/${worst.sku}$`));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('실제 vs 예측: totals equal the API, deviations highlighted, per product', async (t) => {
  if (!ready || app.mock) return t.skip('server has no accuracy reports');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  await page.locator('[data-testid=main-menu] >> text=실제 vs 예측').click();
  await page.waitForURL(/\/reports\/actual-vs-forecast$/);
  const avf = (await api.get('/api/reports/actual-vs-forecast')).json;
  await page.waitForSelector('[data-testid=avf-chart-card] canvas');
  assert.equal((await page.locator('[data-testid=avf-total-actual] .ant-statistic-content').textContent()).trim(), qty(avf.totals.actual));
  assert.equal((await page.locator('[data-testid=avf-total-forecast] .ant-statistic-content').textContent()).trim(), qty(avf.totals.forecast));
  const flagged = avf.days.filter((d) => d.deviation).length;
  assert.ok(flagged >= 1, 'the promotion day is a deviation');
  assert.equal(await page.locator('[data-testid=avf-days] tr.row-error').count(), flagged);
  const promo = avf.days.find((d) => d.date === kstDate(10));
  assert.equal(promo.deviation, 'over');
  assert.equal(await page.locator('[data-testid=avf-days] tr.row-error', { hasText: kstDate(10).slice(5) }).count(), 1);
  await shot(page, 'avf-desktop');

  await page.locator('[data-testid=avf-view] >> text=상품별').click();
  await page.waitForSelector('[data-testid=avf-products] >> text=E2E-WATER');
  assert.equal(await page.locator('[data-testid=avf-products] tbody tr.ant-table-row').count(), avf.products.length);

  // one product, from the address
  await page.goto(`${app.url}/reports/actual-vs-forecast?sku=E2E-NUTS&from=${kstDate(14)}&to=${kstDate(1)}`);
  const one = (await api.get(`/api/reports/actual-vs-forecast?sku=E2E-NUTS&from=${kstDate(14)}&to=${kstDate(1)}`)).json;
  await page.waitForSelector('[data-testid=avf-chart-card] canvas');
  assert.equal((await page.locator('[data-testid=avf-total-actual] .ant-statistic-content').textContent()).trim(), qty(one.totals.actual));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=avf-xlsx]')]);
  assert.match(dl.suggestedFilename(), /^actual-vs-forecast-.*\.xlsx$/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('both reports read on a 390 px phone', async (t) => {
  if (!ready || app.mock) return t.skip('server has no accuracy reports');
  const page = await newPage(browser, { width: 390, height: 844 });
  await uiLogin(page, app.url, 'viewer');
  for (const [p, sel, name] of [
    ['/reports/accuracy', '[data-testid=accuracy-items]', 'accuracy-phone'],
    ['/reports/actual-vs-forecast', '[data-testid=avf-days]', 'avf-phone'],
  ]) {
    await page.goto(app.url + p);
    await page.waitForSelector(sel);
    await page.waitForTimeout(300); // the charts draw
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${p} is ${overflow}px wider than the phone`);
    await shot(page, name);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
