// Browser tests of what each role sees: the 회원 관리 (members) tab only for a master,
// product editing hidden below manager, stock forms hidden for a viewer; and the master's
// member screen (add a member, change a role, the last master protected).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, ROLES, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser;
before(async () => { app = await startApp(); browser = await launch(); });
after(async () => { await browser?.close(); await app?.stop(); });

for (const role of ROLES) {
  test(`${role}: the 회원 관리 tab is ${role === 'master' ? 'visible' : 'hidden'}`, async () => {
    const page = await newPage(browser);
    await uiLogin(page, app.url, role);
    const menu = page.locator('[data-testid=main-menu]');
    await menu.waitFor();
    const menuText = await menu.textContent();
    assert.match(menuText, /상품/);
    assert.match(menuText, /입출고 내역/);
    assert.equal(/회원 관리/.test(menuText), role === 'master', `menu for ${role}: ${menuText}`);
    assert.equal(/감사 로그/.test(menuText), role === 'master');
    // The role is shown in Korean next to the member's name.
    const chip = await page.textContent('[data-testid=user-chip]');
    assert.match(chip, { master: /마스터/, manager: /매니저/, staff: /스태프/, viewer: /뷰어/ }[role]);
    // Typing the address does not help a non-master.
    await page.goto(app.url + '/members');
    if (role === 'master') {
      await page.waitForSelector('[data-testid=member-table]');
      await page.waitForSelector('text=boss');
    } else {
      await page.waitForSelector('text=이 화면은 마스터만 쓸 수 있습니다.');
    }
    // Product editing only from manager up.
    await page.goto(app.url + '/products');
    await page.waitForSelector('h1');
    const canCreate = await page.locator('[data-testid=product-new]').count();
    assert.equal(canCreate > 0, role === 'master' || role === 'manager', `상품 등록 for ${role}`);
    await shot(page, `role-${role}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('master adds a member, changes the role, and cannot demote the last master', async (t) => {
  if (!(await hasRoute(app, 'POST', '/api/users'))) return t.skip('server has no POST /api/users yet');
  const page = await newPage(browser);
  await uiLogin(page, app.url, 'master');
  await page.goto(app.url + '/members');
  await page.waitForSelector('[data-testid=member-table]');
  await page.click('text=회원 추가');
  const dialog = page.locator('.ant-modal');
  await dialog.locator('#login').fill('parttime');
  await dialog.locator('#name').fill('한파트');
  await dialog.locator('#password').fill('short');
  await dialog.locator('button:has-text("등록")').click();
  await page.waitForSelector('text=비밀번호는 8자 이상이어야 합니다.');
  await dialog.locator('#password').fill('parttime-123');
  await dialog.locator('button:has-text("등록")').click();
  await page.waitForSelector('.ant-message >> text=회원을 추가했습니다.');
  const row = page.locator('tr', { hasText: 'parttime' });
  await row.waitFor();
  // Make the new member a viewer.
  await row.locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item', { hasText: '뷰어' }).click();
  await page.waitForSelector('.ant-message >> text=회원 정보를 바꿨습니다.');
  // The only master cannot demote themself: the server's Korean message is shown.
  const me = page.locator('tr', { hasText: 'boss' });
  await me.locator('.ant-select').click();
  // the list of this select: the one opened last (the earlier one may still be fading out)
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last()
    .locator('.ant-select-item', { hasText: '매니저' }).click();
  const note = await page.waitForSelector('.ant-notification-notice');
  assert.match(await note.textContent(), /[가-힣]/);
  await shot(page, 'members-last-master');
  await page.context().close();
});
