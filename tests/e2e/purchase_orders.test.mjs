// Browser tests of 발주: a manager writes a draft from the menu (a product without a quantity is
// caught), sends it, and downloads the 발주서; staff receive it with the lot and 소비기한 the
// snack needs (asked for when missing), the order shows 일부 입고 then 입고 완료, and the
// products' stock rose by what arrived; a receive whose answer was lost, sent again from the
// same dialog, is recognised and not received twice; the product page shows the open order
// and the observed lead times, and a manager adopts the median with 적용; a viewer reads
// without any write button; the list on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, ready = false, api;
before(async () => {
  app = await startApp();
  browser = await launch();
  ready = await hasRoute(app, 'GET', '/api/purchase-orders');
  if (!ready || app.mock) return;
  api = await app.srv.login('boss');
  const sup = await api.post('/api/suppliers', { name: '대성식품', lead_time_days: 15 });
  assert.equal(sup.status, 201, sup.text);
  for (const p of [
    { sku: 'E2E-POT', name: '스텐 냄비 24cm', supplier_id: sup.json.id, unit_cost: 15000 },
    { sku: 'E2E-COOKIE', name: '버터쿠키 선물용', supplier_id: sup.json.id, unit_cost: 3200, has_expiry: true },
  ]) assert.equal((await api.post('/api/products', p)).status, 201);
});
after(async () => { await browser?.close(); await app?.stop(); });

async function stock(sku) {
  return (await api.get(`/api/products/${sku}`)).json.on_hand;
}

// Opens the antd Select whose input has this id and picks the option with this text.
async function pick(page, scope, id, text, search) {
  await scope.locator('.ant-select', { has: page.locator(`#${id}`) }).click();
  if (search) await page.locator(`#${id}`).fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function pickDate(page, input, iso) {
  await input.click();
  await input.fill(iso);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' }).catch(() => {});
}

test('manager writes and sends an order; staff receive it with lot and 소비기한; stock rises', async (t) => {
  if (!ready || app.mock) return t.skip('server has no /api/purchase-orders yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.locator('[data-testid=main-menu] >> text="발주"').click();
  await page.waitForURL(/\/purchase-orders$/);
  await page.waitForSelector('text=발주서가 없습니다.');

  await page.click('[data-testid=po-new]');
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  await pick(page, modal, 'supplier_id', '대성식품');
  await pick(page, modal, 'lines_0_sku', 'E2E-POT', '냄비');
  await modal.locator('#lines_0_qty').fill('40');
  await page.click('[data-testid=po-add-line]');
  await pick(page, modal, 'lines_1_sku', 'E2E-COOKIE', 'COOKIE');
  // The quantity is missing: the form says so before anything is sent.
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-modal:visible >> text=수량을 입력하세요.');
  await modal.locator('#lines_1_qty').fill('120');
  await page.locator('.ant-modal:visible >> text=수량을 입력하세요.').waitFor({ state: 'detached' });
  await modal.locator('#memo').fill('설 선물 물량');
  // The amount follows the products' 매입 단가: 40 × 15,000 + 120 × 3,200.
  await modal.locator('text=984,000원').waitFor();
  await shot(page, 'po-form');
  await modal.locator('button:has-text("저장")').click();
  await page.waitForURL(/\/purchase-orders\/\d+$/);
  const id = Number(page.url().split('/').pop());
  await page.waitForSelector('[data-testid=po-status] >> text=작성 중');
  await page.waitForSelector('[data-testid=po-lines] >> text=버터쿠키 선물용');

  await page.click('[data-testid=po-send]');
  await page.locator('.ant-modal-confirm button:has-text("발주하기")').click();
  await page.waitForSelector('.ant-message >> text=발주했습니다.');
  await page.waitForSelector('[data-testid=po-status] >> text=발주 완료');
  assert.equal(await page.locator('[data-testid=po-edit]').count(), 0, 'a sent order is not edited');
  // The 발주서 downloads as a workbook.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=po-export]')]);
  assert.equal(dl.suggestedFilename(), `발주서-${id}.xlsx`);
  assert.equal(fs.readFileSync(await dl.path()).subarray(0, 2).toString(), 'PK');
  await shot(page, 'po-sent');
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // Staff receive: part of the pots, all the cookies (lot and 소비기한 required).
  const pot0 = await stock('E2E-POT'), cookie0 = await stock('E2E-COOKIE');
  const sp = await newPage(browser);
  await uiLogin(sp, app.url, 'staff');
  await sp.goto(app.url + '/purchase-orders');
  await sp.locator('[data-testid=po-table] tr', { hasText: `#${id}` }).click();
  await sp.waitForURL(new RegExp(`/purchase-orders/${id}$`));
  assert.equal(await sp.locator('[data-testid=po-send]').count(), 0);
  assert.equal(await sp.locator('[data-testid=po-cancel]').count(), 0);
  await sp.click('[data-testid=po-receive]');
  const rm = sp.locator('.ant-modal:visible');
  await rm.waitFor();
  assert.equal(await rm.locator('#lines_0_qty').inputValue(), '40'); // the remainder by default
  await rm.locator('#lines_0_qty').fill('25');
  await rm.locator('button:has-text("저장")').click();
  await sp.waitForSelector('.ant-modal:visible >> text=로트를 입력하세요.');
  await sp.waitForSelector('.ant-modal:visible >> text=소비기한을 입력하세요.');
  await rm.locator('#lines_1_lot').fill('LOT-2501');
  await pickDate(sp, rm.locator('#lines_1_expiry'), '2027-06-30');
  await shot(sp, 'po-receive');
  await rm.locator('button:has-text("저장")').click();
  await sp.waitForSelector('.ant-message >> text=입고 처리했습니다. 145개가 재고에 더해졌습니다.');
  await sp.waitForSelector('[data-testid=po-status] >> text=일부 입고');
  const receipts = sp.locator('[data-testid=po-receipts]');
  await receipts.locator('text=LOT-2501').waitFor();
  assert.match(await receipts.textContent(), /박준호/);
  assert.match(await receipts.textContent(), /리드타임 0일/);
  assert.equal(await stock('E2E-POT'), pot0 + 25);
  assert.equal(await stock('E2E-COOKIE'), cookie0 + 120);

  // The rest of the pots: the order is finished and the receive button goes away.
  await sp.click('[data-testid=po-receive]');
  await rm.waitFor();
  assert.equal(await rm.locator('[data-testid=receive-line]').count(), 1);
  assert.equal(await rm.locator('#lines_0_qty').inputValue(), '15');
  await rm.locator('button:has-text("저장")').click();
  // the ledger write and the order page's reload: give a loaded machine time
  await sp.waitForSelector('[data-testid=po-status] >> text=입고 완료', { timeout: 45000 });
  assert.equal(await sp.locator('[data-testid=po-receive]').count(), 0);
  assert.equal(await stock('E2E-POT'), pot0 + 40);

  // The product's ledger shows the receipt as 발주 입고 by the staff member.
  await sp.goto(app.url + '/products/E2E-COOKIE');
  const table = sp.locator('[data-testid=movement-table]');
  await table.locator('text=+120').waitFor();
  assert.match(await table.textContent(), /발주 입고/);
  assert.match(await table.textContent(), /LOT-2501/);
  await shot(sp, 'po-received-product');
  assert.deepEqual(sp.errors, []);
  await sp.context().close();
});

test('a receive whose answer was lost is not received twice when 저장 is pressed again', async (t) => {
  if (!ready || app.mock) return t.skip('server has no /api/purchase-orders yet');
  const sup = (await api.get('/api/suppliers')).json.items.find((s) => s.name === '대성식품').id;
  const po = await api.post('/api/purchase-orders', { supplier_id: sup, lines: [{ sku: 'E2E-POT', qty: 12 }] });
  assert.equal((await api.post(`/api/purchase-orders/${po.json.id}/order`, {})).status, 200);
  const pot0 = await stock('E2E-POT');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  await page.goto(`${app.url}/purchase-orders/${po.json.id}`);
  // The first request reaches the server, but its answer never comes back.
  let sent = 0;
  await page.route('**/receive', async (route) => {
    sent++;
    if (sent === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.click('[data-testid=po-receive]');
  const rm = page.locator('.ant-modal:visible');
  await rm.waitFor();
  await rm.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-message >> text=서버에 연결할 수 없습니다');
  assert.equal(await stock('E2E-POT'), pot0 + 12); // it was received once
  await rm.locator('button:has-text("저장")').click(); // the same dialog, the same key
  await page.waitForSelector('.ant-message >> text=이미 처리된 입고입니다. 재고는 한 번만 늘었습니다.');
  await page.waitForSelector('[data-testid=po-status] >> text=입고 완료');
  assert.equal(sent, 2);
  assert.equal(await stock('E2E-POT'), pot0 + 12);
  assert.equal((await api.get(`/api/purchase-orders/${po.json.id}`)).json.receipts.length, 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the product page shows open orders and observed lead times; a manager adopts the median', async (t) => {
  if (!ready || app.mock) return t.skip('server has no /api/purchase-orders yet');
  const sup = (await api.post('/api/suppliers', { name: 'NPK', lead_time_days: 120 })).json.id;
  assert.equal((await api.post('/api/products', { sku: 'E2E-LT', name: '수입 프라이팬', supplier_id: sup })).status, 201);
  let k = 0;
  for (const [od, rd] of [['2025-01-01', '2025-04-21'], ['2025-02-01', '2025-06-01'], ['2025-03-01', '2025-07-09']]) {
    const po = await api.post('/api/purchase-orders', { supplier_id: sup, lines: [{ sku: 'E2E-LT', qty: 10 }] });
    assert.equal((await api.post(`/api/purchase-orders/${po.json.id}/order`, { order_date: od })).status, 200);
    const r = await api.post(`/api/purchase-orders/${po.json.id}/receive`, { date: rd, lines: [{ sku: 'E2E-LT', qty: 10 }] },
      { 'Idempotency-Key': `e2e-lt-${++k}` });
    assert.equal(r.status, 201, r.text);
  }
  // Expected in 30 days (KST).
  const soon = new Date(Date.now() + 9 * 3600e3 + 30 * 86400e3).toISOString().slice(0, 10);
  const open = await api.post('/api/purchase-orders', { supplier_id: sup, expected_date: soon, lines: [{ sku: 'E2E-LT', qty: 300 }] });
  assert.equal((await api.post(`/api/purchase-orders/${open.json.id}/order`, {})).status, 200);

  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/products/E2E-LT');
  const orders = page.locator('[data-testid=open-orders]');
  await orders.locator(`text=#${open.json.id}`).waitFor();
  assert.match(await orders.textContent(), /300개/);
  assert.match(await orders.textContent(), new RegExp(`${soon}.*D-30`));
  assert.match(await orders.textContent(), /발주 완료/);
  const lead = page.locator('[data-testid=lead-times]');
  // 110, 120 and 130 days: median 120, like the entered one — nothing to adopt yet.
  await lead.locator('text=중앙값').first().waitFor();
  assert.match(await lead.textContent(), /지금 쓰는 리드타임: 120일/);
  assert.match(await lead.textContent(), /110~130일/);
  assert.equal(await lead.locator('[data-testid=lead-apply]').count(), 0);
  // A slower fourth delivery moves the median to 125 days.
  const po = await api.post('/api/purchase-orders', { supplier_id: sup, lines: [{ sku: 'E2E-LT', qty: 10 }] });
  await api.post(`/api/purchase-orders/${po.json.id}/order`, { order_date: '2025-04-01' });
  await api.post(`/api/purchase-orders/${po.json.id}/receive`, { date: '2025-08-19', lines: [{ sku: 'E2E-LT', qty: 10 }] }, { 'Idempotency-Key': 'e2e-lt-4' });
  await page.reload();
  await lead.locator('text=125일').first().waitFor();
  await shot(page, 'po-product-purchasing');
  await lead.locator('[data-testid=lead-apply]').first().click();
  await page.locator('.ant-popconfirm:visible button:has-text("적용")').click();
  await page.waitForSelector('.ant-message >> text=리드타임을 125일로 바꿨습니다.');
  await lead.locator('text=지금 쓰는 리드타임: 125일').waitFor();
  assert.equal((await api.get('/api/products/E2E-LT')).json.lead_time_days, 125);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // Staff see the cards without 적용.
  const sp = await newPage(browser);
  await uiLogin(sp, app.url, 'staff');
  await sp.goto(app.url + '/products/E2E-LT');
  await sp.locator('[data-testid=lead-times] >> text=중앙값').first().waitFor();
  assert.equal(await sp.locator('[data-testid=lead-apply]').count(), 0);
  await sp.context().close();
});

test('a viewer reads orders without write buttons; the list fits a phone', async (t) => {
  if (!ready || app.mock) return t.skip('server has no /api/purchase-orders yet');
  const d = await api.post('/api/purchase-orders', { supplier_id: (await api.get('/api/suppliers')).json.items[0].id, lines: [{ sku: 'E2E-POT', qty: 5 }] });
  assert.equal(d.status, 201, d.text);
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  await page.goto(app.url + '/purchase-orders');
  await page.waitForSelector('[data-testid=po-table] >> text=작성 중');
  assert.equal(await page.locator('[data-testid=po-new]').count(), 0);
  await page.goto(`${app.url}/purchase-orders/${d.json.id}`);
  await page.waitForSelector('[data-testid=po-title]');
  for (const b of ['po-edit', 'po-send', 'po-cancel', 'po-receive', 'po-close']) assert.equal(await page.locator(`[data-testid=${b}]`).count(), 0, b);
  assert.equal(await page.locator('[data-testid=po-export]').count(), 1);
  await page.context().close();

  const phone = await newPage(browser, { width: 390, height: 844 });
  await uiLogin(phone, app.url, 'staff');
  await phone.goto(app.url + '/purchase-orders');
  await phone.locator('[data-testid=po-list] >> text=입고 완료').first().waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page wider than the phone by ${overflow}px`);
  await shot(phone, 'po-list-phone');
  assert.deepEqual(phone.errors, []);
  await phone.context().close();
});
