// Browser tests of 추천 발주 and the planning card: a manager opens 추천 발주 from the menu,
// sees the products to order grouped by supplier with the reason in one sentence, changes a
// quantity, unticks a line and makes the drafts ("발주서 만들기": one draft per supplier through
// the purchase-order route), which hold exactly the ticked lines and the edited quantity; the
// product page's planning card says which safety-stock rule applies, its sentence and the
// suggested quantity; staff do not see the menu entry and get the 403 page; the master sets
// the planning settings in 회사 설정.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false, api;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = await hasRoute(app, 'GET', '/api/purchase-orders/suggested');
  if (!ready || app.mock) return;
  api = await app.srv.login('boss');
  const sup = async (body) => {
    const r = await api.post('/api/suppliers', body);
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const hanbit = await sup({ name: '한빛상사', lead_time_days: 15 });
  const daesung = await sup({ name: '대성식품', lead_time_days: 5 });
  for (const [p, stock] of [
    [{ sku: 'E2E-POT', name: '스텐 냄비', supplier_id: hanbit, monthly_demand: 3000, unit_cost: 12000 }, 800],
    [{ sku: 'E2E-PAN', name: '프라이팬', supplier_id: hanbit, monthly_demand: 3000, unit_cost: 10000, moq: 2500 }, 800],
    [{ sku: 'E2E-COOKIE', name: '버터쿠키', supplier_id: daesung, monthly_demand: 600, unit_cost: 2500 }, 50],
  ]) {
    const r = await api.post('/api/products', { safety_stock_rule: 'forecast_lead_time', ...p });
    assert.equal(r.status, 201, r.text);
    assert.equal((await api.post('/api/movements', { sku: p.sku, type: 'inbound', qty: stock })).status, 201);
  }
});
after(async () => { await browser?.close(); await app?.stop(); });

test('manager edits the suggested sheet and makes one draft per supplier', async (t) => {
  if (!ready || app.mock) return t.skip('server has no suggested order sheet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.locator('[data-testid=main-menu] >> text=추천 발주').click();
  await page.waitForURL(/\/purchase-orders\/suggested$/);
  await page.waitForSelector('[data-testid=suggested-why-E2E-POT] >> text=월 수요 3,000개, 리드타임 15일, 안전재고 1,500개, 현재 800개 → 2,200개');
  await page.waitForSelector('[data-testid=suggested-why-E2E-PAN] >> text=최소 주문 수량 2,500개 적용');
  const groups = await page.locator('[data-testid^=suggested-group-] .ant-card-head-title').allTextContents();
  assert.deepEqual(groups.map((g) => g.replace(/\d+$/, '')), ['대성식품', '한빛상사']);
  await shot(page, 'suggested-sheet');

  // 2,200 → 2,000 for the pot; the pan is left for later.
  const qty = page.locator('input[data-testid=suggested-qty-E2E-POT], [data-testid=suggested-qty-E2E-POT] input').first();
  await qty.fill('2000');
  await qty.press('Tab');
  await page.locator('tr', { hasText: 'E2E-PAN' }).locator('.ant-checkbox-input').uncheck();
  const before = (await api.get('/api/purchase-orders?status=draft')).json.total;
  await page.click('[data-testid=suggested-make]');
  await page.waitForSelector('[data-testid=suggested-made] >> text=발주서 2건을 작성 중으로 만들었습니다.');
  await shot(page, 'suggested-made');
  const drafts = (await api.get('/api/purchase-orders?status=draft')).json;
  assert.equal(drafts.total, before + 2);
  const orders = await Promise.all(drafts.items.slice(0, 2).map((o) => api.get(`/api/purchase-orders/${o.id}`).then((r) => r.json)));
  const bySupplier = Object.fromEntries(orders.map((o) => [o.supplier.name, o.lines.map((l) => [l.sku, l.qty])]));
  assert.deepEqual(bySupplier, { 한빛상사: [['E2E-POT', 2000]], 대성식품: [['E2E-COOKIE', 150]] });
  // a link opens the draft
  await page.locator('[data-testid=suggested-made] a', { hasText: '한빛상사' }).click();
  await page.waitForURL(/\/purchase-orders\/\d+$/);
  await page.waitForSelector('[data-testid=po-status] >> text=작성 중');
});

test('the product page says which rule applies, its sentence and what to order', async (t) => {
  if (!ready || app.mock) return t.skip('server has no planning view');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  await page.goto(app.url + '/products/E2E-POT');
  const card = page.locator('[data-testid=planning-card]');
  await card.waitFor();
  await card.locator('text=예측 × 리드타임').first().waitFor();
  await card.locator('[data-testid=plan-safety-text] >> text=월 수요 3,000개 × 리드타임 15일 ÷ 30 = 1,500개').waitFor();
  await card.locator('[data-testid=plan-suggestion-text] >> text=→ 2,200개').waitFor();
  await card.locator('[data-testid=plan-timing-text] >> text=지금 발주하세요').waitFor();
  await shot(page, 'planning-card');
});

test('staff have no 추천 발주: no menu entry, and the 403 page', async (t) => {
  if (!ready || app.mock) return t.skip('server has no suggested order sheet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  await page.waitForSelector('[data-testid=main-menu] >> text=발주');
  assert.equal(await page.locator('[data-testid=main-menu] >> text=추천 발주').count(), 0);
  await page.goto(app.url + '/purchase-orders/suggested');
  await page.waitForSelector('[data-testid=forbidden]');
});

test('the master sets the planning settings in 회사 설정', async (t) => {
  if (!ready || app.mock) return t.skip('server has no planning settings');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  await page.goto(app.url + '/settings');
  const card = page.locator('[data-testid=planning-settings]');
  await card.locator('input[data-testid=plan-review_days], [data-testid=plan-review_days] input').first().fill('7');
  await card.locator('input[data-testid=plan-service_level], [data-testid=plan-service_level] input').first().fill('97.5');
  await card.locator('[data-testid=plan-settings-save]').click();
  await page.waitForSelector('.ant-message >> text=회사 설정을 저장했습니다.');
  const org = (await api.get('/api/org')).json;
  assert.equal(org.review_days, 7);
  assert.equal(org.service_level, 97.5);
  await shot(page, 'planning-settings');
  assert.equal((await api.patch('/api/org', { review_days: 0, service_level: 95 })).status, 200);
});
