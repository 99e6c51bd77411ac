// Browser test of 판매 리포트: a viewer opens it from the 리포트 menu group and sees the last 12
// weeks — the chart and the table, whose 합계 is the API's —, switches to 월간 and to 분류별,
// filters by category, and downloads the workbook (판매 리포트-월간-FROM-TO.xlsx); on a 390 px
// phone the page does not scroll sideways (the table scrolls inside its card). Screenshots
// of both widths are kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

const DAY = 86400e3;
const kst = (back = 0) => new Date(Date.now() + 9 * 3600e3 - back * DAY).toISOString().slice(0, 10);

let app, browser, ready = false, api;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = await hasRoute(app, 'GET', '/api/reports/sales');
  if (!ready || app.mock) return;
  api = await app.srv.login('boss');
  const products = [
    { sku: 'R-POT', name: '스텐 냄비 20cm', category: '주방용품' },
    { sku: 'R-PAN', name: '코팅 프라이팬 28cm', category: '주방용품' },
    { sku: 'R-TEA', name: '유기농 녹차 티백', category: '식품' },
    { sku: 'R-BAG', name: '장바구니' },
  ];
  for (const p of products) {
    assert.equal((await api.post('/api/products', p)).status, 201);
    assert.equal((await api.post('/api/movements', { sku: p.sku, type: 'inbound', qty: 5000, date: kst(400) })).status, 201);
  }
  // Sales every few days over the last 16 weeks, and some a year ago for the dashed line.
  for (let back = 0; back < 112; back += 3) {
    for (const [i, p] of products.entries()) {
      const qty = 2 + ((back * (i + 3)) % 11);
      assert.equal((await api.post('/api/movements', { sku: p.sku, type: 'outbound', qty, date: kst(back) })).status, 201);
    }
  }
  for (let back = 364; back < 364 + 84; back += 7) {
    assert.equal((await api.post('/api/movements', { sku: 'R-POT', type: 'outbound', qty: 9, date: kst(back) })).status, 201);
  }
});
after(async () => { await browser?.close(); await app?.stop(); });

test('a viewer reads the weekly report, switches to months and categories, and exports it', async (t) => {
  if (!ready || app.mock) return t.skip('server has no sales report');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  await page.locator('[data-testid=main-menu] >> text=판매 리포트').click();
  await page.waitForURL(/\/reports\/sales$/);
  const weeks = (await api.get('/api/reports/sales')).json;
  const total = page.locator('[data-testid=sales-report-total]');
  await total.waitFor();
  assert.equal(await total.textContent(), weeks.sum.total.toLocaleString('ko-KR'));
  await page.locator('[data-testid=sales-report-chart] canvas').waitFor();
  const heads = await page.locator('[data-testid=sales-report-table] thead th').allTextContents();
  assert.ok(heads.some((h) => h.startsWith(weeks.periods[0].label)), heads.join('|'));
  assert.ok(heads.includes('전 기간 대비') && heads.includes('전년 동기 대비'), heads.join('|'));
  await page.locator('[data-testid=sales-report-table] tbody >> text=R-POT').waitFor();
  await shot(page, 'sales-report-week');

  await page.locator('[data-testid=sales-report-period] >> text=월간').click();
  const months = (await api.get('/api/reports/sales?period=month')).json;
  await page.locator(`[data-testid=sales-report-table] thead >> text=${months.periods[0].text}`).waitFor();
  await page.waitForFunction((want) => document.querySelector('[data-testid=sales-report-total]')?.textContent === want,
    months.sum.total.toLocaleString('ko-KR'));

  await page.locator('[data-testid=sales-report-by] >> text=분류별').click();
  await page.locator('[data-testid=sales-report-table] tbody >> text=미분류').waitFor();
  const cats = await page.locator('[data-testid=sales-report-table] tbody tr td:first-child').allTextContents();
  assert.deepEqual(cats.map((c) => c.replace(/\d+개 상품$/, '')).filter(Boolean).sort(), ['미분류', '식품', '주방용품']);
  await shot(page, 'sales-report-month-category');

  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=sales-report-xlsx]')]);
  assert.match(dl.suggestedFilename(), /^판매 리포트-월간-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);

  // One category: its products' rows only.
  await page.locator('[data-testid=sales-report-by] >> text=상품별').click();
  await page.locator('[data-testid=sales-report-category]').click();
  await page.locator('.ant-select-item-option >> text=식품').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=sales-report-table] tbody tr.ant-table-row').length === 1);
  await page.locator('[data-testid=sales-report-table] tbody >> text=R-TEA').waitFor();
  assert.deepEqual(page.errors, []);
});

test('on a phone the report reads without sideways scrolling of the page', async (t) => {
  if (!ready || app.mock) return t.skip('server has no sales report');
  const page = await newPage(browser, { width: 390, height: 844 });
  await uiLogin(page, app.url, 'viewer');
  await page.goto(app.url + '/reports/sales');
  await page.locator('[data-testid=sales-report-total]').waitFor();
  await page.locator('[data-testid=sales-report-chart] canvas').waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 391, `page is ${wide}px wide`);
  await shot(page, 'sales-report-phone');
  assert.deepEqual(page.errors, []);
});
