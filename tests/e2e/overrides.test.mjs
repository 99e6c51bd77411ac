// Browser tests of 예측 수정: after a forecast run, a manager corrects the next 30 days' total
// on the product page with a reason; the 30-day total is marked 수정됨 with the model's
// figure beside it, the correction stands in 적용 중인 수정 and the 수정 이력 shows who, the
// old and new value and the reason; 되돌리기 (with its own reason) brings the model back and
// adds a 되돌림 row. A correction without a reason is caught by the form. Staff and viewers
// see the totals but no form, no history and no 되돌리기.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false, api;
const kstDate = (back) => new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  app = await startApp();
  browser = await launch();
  ready = await hasRoute(app, 'POST', '/api/overrides/1/revert');
  if (!ready || app.mock) return;
  api = await app.srv.login('boss');
  assert.equal((await api.post('/api/products', { sku: 'E2E-TEA', name: '녹차 티백 50개입', moq: 100 })).status, 201);
  const mv = (body) => api.post('/api/movements', { sku: 'E2E-TEA', ...body });
  assert.equal((await mv({ type: 'inbound', qty: 3000, date: kstDate(60) })).status, 201);
  for (let back = 1; back <= 45; back++) {
    const r = await mv({ type: 'outbound', qty: 3 + (back % 7 === 0 ? 5 : back % 2), date: kstDate(back) });
    assert.equal(r.status, 201, r.text);
  }
  const run = await api.post('/api/forecast-runs');
  assert.ok([200, 202].includes(run.status), run.text);
  for (let i = 0; i < 2400; i++) {
    const r = (await api.get(`/api/forecast-runs/${run.json.id}`)).json;
    if (r.status === 'done') break;
    assert.notEqual(r.status, 'failed', r.error);
    await sleep(50);
  }
  assert.equal((await api.get('/api/products/E2E-TEA/forecast')).status, 200);
});
after(async () => { await browser?.close(); await app?.stop(); });

test('a manager corrects the 30-day forecast, sees it marked and in the history, then reverts it', async (t) => {
  if (!ready || app.mock) return t.skip('server has no overrides yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/products/E2E-TEA');
  const card = page.locator('[data-testid=forecast-overrides]');
  await card.waitFor();
  const total30 = card.locator('[data-testid=ovr-total-30]');
  await total30.waitFor();
  assert.equal(await total30.getAttribute('data-overridden'), '0');
  assert.match(await card.textContent(), /아직 수정 이력이 없습니다/);

  // no reason: the form says so and nothing is sent
  await card.locator('input[data-testid=ovr-qty], [data-testid=ovr-qty] input').first().fill('1234');
  await card.locator('[data-testid=ovr-save]').click();
  await card.locator('text=사유를 입력하세요.').waitFor();
  assert.match(await card.locator('[data-testid=ovr-history]').textContent(), /아직 수정 이력이 없습니다/);

  await card.locator('[data-testid=ovr-reason]').fill('추석 선물 세트 행사');
  await card.locator('[data-testid=ovr-save]').click();
  await page.locator('text=수정했습니다. 수정 이력에 남았습니다.').waitFor();
  await card.locator('[data-testid=ovr-total-30][data-overridden="1"]').waitFor();
  const marked = await total30.textContent();
  assert.match(marked, /수정됨/);
  assert.match(marked, /1,234개/);
  assert.match(marked, /모델 예측 \d/);
  assert.equal(await card.locator('[data-testid=ovr-total-60][data-overridden="1"]').count(), 1);
  const standing = card.locator('[data-testid=ovr-standing]');
  await standing.waitFor();
  assert.match(await standing.textContent(), /다음 30일 합계.*1,234개/);
  const history = card.locator('[data-testid=ovr-history] tbody tr.ant-table-row');
  assert.equal(await history.count(), 1);
  const row = await history.first().textContent();
  assert.match(row, /이서연/);
  assert.match(row, /1,234개/);
  assert.match(row, /추석 선물 세트 행사/);
  assert.match(row, /적용 중/);
  await shot(page, 'overrides-marked');

  await standing.locator('[data-testid=ovr-revert]').click();
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  await page.click('#ovr-revert-ok');
  await modal.locator('text=사유를 입력하세요.').waitFor(); // a revert needs its reason too
  await modal.locator('[data-testid=ovr-revert-reason]').fill('행사 취소');
  await shot(page, 'overrides-revert');
  await page.click('#ovr-revert-ok');
  await page.locator('text=되돌렸습니다.').waitFor();
  await card.locator('[data-testid=ovr-total-30][data-overridden="0"]').waitFor();
  await card.locator('text=적용 중인 수정이 없습니다.').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=ovr-history] tbody tr.ant-table-row').length === 2);
  const top = await history.first().textContent();
  assert.match(top, /되돌림/);
  assert.match(top, /행사 취소/);
  assert.match(top, /김민지|이서연/);
  assert.match(await history.nth(1).textContent(), /되돌림/); // the correction's status
  await shot(page, 'overrides-reverted');
  assert.deepEqual(page.errors, []);
});

test('the order quantity below the MOQ is saved with a warning', async (t) => {
  if (!ready || app.mock) return t.skip('server has no overrides yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  await page.goto(app.url + '/products/E2E-TEA');
  const card = page.locator('[data-testid=forecast-overrides]');
  await card.locator('[data-testid=ovr-total-30]').waitFor();
  await card.locator('[data-testid=ovr-kind] >> text=추천 발주량').click();
  await card.locator('text=최소 주문 수량(MOQ)은 100개입니다.').waitFor();
  await card.locator('input[data-testid=ovr-qty], [data-testid=ovr-qty] input').first().fill('40');
  await card.locator('[data-testid=ovr-reason]').fill('샘플만 받기');
  await card.locator('[data-testid=ovr-save]').click();
  await page.locator('text=최소 주문 수량(MOQ) 100개보다 적습니다').waitFor();
  await card.locator('[data-testid=ovr-standing] >> text=추천 발주량').waitFor();
  assert.match(await card.locator('[data-testid=ovr-history] tbody tr.ant-table-row').first().textContent(), /계산값.*40개/);
  await shot(page, 'overrides-order-qty');
  assert.deepEqual(page.errors, []);
});

test('a corrected forecast and order quantity show in 추천 발주 with their reason sentence', async (t) => {
  if (!ready || app.mock) return t.skip('server has no overrides yet');
  if (!(await hasRoute(app, 'GET', '/api/purchase-orders/suggested'))) return t.skip('no suggested order sheet yet');
  // a wholesale shipment today leaves little on hand (today is not history: the forecast stays)
  assert.equal((await api.patch('/api/products/E2E-TEA', { lead_time_days: 10 })).status, 200);
  assert.equal((await api.post('/api/movements', { sku: 'E2E-TEA', type: 'outbound', qty: 2700 })).status, 201);
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/products/E2E-TEA');
  const card = page.locator('[data-testid=forecast-overrides]');
  await card.locator('[data-testid=ovr-total-30]').waitFor();
  await card.locator('[data-testid=ovr-window] >> text=다음 60일').click();
  await card.locator('input[data-testid=ovr-qty], [data-testid=ovr-qty] input').first().fill('6000');
  await card.locator('[data-testid=ovr-reason]').fill('대형마트 입점');
  await card.locator('[data-testid=ovr-save]').click();
  await card.locator('[data-testid=ovr-total-60][data-overridden="1"]').waitFor();
  assert.match(await card.locator('[data-testid=ovr-total-60]').textContent(), /6,000개/);

  await page.goto(app.url + '/purchase-orders/suggested');
  const why = page.locator('[data-testid=suggested-why-E2E-TEA]');
  await why.waitFor();
  const text = await why.textContent();
  assert.match(text, /예측\(수정\)/); // the corrected forecast
  assert.match(text, /수정한 발주량 40개/); // the order quantity corrected in the test before
  assert.equal(await page.locator('[data-testid=suggested-qty-E2E-TEA]').inputValue(), '40');
  await shot(page, 'overrides-suggested');
  assert.deepEqual(page.errors, []);
});

for (const role of ['staff', 'viewer']) {
  test(`${role}: sees the totals but cannot correct, read the history or revert`, async (t) => {
    if (!ready || app.mock) return t.skip('server has no overrides yet');
    const page = await newPage(browser);
    await uiLogin(page, app.url, role);
    await page.goto(app.url + '/products/E2E-TEA');
    const card = page.locator('[data-testid=forecast-overrides]');
    await card.locator('[data-testid=ovr-total-30]').waitFor();
    assert.match(await card.textContent(), /매니저 이상만/);
    for (const id of ['ovr-form', 'ovr-history', 'ovr-revert', 'ovr-save']) {
      assert.equal(await card.locator(`[data-testid=${id}]`).count(), 0, `${id} for ${role}`);
    }
    await shot(page, `overrides-${role}`);
    assert.deepEqual(page.errors, []);
  });
}
