// The planning journey of a new seller, in the browser as a manager would walk it: bring in
// the sales history from before jaego (판매 이력), run a forecast (수요 예측) and watch it
// finish, see the order alert it raises (알림), correct the forecast with a reason on the
// product page (예측 수정), and find the corrected forecast in the suggested order sheet
// (추천 발주) and the correction in the product's 수정 이력.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hasRoute, launch, newPage, shot, SHOTS, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false;
const SKU = 'J-COFFEE';
const kstDate = (back) => new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);

before(async () => {
  app = await startApp();
  browser = await launch();
  ready = !app.mock && (await hasRoute(app, 'POST', '/api/sales-history')) &&
    (await hasRoute(app, 'POST', '/api/overrides/1/revert'));
  if (!ready) return;
  // The catalogue as a seller would have it: a supplier with a lead time of 10 days, the
  // product on the forecast-based safety stock, 400 on hand.
  const api = await app.srv.login('boss');
  const sup = await api.post('/api/suppliers', { name: '바다상사', lead_time_days: 10 });
  assert.equal(sup.status, 201, sup.text);
  const p = await api.post('/api/products', {
    sku: SKU, name: '원두 커피 1kg', supplier_id: sup.json.id, moq: 50, unit_cost: 12000,
    safety_stock_rule: 'forecast_lead_time', monthly_demand: 600, // the seller's guess until a forecast exists
  });
  assert.equal(p.status, 201, p.text);
  const mv = await api.post('/api/movements', { sku: SKU, type: 'inbound', qty: 400, date: kstDate(1) });
  assert.equal(mv.status, 201, mv.text);
});
after(async () => { await browser?.close(); await app?.stop(); });

/** 120 days of sales before today: about 30 a day, more on Mondays, fewer at weekends. */
function historyCsv() {
  const lines = ['\ufeff일자,마스터 SKU,출고 수량'];
  for (let back = 120; back >= 2; back--) {
    const dow = new Date(Date.parse(kstDate(back))).getUTCDay();
    const qty = dow === 1 ? 42 : dow === 0 || dow === 6 ? 14 : 30 + (back % 5);
    lines.push(`${kstDate(back)},${SKU},${qty}`);
  }
  return lines.join('\n') + '\n';
}

test('history in, forecast run, order alert, corrected forecast in the order sheet and the history', async (t) => {
  if (!ready) return t.skip('needs the real server with sales history and overrides');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');

  // 1. 판매 이력: upload and apply
  await page.click('.ant-menu >> text=판매 이력');
  await page.waitForSelector('[data-testid=sales-drop]');
  const file = path.join(SHOTS, 'journey-history.csv');
  fs.writeFileSync(file, historyCsv());
  await page.setInputFiles('[data-testid=sales-drop] input[type=file]', file);
  await page.waitForSelector('[data-testid=sales-preview]');
  await page.click('[data-testid=sales-apply]');
  await page.locator('.ant-popconfirm button:has-text("반영")').click();
  await page.waitForSelector('text=판매 이력을 반영했습니다.');
  await shot(page, 'journey-1-history');

  // 2. 수요 예측: run now and watch it finish without reloading
  await page.click('.ant-menu >> text=수요 예측');
  await page.waitForSelector('[data-testid=run-start]');
  await page.click('[data-testid=run-start]');
  await page.waitForSelector('[data-testid=run-latest] [data-testid=run-status]');
  await page.waitForSelector('[data-testid=run-latest] [data-status=done]', { timeout: 120000 });
  assert.match(await page.textContent('[data-testid=run-products]'), /^1개/);
  assert.ok((await page.locator('[data-testid=run-models] .ant-tag').count()) >= 1);
  await shot(page, 'journey-2-forecast');

  // 3. 알림: the order alert of the product (400 on hand, about 900 in 30 days, lead time
  // 10 days: below safety stock within days)
  await page.click('.ant-menu >> text=알림');
  await page.click('[data-testid=alerts-refresh]');
  const alert = page.locator('[data-testid=alert-table] tbody tr', { hasText: '원두 커피' }).filter({ hasText: '발주' });
  await alert.first().waitFor();
  assert.match(await alert.first().textContent(), /발주/);
  await shot(page, 'journey-3-alert');

  // 4. 예측 수정 on the product page: the next 30 days become 1,500 for a promotion
  await alert.first().locator('[data-testid=alert-product]').click();
  const card = page.locator('[data-testid=forecast-overrides]');
  await card.locator('[data-testid=ovr-total-30]').waitFor();
  await card.locator('input[data-testid=ovr-qty], [data-testid=ovr-qty] input').first().fill('1500');
  await card.locator('[data-testid=ovr-reason]').fill('12월 온라인 기획전');
  await card.locator('[data-testid=ovr-save]').click();
  await card.locator('[data-testid=ovr-total-30][data-overridden="1"]').waitFor();
  assert.match(await card.locator('[data-testid=ovr-total-30]').textContent(), /1,500개/);
  await shot(page, 'journey-4-override');

  // 5. 추천 발주: the corrected forecast is what the quantity stands on
  await page.click('.ant-menu >> text=추천 발주');
  const why = page.locator(`[data-testid=suggested-why-${SKU}]`);
  await why.waitFor();
  const text = await why.textContent();
  assert.match(text, /예측\(수정\) 1,500개/, text);
  // lead-time demand 1,500 × 10/30 = 500, safety stock 500 by the same rule, 400 on hand
  assert.equal(await page.locator(`[data-testid=suggested-qty-${SKU}]`).inputValue(), '600');
  assert.match(text, /→ 600개/, text);
  await shot(page, 'journey-5-suggested');

  // 6. the correction in the product's 수정 이력: who, the new value, the reason
  await page.goto(app.url + '/products/' + SKU);
  const history = page.locator('[data-testid=ovr-history] tbody tr.ant-table-row');
  await history.first().waitFor();
  const row = await history.first().textContent();
  assert.match(row, /이서연/);
  assert.match(row, /1,500개/);
  assert.match(row, /12월 온라인 기획전/);
  await shot(page, 'journey-6-history');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
