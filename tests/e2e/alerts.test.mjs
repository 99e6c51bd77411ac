// Browser test of 알림: a manager recomputes the alerts and a lot near its 소비기한 shows up
// with its product link, sentence and figures, counted in the header's bell and in its tab;
// staff acknowledge it (확인) and snooze it (다시 알림), after which it leaves the list and
// the bell, and the history (지난 알림) shows it; a viewer reads without the buttons; the
// master's 알림 보내기 settings refuse a bad webhook address under its field and send a test
// message to a webhook the test starts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, hookServer, hookUrl;
const hookBodies = [];

const kstDay = (days) => new Date(Date.now() + 9 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  app = await startApp();
  browser = await launch();
  hookServer = http.createServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += c; });
    req.on('end', () => { hookBodies.push(JSON.parse(b)); res.end('ok'); });
  });
  await new Promise((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${hookServer.address().port}/services/T/B/secret`;
  const mgr = await app.srv.login('manager');
  const staff = await app.srv.login('staff');
  let r = await mgr.post('/api/products', { sku: 'BT-01', name: '버터쿠키 선물상자', has_expiry: true, unit_cost: 3000 });
  assert.equal(r.status, 201, r.text);
  r = await staff.post('/api/movements', { sku: 'BT-01', type: 'inbound', qty: 120, lot: 'L-77', expiry: kstDay(6) });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await browser?.close(); await app?.stop(); hookServer?.close(); });

const bell = (page) => page.locator('[data-testid=alert-bell]');

test('a manager recomputes and sees the alert; staff acknowledge and snooze it', async () => {
  let page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.locator('[data-testid=main-menu] >> text=알림').click();
  await page.waitForURL(/\/alerts$/);
  await page.waitForSelector('text=열린 알림이 없습니다.');
  await page.click('[data-testid=alerts-refresh]');
  await page.waitForSelector('.ant-message >> text=새 알림 1건, 닫힌 알림 0건');
  const row = page.locator('[data-testid=alert-table] tbody tr', { hasText: 'BT-01' });
  await row.waitFor();
  assert.match(await row.textContent(), /소비기한이 임박한 로트 1개 \(120개\)/);
  assert.match(await row.textContent(), /참고/);
  await page.waitForFunction(() => document.querySelector('[data-testid=alert-bell]')?.getAttribute('aria-label') === '열린 알림 1건');
  await page.locator('[data-testid=alert-tabs] >> text=소비기한').click();
  await row.waitFor();
  await shot(page, 'alerts-manager');
  await page.context().close();

  page = await newPage(browser);
  await uiLogin(page, app.url, 'staff');
  await bell(page).click();
  await page.waitForURL(/\/alerts$/);
  const srow = page.locator('[data-testid=alert-table] tbody tr', { hasText: 'BT-01' });
  await srow.waitFor();
  assert.equal(await page.locator('[data-testid=alerts-refresh]').count(), 0, 'staff do not recompute');
  await srow.locator('[data-testid=alert-ack]').click();
  await page.waitForSelector('.ant-message >> text=확인했습니다.');
  await srow.locator('text=박준호 확인').waitFor();
  await srow.locator('[data-testid=alert-snooze]').click();
  await page.locator('.ant-dropdown-menu >> text=1시간 후').click();
  await page.waitForSelector('.ant-message >> text=다시 알립니다');
  await page.waitForSelector('text=열린 알림이 없습니다.');
  await page.waitForFunction(() => document.querySelector('[data-testid=alert-bell]')?.getAttribute('aria-label') === '열린 알림 0건');
  await page.click('[data-testid=include-snoozed]');
  await srow.locator('text=까지 숨김').waitFor();
  await page.locator('[data-testid=alert-tabs] >> text=지난 알림').click();
  const hrow = page.locator('[data-testid=alert-history] tbody tr', { hasText: 'BT-01' });
  await hrow.waitFor();
  assert.match(await hrow.textContent(), /확인함/);
  // the product link opens the product
  await hrow.locator('[data-testid=alert-product]').click();
  await page.waitForURL(/\/products\/BT-01$/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a viewer reads the alerts without the buttons; a phone shows the page', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await uiLogin(page, app.url, 'viewer');
  await page.goto(app.url + '/alerts');
  await page.click('[data-testid=include-snoozed]');
  await page.locator('[data-testid=alert-table] tbody tr', { hasText: 'BT-01' }).waitFor();
  assert.equal(await page.locator('[data-testid=alert-ack]').count(), 0);
  assert.equal(await page.locator('[data-testid=alert-snooze]').count(), 0);
  await shot(page, 'alerts-phone');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the master sets a webhook, sees a bad address refused, and sends a test message', async () => {
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  await page.goto(app.url + '/settings');
  await page.waitForSelector('[data-testid=alert-settings-form]');
  await page.fill('[data-testid=alert-webhook]', 'ftp://127.0.0.1/hook');
  await page.click('[data-testid=alert-settings-save]');
  await page.waitForSelector('[data-testid=alert-settings-form] >> text=웹훅 주소는 http:// 또는 https://로 시작하는 주소여야 합니다.');
  await page.fill('[data-testid=alert-webhook]', hookUrl);
  await page.click('[data-testid=alert-settings-save]');
  await page.waitForSelector('.ant-message >> text=알림 설정을 저장했습니다.');
  // the saved address shows only its start; the secret path never comes back
  const placeholder = await page.getAttribute('[data-testid=alert-webhook]', 'placeholder');
  assert.equal(placeholder, `http://127.0.0.1:${hookServer.address().port}/…`);
  await page.click('[data-testid=alert-test]');
  await page.waitForSelector('.ant-message >> text=테스트 알림을 보냈습니다: 웹훅');
  assert.match(hookBodies.at(-1).text, /테스트 알림/);
  await page.locator('[data-testid=alert-log] >> text=테스트 · 웹훅').waitFor();
  await shot(page, 'alerts-settings');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
