// Browser tests of the product page's 수요 예측 card: after a forecast run, a viewer opens a
// product and sees the sales-and-forecast chart drawn with its p10–p90 band and forecast
// line (pixels of their colours on the canvas, and the tooltip naming the band and an
// event), the projected stock chart with its stock-out day, the open order, the chosen
// method in words with its backtest and the candidates table with the chosen one marked;
// a product without history says why and still shows the stock plan. Screenshots at
// desktop width and at 390 px (the page must not scroll sideways).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { hasRoute, launch, newPage, shot, SHOTS, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false;
const kstDate = (back) => new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  app = await startApp();
  browser = await launch();
  ready = await hasRoute(app, 'GET', '/api/products/X/forecast-view');
  if (!ready || app.mock) return;
  const api = await app.srv.login('boss');
  const ok = async (p, status = 201) => { const r = await p; assert.equal(r.status, status, r.text); return r.json; };
  const sup = (await ok(api.post('/api/suppliers', { name: '한빛상사', lead_time_days: 7 }))).id;
  await ok(api.post('/api/products', { sku: 'E2E-FV', name: '스텐 냄비 24cm', supplier_id: sup, safety_stock_rule: 'forecast_lead_time', monthly_demand: 200 }));
  await ok(api.post('/api/products', { sku: 'E2E-NEW', name: '새로 들어온 냄비', supplier_id: sup, monthly_demand: 90 }));
  await ok(api.post('/api/movements', { sku: 'E2E-FV', type: 'inbound', qty: 700, date: kstDate(130) }));
  await ok(api.post('/api/movements', { sku: 'E2E-FV', type: 'inbound', qty: 300, date: kstDate(30) }));
  await ok(api.post('/api/movements', { sku: 'E2E-NEW', type: 'inbound', qty: 50, date: kstDate(2) }));
  // a weekly shape with noise, so that the p10–p90 band has some width
  for (let back = 1; back <= 120; back++) {
    await ok(api.post('/api/movements', { sku: 'E2E-FV', type: 'outbound', qty: 1 + (back % 7) + ((back * 7919) % 5), date: kstDate(back) }));
  }
  await ok(api.post('/api/events', { name: '가을 할인전', date: kstDate(-10), days_before: 1, days_after: 1, kind: 'promotion' }));
  const po = await ok(api.post('/api/purchase-orders', { supplier_id: sup, expected_date: kstDate(-15), lines: [{ sku: 'E2E-FV', qty: 200 }] }));
  await ok(api.post(`/api/purchase-orders/${po.id}/order`, {}), 200);
  const run = await api.post('/api/forecast-runs');
  assert.ok([200, 202].includes(run.status), run.text);
  for (let i = 0; i < 2400; i++) {
    const r = (await api.get(`/api/forecast-runs/${run.json.id}`)).json;
    if (r.status === 'done') break;
    assert.notEqual(r.status, 'failed', r.error);
    await sleep(50);
  }
});
after(async () => { await browser?.close(); await app?.stop(); });

/** Pixels of the chart's canvas within `tol` of an RGBA colour (the canvas is transparent:
 * a translucent area keeps its alpha). */
async function countColour(chart, [r, g, b, alpha], tol) {
  return chart.locator('canvas').first().evaluate((c, a) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - a.r) <= a.tol && Math.abs(d[i + 1] - a.g) <= a.tol && Math.abs(d[i + 2] - a.b) <= a.tol
        && Math.abs(d[i + 3] - a.alpha) <= a.tol) n++;
    }
    return n;
  }, { r, g, b, alpha, tol });
}

async function openProduct(page, sku) {
  await page.goto(`${app.url}/products/${sku}`);
  const card = page.locator('[data-testid=forecast-view]');
  await card.waitFor();
  return card;
}

test('a viewer reads the forecast, its band, the stock plan and why this method', async (t) => {
  if (!ready || app.mock) return t.skip('server has no forecast view yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  const card = await openProduct(page, 'E2E-FV');
  const chart = card.locator('[data-testid=fv-demand-chart]');
  await chart.waitFor();
  await sleep(300); // the first frame
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'forecast-view-desktop');
  await card.screenshot({ path: path.join(SHOTS, 'forecast-view-card.png') });
  // the band (orange at 22 % opacity) and the forecast line (#ea580c) are drawn
  assert.ok(await countColour(chart, [249, 115, 22, 56], 4) > 1000, 'no p10–p90 band on the chart');
  assert.ok(await countColour(chart, [234, 88, 12, 255], 20) > 200, 'no forecast line on the chart');
  // the tooltip over a forecast day near the event names the band and the event
  const box = await chart.boundingBox();
  let tip = '';
  for (let x = box.x + box.width - 20; x > box.x + box.width * 0.5 && !/가을 할인전/.test(tip); x -= 3) {
    await page.mouse.move(x, box.y + box.height / 2);
    await sleep(30);
    tip = (await page.locator('div[style*="z-index: 9999999"]').allTextContents()).join(' ');
  }
  assert.match(tip, /예측 범위 \(p10–p90\) [\d.,]+개 ~ [\d.,]+개/);
  assert.match(tip, /행사: 가을 할인전/);
  assert.match(tip, /\d+월 \d+일 \([일월화수목금토]\)/);

  // projected stock: its chart, the stock-out day and the open order
  await card.locator('[data-testid=fv-stock-chart] canvas').waitFor();
  assert.match(await card.locator('[data-testid=fv-depletion]').textContent(), /^예상 소진 \d+월 \d+일 \([일월화수목금토]\)$/);
  const orders = await card.locator('[data-testid=fv-orders]').textContent();
  assert.match(orders, /발주서 #\d+/);
  assert.match(orders, /한빛상사/);
  assert.match(orders, /200개/);

  // the method in words, its backtest and the candidates with the chosen one marked
  assert.match(await card.locator('[data-testid=fv-model]').textContent(), /[가-힣]/);
  assert.match(await card.locator('[data-testid=fv-accuracy]').textContent(), /^지난 판매를 되짚어 예측해 보니 하루 평균 [\d.,]+개 빗나갔습니다/);
  assert.match(await card.locator('[data-testid=fv-rank]').textContent(), /^후보 \d+개 중 \d+위: /);
  const rows = card.locator('[data-testid=fv-candidates] tbody tr.ant-table-row');
  assert.ok(await rows.count() >= 2);
  assert.equal(await rows.filter({ hasText: '선택' }).count(), 1);
  assert.doesNotMatch(await card.textContent(), /\b(snaive|combo|dow|NaN|undefined)\b/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a product without history says why and still shows its stock plan', async (t) => {
  if (!ready || app.mock) return t.skip('server has no forecast view yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  const card = await openProduct(page, 'E2E-NEW');
  const missing = card.locator('[data-testid=fv-missing]');
  await missing.waitFor();
  assert.match(await missing.textContent(), /이력이 없어 예측하지 않았습니다/);
  await card.locator('[data-testid=fv-stock-chart] canvas').waitFor();
  await card.locator('[data-testid=fv-demand-chart] canvas').waitFor();
  assert.equal(await card.locator('[data-testid=fv-candidates]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('at 390 px the charts take the full width and the page does not scroll sideways', async (t) => {
  if (!ready || app.mock) return t.skip('server has no forecast view yet');
  const page = await newPage(browser, { width: 390, height: 844 });
  await uiLogin(page, app.url, 'manager');
  const card = await openProduct(page, 'E2E-FV');
  const chart = card.locator('[data-testid=fv-demand-chart]');
  await chart.waitFor();
  await card.locator('[data-testid=fv-candidates]').waitFor();
  const cardBox = await card.boundingBox();
  const chartBox = await chart.boundingBox();
  assert.ok(chartBox.width >= cardBox.width - 60, `chart ${chartBox.width}px in a ${cardBox.width}px card`);
  assert.ok(cardBox.width <= 390);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(sideways <= 0, `the page scrolls ${sideways}px sideways`);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'forecast-view-390');
  await card.screenshot({ path: path.join(SHOTS, 'forecast-view-card-390.png') });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
