// Browser tests of what a seller ran into: a quantity the form changed behind their back,
// menus and pages a role cannot use, the purchase cost shown to everyone, a staff member
// unable to undo their own mistake (and a confirmation cut off at the screen's edge), an
// upload's movements without who and when, counts in the wrong counter word, and an
// audit log full of raw data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, newPage, shot, SHOTS, startApp, uiLogin } from './helpers.mjs';

let app, browser, boss, staff;
const RAW = /[{}]|\[object Object\]|file_hash|import_batch|\b(rejected|preview|applied|outbound|inbound)\b/;

async function upload(c, name, text) {
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(text)], { type: 'text/csv' }), name);
  const res = await c.post('/api/imports', fd);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

before(async () => {
  app = await startApp();
  browser = await launch();
  if (app.mock) return;
  boss = await app.srv.login('boss');
  staff = await app.srv.login('staff');
  for (const [sku, name, cost] of [['QTY-1', '수량 확인 냄비', 0], ['REV-1', '되돌리기 확인 주걱', 0], ['COST-1', '단가 확인 상품', 12345]]) {
    const res = await boss.post('/api/products', { sku, name, unit_cost: cost });
    assert.equal(res.status, 201, res.text);
    assert.equal((await boss.post('/api/movements', { sku, type: 'inbound', qty: 10 })).status, 201);
  }
});
after(async () => { await browser?.close(); await app?.stop(); });

test('a negative or zero quantity is refused with a message and left as typed', async (t) => {
  if (app.mock) return t.skip('needs the real server');
  const before = (await boss.get('/api/movements?sku=QTY-1')).json.total;
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  await page.goto(app.url + '/products/QTY-1');
  await page.click('[data-testid=btn-outbound]');
  const modal = page.locator('.ant-modal:visible');
  for (const [typed, message] of [['-5', '수량은 1개 이상으로 입력하세요'], ['0', '수량은 1개 이상으로 입력하세요'],
    ['1.5', '수량은 소수점 없는 정수로 입력하세요']]) {
    await modal.locator('#qty').fill(typed);
    await modal.locator('button:has-text("저장")').click();
    await modal.locator('.ant-form-item-explain-error', { hasText: message }).waitFor();
    await modal.locator('#qty').blur();
    assert.equal(await modal.locator('#qty').inputValue(), typed, 'the box keeps what was typed');
  }
  await shot(page, 'seller-qty-refused');
  assert.equal((await boss.get('/api/movements?sku=QTY-1')).json.total, before, 'nothing was saved');
  assert.equal(await page.locator('.ant-message-success').count(), 0);
  // A right quantity goes through.
  await modal.locator('#qty').fill('3');
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-message >> text=출고 처리했습니다. 현재 재고 7개');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const role of ['viewer', 'staff']) {
  test(`${role}: the menu shows only screens the role can use`, async () => {
    const page = await newPage(browser);
    await uiLogin(page, app.url, role);
    const menu = await page.locator('[data-testid=main-menu]').textContent();
    assert.match(menu, /업로드 내역/);
    assert.equal(/입출고 엑셀/.test(menu), role === 'staff', menu);
    assert.doesNotMatch(menu, /관리|회원 관리|감사 로그|회사 설정/);
    await page.goto(app.url + '/templates');
    if (role === 'viewer') {
      await page.waitForSelector('[data-testid=forbidden] >> text=이 화면은 스태프 이상만 쓸 수 있습니다.');
      await shot(page, 'seller-viewer-templates-403');
    } else {
      await page.waitForSelector('[data-testid=template-download]');
    }
    await page.goto(app.url + '/audit');
    await page.waitForSelector('text=이 화면은 마스터만 쓸 수 있습니다.');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

for (const role of ['viewer', 'staff', 'manager']) {
  test(`${role}: 매입 단가 ${role === 'manager' ? 'shown' : 'hidden'} on the product page`, async (t) => {
    if (app.mock) return t.skip('needs the real server');
    const page = await newPage(browser);
    await uiLogin(page, app.url, role);
    await page.goto(app.url + '/products/COST-1');
    await page.waitForSelector('[data-testid=product-title] >> text=단가 확인 상품');
    await page.waitForSelector('text=최소 주문 수량');
    const text = await page.textContent('.app-content');
    assert.equal(/매입 단가/.test(text), role === 'manager');
    assert.equal(/12,345원/.test(text), role === 'manager');
    await page.context().close();
  });
}

test('staff undo their own movement of today; the confirmation stays on screen', async (t) => {
  if (app.mock) return t.skip('needs the real server');
  const own = await staff.post('/api/movements', { sku: 'REV-1', type: 'outbound', qty: 4, memo: '잘못 입력' });
  assert.equal(own.status, 201, own.text);
  const page = await newPage(browser, { width: 1280, height: 800 });
  await uiLogin(page, app.url, 'staff');
  await page.goto(app.url + '/products/REV-1');
  const table = page.locator('[data-testid=movement-table]');
  await table.locator('text=-4').waitFor();
  // Only the staff member's own row has the button; the master's inbound has none.
  assert.equal(await table.locator('[data-testid=movement-reverse]').count(), 1);
  const row = table.locator('tr', { hasText: '잘못 입력' });
  await row.locator('[data-testid=movement-reverse]').click();
  const pop = page.locator('.ant-popconfirm:visible, .ant-popover:visible').first();
  await pop.waitFor();
  await page.waitForTimeout(400); // let the opening animation finish before measuring
  const box = await pop.boundingBox();
  const vw = page.viewportSize().width;
  assert.ok(box.x >= 0 && box.x + box.width <= vw, `confirmation inside the screen: ${box.x}+${box.width} of ${vw}`);
  assert.equal(await page.locator('.ant-tooltip:visible').count(), 0, 'no tooltip over the button');
  assert.match(await pop.textContent(), /이 입출고를 되돌릴까요\?/);
  // the visible screen, as the seller sees it (a full-page shot resizes the page and
  // closes the confirmation)
  await page.screenshot({ path: path.join(SHOTS, 'seller-reverse-confirm.png') });
  await pop.locator('button', { hasText: '되돌리기' }).click();
  await page.waitForSelector('.ant-message >> text=되돌렸습니다. 현재 재고 10개');
  await table.locator(`text=되돌림: #`).first().waitFor();
  await table.locator('.ant-tag', { hasText: /^되돌리기$/ }).first().waitFor();
  assert.equal(await table.locator('[data-testid=movement-reverse]').count(), 0);
  await shot(page, 'seller-reversed');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an upload shows its movements with member, source, time and the whole memo', async (t) => {
  if (app.mock) return t.skip('needs the real server');
  const memo = '쿠팡 로켓그로스 입고분, 박스 3개 중 1개 파손 — 파손분은 반품 처리 예정이며 나머지는 정상 입고되었습니다 (이천 센터)';
  const pv = await upload(staff, '입고_확인.csv', `마스터 SKU,입고 수량,메모\nQTY-1,12,"${memo}"\n`);
  assert.equal((await staff.post(`/api/imports/${pv.id}/apply`, {})).status, 200);
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  await page.goto(`${app.url}/imports/${pv.id}`);
  const drawer = page.locator('.ant-drawer:visible');
  const table = drawer.locator('[data-testid=movement-table]');
  await table.waitFor();
  const text = await table.textContent();
  assert.match(text, /박준호/, 'who');
  assert.match(text, /엑셀 업로드/, 'source');
  assert.match(text, /\d{4}-\d\d-\d\d \d\d:\d\d/, 'when');
  const cell = table.locator('.memo-cell', { hasText: '이천 센터' });
  await cell.waitFor();
  assert.ok(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), 'the memo is not cut off');
  // and it reads as lines of text, not a column of single letters
  const box = await cell.boundingBox();
  assert.ok(box.width >= 200 && box.height <= 120, `memo cell ${box.width}×${box.height}`);
  // every column is on screen: the table needs no sideways scrolling in the drawer
  assert.ok(await table.locator('.ant-table-content').evaluate((el) => el.scrollWidth <= el.clientWidth + 1),
    'the whole table fits the drawer');
  // an import's rows cannot be reversed one by one: no empty action column for staff
  assert.equal(await table.locator('[data-testid=movement-reverse]').count(), 0);
  assert.ok((await cell.textContent()).includes(memo));
  await shot(page, 'seller-upload-detail');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a preview lists its problems in row order', async (t) => {
  if (app.mock) return t.skip('needs the real server');
  const pv = await upload(boss, '문제.csv', '마스터 SKU,입고 수량,출고 수량\nQTY-1,,999\nNOPE-1,1,\nQTY-1,-5,\n');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  await page.goto(`${app.url}/imports/${pv.id}`);
  const preview = page.locator('.ant-drawer:visible [data-testid=import-preview]');
  await preview.waitFor();
  const rows = await preview.locator('.row-error td:first-child').allTextContents();
  const nums = rows.map((r) => Number(r.replace(/[^0-9]/g, '')));
  assert.ok(nums.length >= 3, rows.join(','));
  assert.deepEqual(nums, [...nums].sort((a, b) => a - b));
  await page.context().close();
});

test('counts use their counter words: 상품 개, 회원 명, 공급처 곳', async () => {
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  for (const [path, re] of [['/products', /총 [\d,]+개/], ['/members', /총 [\d,]+명/], ['/suppliers', /총 [\d,]+곳/]]) {
    await page.goto(app.url + path);
    await page.waitForSelector('.page-head h1');
    await page.waitForFunction((p) => /총 [\d,]+/.test(document.querySelector('.page-head')?.textContent || ''), path);
    assert.match(await page.textContent('.page-head'), re, path);
  }
  await page.context().close();
});

test('the audit log reads as Korean sentences, not data', async (t) => {
  if (app.mock) return t.skip('needs the real server');
  await upload(boss, '틀린.csv', '마스터 SKU,입고 수량\nNOPE,1\n');
  const page = await newPage(browser, { width: 1440, height: 900 });
  await uiLogin(page, app.url, 'master');
  await page.goto(app.url + '/audit');
  const table = page.locator('[data-testid=audit-table]');
  await table.locator('[data-testid=audit-summary]').first().waitFor();
  const text = await table.textContent();
  assert.doesNotMatch(text, RAW);
  assert.match(text, /출고 4개 \(\d{4}-\d\d-\d\d\) 기록을 되돌렸습니다/);
  assert.match(text, /1행 \(정상 0, 경고 0, 오류 1\) · 오류로 보류/);
  assert.match(text, /업로드 #\d+ 틀린\.csv/);
  assert.match(text, /상품 COST-1 단가 확인 상품/);
  await shot(page, 'seller-audit');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
