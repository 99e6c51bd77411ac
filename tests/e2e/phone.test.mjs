// Browser test at phone width (390px, 김민지 checking between meetings): every screen fits
// without sideways scrolling of the page (wide tables scroll inside themselves), and the
// navigation moves into a drawer menu. Screenshots are kept for a look.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hasRoute, launch, newPage, shot, startApp, uiLogin } from './helpers.mjs';

let app, browser;
before(async () => { app = await startApp(); browser = await launch(); });
after(async () => { await browser?.close(); await app?.stop(); });

async function overflow(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Elements inside a horizontally scrolling box (tables) may be wider.
      let p = el.parentElement, clipped = false;
      while (p && p !== document.body) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { clipped = true; break; }
        p = p.parentElement;
      }
      if (!clipped && (r.right > w + 1 || r.left < -1)) wide.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return { scroll: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 5) };
  });
}

test('phone width: no page overflows sideways, menu is a drawer', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await page.goto(app.url + '/login');
  await page.waitForSelector('#login');
  let o = await overflow(page);
  assert.ok(o.scroll <= o.width, `login overflows: ${JSON.stringify(o)}`);
  await shot(page, 'phone-login');
  await uiLogin(page, app.url, 'master');

  const paths = ['/products', '/movements', '/suppliers', '/events', '/templates', '/imports', '/sales-history', '/members', '/audit', '/account'];
  if (await hasRoute(app, 'POST', '/api/products')) {
    await page.evaluate(async () => {
      const s = await (await fetch('/api/session')).json();
      await fetch('/api/products', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: JSON.stringify({ sku: 'PHONE-001', name: '휴대폰 화면 확인용 아주 긴 상품명 스텐 냄비 세트 20cm', kind: 'single', safety_stock: 10 }) });
    });
    paths.push('/products/PHONE-001');
  }
  for (const p of paths) {
    await page.goto(app.url + p);
    await page.waitForSelector('h1');
    await page.waitForLoadState('networkidle');
    o = await overflow(page);
    assert.ok(o.scroll <= o.width, `${p} overflows at 390px: ${JSON.stringify(o)}`);
    await shot(page, `phone${p.replace(/\//g, '-')}`);
  }

  // No sider on a phone: the menu button opens a drawer with the navigation.
  await page.goto(app.url + '/products');
  assert.equal(await page.locator('.ant-layout-sider').count(), 0);
  await page.click('[data-testid=menu-button]');
  const drawer = page.locator('.ant-drawer-open');
  await drawer.waitFor();
  await shot(page, 'phone-menu');
  await drawer.locator('text=입출고 내역').click();
  await page.waitForURL(/\/movements$/);
  await drawer.waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
