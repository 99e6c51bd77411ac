// Browser test of the sales-history journey (판매 이력): a manager downloads the example
// file, uploads a file with a problem row (highlighted, 반영 disabled), uploads a clean file
// and applies it, finds the batch in the list, sees the history on the product page apart
// from 입출고 내역, and undoes the batch; a viewer reads the page without the upload box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hasRoute, launch, newPage, shot, SHOTS, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = !app.mock && (await hasRoute(app, 'POST', '/api/sales-history'));
});
after(async () => { await browser?.close(); await app?.stop(); });

/** The KST date `back` days before today. */
function kstDate(back) {
  return new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
}

async function upload(page, name, content) {
  const file = path.join(SHOTS, name);
  fs.writeFileSync(file, content);
  await page.setInputFiles('[data-testid=sales-drop] input[type=file]', file);
  await page.waitForSelector('[data-testid=sales-preview]');
}

test('upload with a problem row, apply a clean file, see it on the product page, undo', async (t) => {
  if (!ready) return t.skip('needs the real server and its sales-history routes');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  const created = await page.evaluate(async () => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch('/api/products', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ sku: 'E2E-SALE', name: '판매 이력 상품', kind: 'single' }) });
    return r.status;
  });
  assert.equal(created, 201);

  await page.goto(app.url + '/sales-history');
  await page.waitForSelector('[data-testid=sales-drop]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=sales-example]')]);
  const example = path.join(SHOTS, 'sales-example.csv');
  await download.saveAs(example);
  assert.match(fs.readFileSync(example, 'utf8'), /일자,마스터 SKU,출고 수량/);
  await shot(page, 'sales-history-empty');

  // a file with an unknown SKU and a box count
  await upload(page, 'sales-errors.csv',
    `\ufeff일자,마스터 SKU,출고 수량\n${kstDate(3)},E2E-SALE,4\n${kstDate(2)},NO-SUCH,1\n${kstDate(1)},E2E-SALE,3박스\n`);
  const errors = Number((await page.textContent('[data-testid=sales-errors] .ant-statistic-content-value')).replace(/[^0-9]/g, ''));
  assert.equal(errors, 2);
  await page.waitForSelector('[data-testid=sales-problems] .row-error');
  assert.match(await page.textContent('[data-testid=sales-problems]'), /3행: 마스터 SKU 'NO-SUCH'에 해당하는 상품이 없습니다/);
  assert.match(await page.textContent('[data-testid=sales-problems]'), /4행: .*단위/);
  assert.ok(await page.locator('[data-testid=sales-apply]').isDisabled(), '반영 is disabled while errors exist');
  await shot(page, 'sales-history-errors');

  // a clean file: 4 + 5 + 6
  await page.click('text=다른 파일 올리기');
  await upload(page, 'sales-ok.csv',
    `\ufeff일자,마스터 SKU,출고 수량\n${kstDate(3)},E2E-SALE,4\n${kstDate(2)},E2E-SALE,5개\n${kstDate(1)},E2E-SALE,6\n`);
  assert.equal(await page.locator('[data-testid=sales-apply]').isDisabled(), false);
  await page.click('text=상품별 합계 1');
  await page.waitForSelector('[data-testid=sales-products] >> text=E2E-SALE');
  await shot(page, 'sales-history-preview');
  await page.click('[data-testid=sales-apply]');
  await page.locator('.ant-popconfirm button:has-text("반영")').click();
  await page.waitForSelector('text=판매 이력을 반영했습니다.');
  await page.waitForSelector('[data-testid=sales-batches] .ant-tag >> text=반영됨');
  await shot(page, 'sales-history-applied');

  // the product page shows it apart from 입출고 내역; stock is untouched
  await page.goto(app.url + '/products/E2E-SALE');
  await page.waitForSelector('[data-testid=product-sales-history]');
  assert.equal(await page.textContent('[data-testid=product-sales-total]'), '15개');
  assert.match(await page.textContent('[data-testid=stat-onhand]'), /0/);
  await shot(page, 'sales-history-product');

  // undo from the list: the product page has no history again
  await page.goto(app.url + '/sales-history');
  const undo = page.locator('[data-testid^=sales-undo-]').first();
  await undo.click();
  await page.locator('.ant-popconfirm button:has-text("되돌리기")').click();
  await page.waitForSelector('text=판매 이력을 되돌렸습니다.');
  await page.waitForSelector('[data-testid=sales-batches] .ant-tag >> text=되돌림');
  await page.goto(app.url + '/products/E2E-SALE');
  await page.waitForSelector('[data-testid=product-sales-history] >> text=올린 판매 이력이 없습니다.');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a viewer reads the list without the upload box', async (t) => {
  if (!ready) return t.skip('needs the real server and its sales-history routes');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  await page.click('.ant-menu >> text=판매 이력');
  await page.waitForSelector('[data-testid=sales-batches]');
  assert.equal(await page.locator('[data-testid=sales-drop]').count(), 0);
  await page.waitForSelector('text=판매 이력은 매니저 이상만 올리고 반영할 수 있습니다.');
  assert.equal(await page.locator('[data-testid^=sales-undo-]').count(), 0);
  await shot(page, 'sales-history-viewer');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
