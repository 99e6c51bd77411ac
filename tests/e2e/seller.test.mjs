// Browser tests of what a seller's product table and receipts need: the supplier screen
// keeps 담당자, 연락처 and 이메일 apart (a phone typed into 담당자 is refused under the
// field).
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
