// Browser tests of the product screens: create a product with field validation, record
// 입고 and 출고 on its page, see the movement history with the member's name; staff and
// viewer see only what their role allows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = (await hasRoute(app, 'GET', '/api/products')) && (await hasRoute(app, 'POST', '/api/movements'));
});
after(async () => { await browser?.close(); await app?.stop(); });

const onHand = async (page) => Number((await page.textContent('[data-testid=stat-onhand] .ant-statistic-content-value')).replace(/[^0-9-]/g, ''));

async function recordMovement(page, button, qty) {
  await page.click(`[data-testid=${button}]`);
  const modal = page.locator('.ant-modal:visible');
  await modal.locator('#qty').fill(String(qty));
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-message >> text=처리했습니다');
  await modal.waitFor({ state: 'hidden' });
}

test('manager creates a product, then records 입고 and 출고', async (t) => {
  if (!ready) return t.skip('server has no product/movement routes yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/products');
  await page.click('[data-testid=product-new]');
  const drawer = page.locator('.ant-drawer:visible');
  // Client-side validation first, in Korean.
  await drawer.locator('#sku').fill('E2E 001');
  await page.click('[data-testid=product-save]');
  await page.waitForSelector('text=SKU는 영문, 숫자, -, _ 만 쓸 수 있습니다.');
  await page.waitForSelector('.ant-drawer:visible >> text=필수 입력입니다.');
  await drawer.locator('#sku').fill('E2E-001');
  await drawer.locator('#name').fill('스텐 냄비 테스트 20cm');
  await drawer.locator('#safety_stock').fill('30');
  await page.click('[data-testid=product-save]');
  await page.waitForURL(/\/products\/E2E-001$/);
  await page.waitForSelector('[data-testid=product-title] >> text=스텐 냄비 테스트 20cm');
  assert.equal(await onHand(page), 0);

  await recordMovement(page, 'btn-inbound', 1200);
  await page.waitForFunction(() => document.querySelector('[data-testid=stat-onhand]')?.textContent?.includes('1,200'));
  await recordMovement(page, 'btn-outbound', 200);
  await page.waitForFunction(() => document.querySelector('[data-testid=stat-onhand]')?.textContent?.includes('1,000'));
  assert.equal(await onHand(page), 1000);

  // The history names the member and shows signed, separated quantities.
  const table = page.locator('[data-testid=movement-table]');
  await table.locator('text=+1,200').waitFor();
  await table.locator('text=-200').waitFor();
  assert.match(await table.textContent(), /이서연|manager/);
  assert.match(await table.textContent(), /입고/);
  assert.match(await table.textContent(), /출고/);

  // A second product with the same SKU: the server's field error appears under SKU.
  await page.goto(app.url + '/products');
  await page.click('[data-testid=product-new]');
  await page.locator('.ant-drawer:visible #sku').fill('E2E-001');
  await page.locator('.ant-drawer:visible #name').fill('중복');
  await page.click('[data-testid=product-save]');
  const fieldErr = page.locator('.ant-drawer:visible .ant-form-item-explain-error').first();
  await fieldErr.waitFor();
  assert.match(await fieldErr.textContent(), /[가-힣]/);
  await shot(page, 'product-duplicate-sku');

  // The list finds it by search and shows 1,000 with a thousands separator.
  await page.goto(app.url + '/products?q=E2E-001');
  await page.waitForSelector('[data-testid=product-table] >> text=E2E-001');
  assert.match(await page.textContent('[data-testid=product-table]'), /1,000/);
  await shot(page, 'product-list');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('staff records stock but cannot edit; viewer only reads', async (t) => {
  if (!ready) return t.skip('server has no product/movement routes yet');
  const boss = await newPage(browser);
  await uiLogin(boss, app.url, 'master');
  // Make sure a product exists (the first test may have been skipped by name filter).
  const res = await boss.evaluate(async () => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch('/api/products', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ sku: 'E2E-ROLE', name: '권한 확인용 상품', kind: 'single' }) });
    return r.status;
  });
  assert.ok(res === 201 || res === 200 || res === 409 || res === 400, `create status ${res}`);
  await boss.context().close();

  const staff = await newPage(browser);
  await uiLogin(staff, app.url, 'staff');
  await staff.goto(app.url + '/products/E2E-ROLE');
  await staff.waitForSelector('[data-testid=product-title]');
  assert.equal(await staff.locator('button:has-text("수정")').count(), 0);
  await recordMovement(staff, 'btn-inbound', 5);
  await staff.waitForFunction(() => document.querySelector('[data-testid=stat-onhand]')?.textContent?.includes('5'));
  await staff.context().close();

  const viewer = await newPage(browser);
  await uiLogin(viewer, app.url, 'viewer');
  await viewer.goto(app.url + '/products/E2E-ROLE');
  await viewer.waitForSelector('[data-testid=product-title]');
  assert.equal(await viewer.locator('[data-testid=btn-inbound]').count(), 0);
  assert.equal(await viewer.locator('button:has-text("수정")').count(), 0);
  await viewer.waitForSelector('[data-testid=movement-table] >> text=+5');
  await viewer.context().close();
});
