// Browser tests of the login page: Korean text, the server's Korean error on a wrong
// password, the session surviving a reload, logout, and 401 → back to the login page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, PASSWORD, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser;
before(async () => { app = await startApp(); browser = await launch(); });
after(async () => { await browser?.close(); await app?.stop(); });

test('login page renders in Korean', async () => {
  const page = await newPage(browser);
  await page.goto(app.url + '/products');
  await page.waitForURL(/\/login/);
  await page.waitForSelector('#login');
  const text = await page.textContent('body');
  assert.match(text, /로그인/);
  assert.match(text, /아이디/);
  assert.match(text, /비밀번호/);
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  await shot(page, 'login');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('empty fields show Korean validation messages', async () => {
  const page = await newPage(browser);
  await page.goto(app.url + '/login');
  await page.click('button[type=submit]');
  await page.waitForSelector('text=아이디를 입력하세요.');
  await page.waitForSelector('text=비밀번호를 입력하세요.');
  await page.context().close();
});

test('wrong password shows the Korean error from the server', async () => {
  const page = await newPage(browser);
  await page.goto(app.url + '/login');
  await page.waitForSelector('#login');
  await page.fill('#login', 'boss');
  await page.fill('#password', 'not-the-password');
  await page.click('button[type=submit]');
  const err = await page.waitForSelector('[data-testid=login-error]');
  const msg = await err.textContent();
  assert.match(msg, /[가-힣]/, `expected a Korean message, got ${msg}`);
  assert.equal(new URL(page.url()).pathname, '/login');
  await shot(page, 'login-wrong-password');
  await page.context().close();
});

test('login, reload keeps the session, logout returns to the login page', async () => {
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master', PASSWORD);
  assert.match(await page.textContent('[data-testid=user-chip]'), /마스터/);
  await page.reload();
  await page.waitForSelector('[data-testid=user-chip]');
  await page.click('[data-testid=user-chip]');
  await page.click('text=로그아웃');
  await page.waitForSelector('#login');
  // The session is gone on the server too: a protected page leads back to login.
  await page.goto(app.url + '/members');
  await page.waitForURL(/\/login\?next=/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an expired session (401) sends the user back to the login page', async () => {
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'viewer');
  // Let the first screen finish its own calls (lazy page, list, shop name) before the
  // cookie goes, so the 401 comes from the navigation below and not from a late call.
  await page.waitForSelector('h1');
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'));
  await page.waitForLoadState('networkidle');
  await page.context().clearCookies();
  // A client-side navigation makes an API call that now answers 401. On a loaded machine a
  // late call may already have answered 401 and shown the login page: same outcome.
  await page.click('[data-testid=main-menu] >> text=입출고 내역', { timeout: 5000 }).catch(() => undefined);
  await page.waitForSelector('#login');
  await page.waitForSelector('text=로그인이 만료되었습니다');
  await page.context().close();
});
