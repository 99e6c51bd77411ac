// Browser test of 정책 시뮬레이션: a manager opens it from the 리포트 menu group, picks two
// products, keeps the default period (the last 6 months) and the four policies, starts it,
// sees the progress and then the comparison — the API's figures in the table with the best
// of each column marked, the sentence against 최소·최대, the chart, the per-product table —
// and switches the chart to one product; a reload keeps the result (its id is in the
// address). Staff do not see the menu entry and get the 403 page. On a 390 px phone the page
// does not scroll sideways. Screenshots of both widths are kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

const DAY = 86400e3;
const kst = (back = 0) => new Date(Date.now() + 9 * 3600e3 - back * DAY).toISOString().slice(0, 10);

let app, browser, ready = false, api;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = await hasRoute(app, 'POST', '/api/simulations');
  if (!ready || app.mock) return;
  api = await app.srv.login('boss');
  const products = [
    { sku: 'S-MUG', name: '데일리 머그컵', lead_time_days: 7, moq: 1, unit_cost: 4000 },
    { sku: 'S-TENT', name: '원터치 텐트', lead_time_days: 30, moq: 10, unit_cost: 52000 },
    { sku: 'S-TEA', name: '유기농 녹차 티백', lead_time_days: 15, moq: 24, unit_cost: 2500 },
  ];
  for (const [i, p] of products.entries()) {
    assert.equal((await api.post('/api/products', p)).status, 201);
    // little stock left when the 6 months begin; the shop's own later receipt is not replayed
    for (const [qty, back] of [[200 + 60 * i, 260], [3000, 150]]) {
      assert.equal((await api.post('/api/movements', { sku: p.sku, type: 'inbound', qty, date: kst(back) })).status, 201);
    }
    for (let back = 250; back >= 1; back -= 2) {
      const qty = 2 + ((back * (i + 3)) % 9) + (back % 37 === 0 ? 30 : 0);
      assert.equal((await api.post('/api/movements', { sku: p.sku, type: 'outbound', qty, date: kst(back) })).status, 201);
    }
  }
});
after(async () => { await browser?.close(); await app?.stop(); });

test('a manager compares the policies on two products and looks at one of them', async (t) => {
  if (!ready || app.mock) return t.skip('server has no simulations');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.locator('[data-testid=main-menu] >> text=정책 시뮬레이션').click();
  await page.waitForURL(/\/simulation$/);
  await page.locator('[data-testid=sim-mode] >> text=골라서').click();
  const pick = page.locator('[data-testid=sim-skus]');
  for (const sku of ['S-MUG', 'S-TENT']) {
    await pick.click();
    await page.keyboard.type(sku);
    await page.locator(`.ant-select-item-option[title^="${sku}"]`).click();
  }
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=sim-start]').click();
  await page.waitForURL(/\/simulation\?id=\d+$/);
  const id = new URL(page.url()).searchParams.get('id');
  await page.locator('[data-testid=sim-compare]').waitFor({ timeout: 120000 });
  const sim = (await api.get(`/api/simulations/${id}`)).json;
  assert.equal(sim.status, 'done');
  assert.equal(sim.products, 2);
  assert.equal(sim.to, kst(1));
  for (const m of sim.result.totals) {
    const cell = page.locator(`[data-testid=sim-stockout_days-${m.policy}]`);
    assert.equal((await cell.textContent()).replace(/\s/g, ''), `${m.stockout_days.toLocaleString('ko-KR')}일`);
  }
  // the best fill rate is marked, and only on policies holding it
  const bestFill = Math.max(...sim.result.totals.map((m) => m.fill_rate));
  for (const m of sim.result.totals) {
    const marked = await page.locator(`[data-testid=sim-fill_rate-${m.policy}]`).getAttribute('data-best');
    const allSame = sim.result.totals.every((x) => x.fill_rate === bestFill);
    assert.equal(marked === '1', !allSame && m.fill_rate === bestFill, m.policy);
  }
  const mm = sim.result.totals.find((m) => m.policy === 'minmax');
  const jg = sim.result.totals.find((m) => m.policy === 'jaego');
  const verdict = await page.locator('[data-testid=sim-verdict]').textContent();
  assert.ok(verdict.startsWith(`jaego 규칙이면 품절일 ${mm.stockout_days}일 → ${jg.stockout_days}일`), verdict);
  await page.locator('[data-testid=sim-chart] canvas').waitFor();
  await page.locator('[data-testid=sim-products] >> text=S-TENT').waitFor();
  await shot(page, 'simulation-desktop');

  const answered = page.waitForResponse((r) => r.url().includes(`/api/simulations/${id}?sku=S-TENT`) && r.status() === 200);
  await page.locator('[data-testid=sim-item-S-TENT]').click();
  await answered;
  await page.locator('[data-testid=sim-chart-sku] >> text=S-TENT').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'simulation-product');

  await page.reload();
  await page.locator('[data-testid=sim-compare]').waitFor();
  assert.deepEqual(page.errors, []);
});

test('staff do not see the screen', async (t) => {
  if (!ready || app.mock) return t.skip('server has no simulations');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  assert.equal(await page.locator('[data-testid=main-menu] >> text=정책 시뮬레이션').count(), 0);
  await page.goto(app.url + '/simulation');
  await page.locator('[data-testid=forbidden]').waitFor();
});

test('on a phone the simulation reads without sideways scrolling of the page', async (t) => {
  if (!ready || app.mock) return t.skip('server has no simulations');
  const page = await newPage(browser, { width: 390, height: 844 });
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/simulation');
  await page.locator('[data-testid=sim-start]').click();
  await page.locator('[data-testid=sim-compare]').waitFor({ timeout: 120000 });
  await page.locator('[data-testid=sim-chart] canvas').waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 391, `page is ${wide}px wide`);
  await shot(page, 'simulation-phone');
  assert.deepEqual(page.errors, []);
});
