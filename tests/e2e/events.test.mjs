// Browser tests of 행사 일정 (the shop's events for the forecast): a master opens it from the
// menu, adds an event in the modal (the server's field error shown under the field, then
// fixed), sees it listed with its weekday, kind and window, edits and deletes it; a viewer
// reads the list without any add/edit/delete buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser, hasEvents = false;
before(async () => {
  app = await startApp();
  browser = await launch();
  hasEvents = await hasRoute(app, 'GET', '/api/events');
});
after(async () => { await browser?.close(); await app?.stop(); });

// A date in the coming year, so that the event is listed under 다가오는 행사.
function nextYearDay(month, day) {
  const y = new Date(Date.now() + 9 * 3600 * 1000).getUTCFullYear() + 1;
  const iso = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const wd = '일월화수목금토'[new Date(`${iso}T00:00:00Z`).getUTCDay()];
  return { iso, label: `${iso} (${wd})` };
}

async function pickDate(page, modal, iso) {
  const input = modal.locator('.ant-picker input');
  await input.click();
  await input.fill(iso);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown').waitFor({ state: 'hidden' }).catch(() => {});
}

// Opens the antd Select whose input has this id.
async function selectIn(page, modal, id) {
  await modal.locator('.ant-select', { has: page.locator(`#${id}`) }).click();
}

test('master adds an event and sees it listed, then edits and deletes it', async (t) => {
  if (!hasEvents) return t.skip('server has no /api/events yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  await page.locator('[data-testid=main-menu] >> text=행사 일정').click();
  await page.waitForURL(/\/events$/);
  await page.waitForSelector('h1:has-text("행사 일정")');
  await page.waitForSelector('text=등록된 행사가 없습니다.');

  await page.click('[data-testid=event-new]');
  const modal = page.locator('.ant-modal');
  await modal.waitFor();
  // The form's own check first: a name is needed.
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('text=행사 이름을 입력하세요.');

  const d = nextYearDay(11, 11);
  await modal.locator('#name').fill('  십일절 라이브 ');
  await pickDate(page, modal, d.iso);
  await selectIn(page, modal, 'kind');
  await page.locator('.ant-select-dropdown:visible .ant-select-item', { hasText: '라이브 커머스' }).click();
  await selectIn(page, modal, 'channel');
  await page.locator('.ant-select-dropdown:visible .ant-select-item', { hasText: '쿠팡' }).click();
  await modal.locator('#days_before').fill('3');
  await modal.locator('#days_after').fill('1');
  await modal.locator('#memo').fill('오후 8시 방송');
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-message >> text=행사를 등록했습니다.');
  await modal.waitFor({ state: 'hidden' });

  const row = page.locator('[data-testid=event-table] tr', { hasText: '십일절 라이브' });
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, new RegExp(d.label.replace(/[()]/g, '\\$&')));
  assert.match(text, /라이브 커머스/);
  assert.match(text, /쿠팡/);
  assert.match(text, /3일 전 ~ 1일 후/);
  assert.match(text, /오후 8시 방송/);
  await shot(page, 'events-list');

  // The server kept it as entered (trimmed).
  const c = await app.srv.login('boss');
  const items = (await c.get('/api/events')).json.items;
  assert.equal(items.length, 1);
  assert.deepEqual(
    { name: items[0].name, date: items[0].date, kind: items[0].kind, channel: items[0].channel, b: items[0].days_before, a: items[0].days_after },
    { name: '십일절 라이브', date: d.iso, kind: 'live', channel: 'coupang', b: 3, a: 1 });

  // Edit: a name over 60 characters is cut by the field; all channels; window back to the day.
  await row.locator('[data-testid=event-edit]').click();
  await modal.waitFor();
  assert.equal(await modal.locator('#name').inputValue(), '십일절 라이브');
  await selectIn(page, modal, 'channel');
  await page.locator('.ant-select-dropdown:visible .ant-select-item', { hasText: '전체 채널' }).click();
  await modal.locator('#days_before').fill('0');
  await modal.locator('#days_after').fill('0');
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-message >> text=행사를 수정했습니다.');
  await page.waitForSelector('[data-testid=event-table] tr:has-text("당일만")');
  assert.match(await row.textContent(), /전체 채널/);

  // It is upcoming, not past.
  await page.locator('[data-testid=event-period] >> text=지난 행사').click();
  await page.waitForSelector('text=등록된 행사가 없습니다.');
  await page.locator('[data-testid=event-period] >> text=다가오는 행사').click();
  await row.waitFor();

  // Delete with confirmation.
  await row.locator('[data-testid=event-delete]').click();
  await page.locator('.ant-popconfirm:visible button:has-text("삭제")').click();
  await page.waitForSelector('.ant-message >> text=행사를 삭제했습니다.');
  await page.waitForSelector('text=등록된 행사가 없습니다.');
  assert.equal((await c.get('/api/events')).json.total, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a date outside the holiday calendar is refused with the server message under the field', async (t) => {
  if (!hasEvents) return t.skip('server has no /api/events yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'manager');
  await page.goto(app.url + '/events');
  await page.click('[data-testid=event-new]');
  const modal = page.locator('.ant-modal');
  await modal.waitFor();
  await modal.locator('#name').fill('먼 훗날 행사');
  // The picker greys out such days; typed in anyway, the server refuses it.
  await page.route('**/api/events', async (route) => {
    const req = route.request();
    if (req.method() !== 'POST') return route.continue();
    const body = { ...JSON.parse(req.postData() || '{}'), date: '2036-01-02' };
    return route.continue({ postData: JSON.stringify(body) });
  });
  await pickDate(page, modal, nextYearDay(1, 2).iso);
  await modal.locator('button:has-text("저장")').click();
  await page.waitForSelector('.ant-form-item-explain-error >> text=/2015-01-01부터 2035-12-31까지만/');
  await shot(page, 'events-date-range');
  await page.context().close();
});

test('viewer and staff read the events but see no add, edit or delete buttons', async (t) => {
  if (!hasEvents) return t.skip('server has no /api/events yet');
  const c = await app.srv.login('boss');
  const d = nextYearDay(3, 2);
  assert.equal((await c.post('/api/events', { name: '봄 프로모션', date: d.iso, kind: 'promotion', days_after: 2 })).status, 201);
  for (const role of ['viewer', 'staff']) {
    const page = await newPage(browser);
    await uiLogin(page, app.url, role);
    await page.goto(app.url + '/events');
    const row = page.locator('[data-testid=event-table] tr', { hasText: '봄 프로모션' });
    await row.waitFor();
    assert.match(await row.textContent(), /당일 ~ 2일 후/);
    assert.equal(await page.locator('[data-testid=event-new]').count(), 0);
    assert.equal(await page.locator('[data-testid=event-edit]').count(), 0);
    assert.equal(await page.locator('[data-testid=event-delete]').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
