// Browser test of the Excel template journey (박준호's morning): download the template,
// upload a file, read the preview (errors red, warnings orange, the diff), see 적용
// disabled while errors exist, apply a clean file, find it in 업로드 내역.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hasRoute, launch, newPage, shot, SHOTS, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = (await hasRoute(app, 'GET', '/api/templates/stock.xlsx')) && (await hasRoute(app, 'POST', '/api/imports'))
    && (await hasRoute(app, 'POST', '/api/products'));
});
after(async () => { await browser?.close(); await app?.stop(); });

const HEAD = '마스터 SKU,플레이오토 SKU,상품명,카테고리,세트 유무,입고 수량,출고 수량,처리일자,메모,현재 재고';

async function upload(page, name, content) {
  const file = path.join(SHOTS, name);
  fs.writeFileSync(file, content);
  await page.setInputFiles('[data-testid=template-drop] input[type=file]', file);
  await page.waitForSelector('[data-testid=import-preview]');
}

test('template download, preview with errors, apply a clean file', async (t) => {
  if (!ready) return t.skip('server has no template/import routes yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  const created = await page.evaluate(async () => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch('/api/products', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ sku: 'E2E-TPL', name: '템플릿 확인용 상품', kind: 'single' }) });
    return r.status;
  });
  assert.ok([200, 201].includes(created), `create product: ${created}`);

  await page.goto(app.url + '/templates');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=template-download]')]);
  const tpl = path.join(SHOTS, 'template.xlsx');
  await download.saveAs(tpl);
  assert.equal(fs.readFileSync(tpl).subarray(0, 2).toString(), 'PK', 'the template is an xlsx (zip) file');

  // A file with mistakes: an unknown SKU and a quantity that is not a number.
  await upload(page, 'stock-errors.csv', `\ufeff${HEAD}\nE2E-TPL,,템플릿 확인용 상품,,단품,3,,,,0\nNO-SUCH-SKU,,없는 상품,,단품,5,,,,0\nE2E-TPL,,템플릿 확인용 상품,,단품,열둘,,,,0\n`);
  const errors = Number((await page.textContent('[data-testid=import-errors] .ant-statistic-content-value')).replace(/[^0-9]/g, ''));
  assert.ok(errors > 0, 'the preview counts errors');
  assert.ok(await page.locator('[data-testid=import-apply]').isDisabled(), '적용 is disabled while errors exist');
  await page.waitForSelector('.row-error');
  assert.match(await page.textContent('[data-testid=import-preview]'), /[가-힣]/);
  await shot(page, 'template-preview-errors');

  // A clean file: 7 in.
  await page.click('text=다른 파일 올리기');
  await upload(page, 'stock-ok.csv', `\ufeff${HEAD}\nE2E-TPL,,템플릿 확인용 상품,,단품,7,,,,0\n`);
  assert.equal(await page.locator('[data-testid=import-apply]').isDisabled(), false);
  await page.click('text=반영될 변경');
  if (!app.mock) await page.waitForSelector('[data-testid=import-preview] >> text=E2E-TPL');
  await shot(page, 'template-preview-ok');
  await page.click('[data-testid=import-apply]');
  await page.locator('.ant-popconfirm button:has-text("적용")').click();
  await page.waitForSelector('text=재고에 반영했습니다.');
  if (!app.mock) {
    const onHand = await page.evaluate(async () => (await (await fetch('/api/products/E2E-TPL')).json()).on_hand);
    assert.equal(onHand, 7);
  }
  // The batch is in 업로드 내역 as applied.
  await page.goto(app.url + '/imports');
  await page.waitForSelector('text=stock-ok.csv');
  await page.waitForSelector('.ant-tag >> text=적용됨');
  await shot(page, 'imports');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a file that is not a spreadsheet: a Korean error in the preview, 적용 disabled', async (t) => {
  if (!ready || app.mock) return t.skip('needs the real server import route');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  await page.goto(app.url + '/templates');
  await upload(page, 'broken.xlsx', 'this is not a spreadsheet');
  await page.waitForSelector('.row-error');
  assert.match(await page.textContent('.row-error'), /[가-힣]/);
  assert.ok(await page.locator('[data-testid=import-apply]').isDisabled());
  // Rejected uploads are kept in 업로드 내역 too.
  await page.goto(app.url + '/imports');
  await page.waitForSelector('[data-testid=import-table] >> text=broken.xlsx');
  await page.waitForSelector('.ant-tag >> text=오류로 보류');
  await page.context().close();
});
