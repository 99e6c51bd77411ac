// Browser tests of what a seller's product table and receipts need: the supplier screen
// keeps 담당자, 연락처 and 이메일 apart (a phone typed into 담당자 is refused under the
// field); 제조사 is a product field of its own in the form, the list and its filter; the
// 입고 form of a product with expiry management asks for the expiry date or an explicit
// "소비기한 모름", which is recorded and shown with a warning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = !app.mock && (await hasRoute(app, 'POST', '/api/suppliers'));
});
after(async () => { await browser?.close(); await app?.stop(); });

// POST/PATCH as the logged-in member of page, with the session's CSRF token.
async function apiCall(page, method, url, body) {
  return page.evaluate(async ([m, u, b]) => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch(u, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: JSON.stringify(b) });
    return { status: r.status, json: await r.json() };
  }, [method, url, body]);
}

// Waits for the CSS transitions of an element (a drawer sliding in) to finish.
async function settled(locator) {
  await locator.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
}

// The text of each cell of the supplier table's row for `name`, keyed by column title.
async function supplierRow(page, name) {
  const table = page.locator('[data-testid=supplier-table]');
  const row = table.locator('tbody tr', { hasText: name });
  await row.waitFor();
  const heads = await table.locator('thead th').allTextContents();
  const cells = await row.locator('td').allTextContents();
  return Object.fromEntries(heads.map((h, i) => [h.trim(), (cells[i] || '').trim()]));
}

test('supplier screen: 담당자, 연락처 and 이메일 in their own columns', async (t) => {
  if (!ready) return t.skip('needs the real server');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/suppliers');
  await page.click('button:has-text("공급처 등록")');
  const modal = page.locator('.ant-modal:visible');
  await modal.locator('#name').fill('리빙하우스');
  // Everything in 담당자, as the old demo did: the server's message appears under it.
  await modal.locator('#supplier-contact').fill('02-000-1111 김대리');
  await modal.locator('button:has-text("저장")').click();
  const err = modal.locator('.ant-form-item-explain-error', { hasText: '연락처' });
  await err.waitFor();
  assert.match(await err.textContent(), /담당자에는 이름만/);
  await shot(page, 'supplier-contact-refused');

  await modal.locator('#supplier-contact').fill('김대리');
  await modal.locator('#supplier-phone').fill('02-000-1111');
  await modal.locator('#supplier-email').fill('order@livinghouse.example');
  await modal.locator('button:has-text("저장")').click();
  await modal.waitFor({ state: 'hidden' });
  const row = await supplierRow(page, '리빙하우스');
  assert.equal(row['담당자'], '김대리');
  assert.equal(row['연락처'], '02-000-1111');
  assert.equal(row['이메일'], 'order@livinghouse.example');
  await shot(page, 'suppliers');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('product form and list: 제조사 apart from 공급처, with a list filter', async (t) => {
  if (!ready) return t.skip('needs the real server');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/products');
  const other = await apiCall(page, 'POST', '/api/products', { sku: 'MK-OTHER', name: '원목 도마', manufacturer: '한결키친', supplier: '리빙하우스' });
  assert.equal(other.status, 201);
  await page.reload();
  await page.click('[data-testid=product-new]');
  const drawer = page.locator('.ant-drawer:visible');
  await drawer.locator('#sku').fill('MK-E2E');
  await drawer.locator('#name').fill('스텐 텀블러 500ml');
  await drawer.locator('#manufacturer').fill('스텐마을');
  await settled(drawer.locator('.ant-drawer-content-wrapper'));
  await shot(page, 'product-form-manufacturer');
  await page.click('[data-testid=product-save]');
  await page.waitForURL(/\/products\/MK-E2E$/);
  await page.waitForSelector('.ant-descriptions-item >> text=제조사');
  const desc = await page.textContent('.ant-descriptions');
  assert.match(desc, /제조사\s*스텐마을/);

  // The list shows 제조사 and 공급처 side by side and filters by 제조사.
  await page.goto(app.url + '/products');
  await page.waitForSelector('[data-testid=product-table] >> text=MK-OTHER');
  const heads = await page.locator('[data-testid=product-table] thead th').allTextContents();
  assert.ok(heads.includes('제조사') && heads.includes('공급처'), heads.join('|'));
  await page.click('[data-testid=filter-manufacturer]');
  await page.click('.ant-select-item-option[title="스텐마을"]');
  await page.waitForSelector('.ant-select-dropdown', { state: 'hidden' });
  await page.waitForFunction(() => !document.querySelector('[data-testid=product-table]')?.textContent?.includes('MK-OTHER'));
  const rows = await page.locator('[data-testid=product-table] tbody tr.ant-table-row').allTextContents();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /MK-E2E/);
  assert.match(rows[0], /스텐마을/);
  await shot(page, 'product-list-manufacturer');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('입고 of a dated product: expiry date or an explicit "unknown", shown with a warning', async (t) => {
  if (!ready) return t.skip('needs the real server');
  // A manager sets the product up; staff (박준호) records the receipts.
  const mgr = await newPage(browser);
  await uiLogin(mgr, app.url, 'manager');
  assert.equal((await apiCall(mgr, 'POST', '/api/products', { sku: 'SN-E2E', name: '수제 버터쿠키', has_expiry: true })).status, 201);
  await mgr.context().close();
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  await page.goto(app.url + '/products/SN-E2E');
  await page.click('[data-testid=btn-inbound]');
  const modal = page.locator('.ant-modal:visible');
  await modal.locator('#qty').fill('12');
  await modal.locator('button:has-text("저장")').click();
  // Refused before it leaves the browser, under the field, in Korean.
  const err = modal.locator('.ant-form-item-explain-error', { hasText: '소비기한' });
  await err.waitFor();
  assert.match(await err.textContent(), /소비기한 모름/);
  await settled(modal);
  await shot(page, 'inbound-expiry-required');

  // With a date: recorded.
  await modal.locator('#expiry').click();
  await modal.locator('#expiry').fill('2027-03-31');
  await page.keyboard.press('Enter');
  await modal.locator('#lot').fill('L-0331');
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-message >> text=처리했습니다');
  await modal.waitFor({ state: 'hidden' });

  // "소비기한 모름": the date is disabled, a warning says what it means, and the ledger marks it.
  await page.click('[data-testid=btn-inbound]');
  await modal.locator('#qty').fill('5');
  await modal.locator('[data-testid=expiry-unknown]').click();
  await modal.locator('[data-testid=expiry-unknown-warning]').waitFor();
  assert.ok(await modal.locator('#expiry').isDisabled());
  await settled(modal);
  await shot(page, 'inbound-expiry-unknown');
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-message-notice >> text=소비기한을 모르는 입고로 기록했습니다');
  await modal.waitFor({ state: 'hidden' });
  const table = page.locator('[data-testid=movement-table]');
  await table.locator('.ant-tag', { hasText: '소비기한 모름' }).waitFor();
  await table.locator('.ant-tag', { hasText: '2027' }).waitFor();
  assert.match(await page.textContent('[data-testid=stat-onhand]'), /17/);
  await shot(page, 'movements-expiry-unknown');
  const moves = await page.evaluate(async () => (await (await fetch('/api/movements?sku=SN-E2E')).json()).items);
  assert.deepEqual(moves.map((m) => [m.qty, m.expiry, m.lot, m.expiry_unknown]),
    [[5, null, null, true], [12, '2027-03-31', 'L-0331', false]]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
