// firstload.mjs — how fast the built web app opens on localhost, in Debian's chromium driven
// by playwright-core (never a downloaded browser):
//   1. the login page from a cold browser (empty cache): time from navigation to the login
//      form usable, the bytes and scripts it fetched — the charts' chunk must not be among
//      them (code splitting);
//   2. after logging in, the home screen (재고 현황) until its table or cards show, with the
//      demo shop's products: what a seller waits for at 08:50;
//   3. the same login page from nginx serving the same built files (the peer: a static file
//      server's floor, measured in the same run), when nginx is installed.
// Each figure is the median and worst of N cold loads. Target: the login page under 1 s.
// usage: node bench/firstload.mjs BASE_URL LOGIN PASSWORD [NGINX_URL]   (bench/firstload.sh)
// playwright-core is installed with the browser tests' packages (tests/package.json).
import { chromium } from '../tests/node_modules/playwright-core/index.mjs';

const [base, login, password, peer] = process.argv.slice(2);
const N = Number(process.env.BENCH_LOADS || 7);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;

/** One cold load of the login page: a fresh context has an empty cache. */
async function loginPage(browser, url) {
  const ctx = await browser.newContext({ locale: 'ko-KR' });
  const page = await ctx.newPage();
  const scripts = [];
  const sizes = [];
  page.on('requestfinished', (req) => {
    const u = new URL(req.url());
    if (u.pathname.endsWith('.js')) scripts.push(u.pathname.replace(/^.*\//, ''));
    sizes.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize).catch(() => 0));
  });
  const t0 = Date.now();
  await page.goto(url + '/login');
  await page.waitForSelector('#login', { state: 'visible' });
  await page.waitForSelector('button[type=submit]:not([disabled])');
  const ms = Date.now() - t0;
  // What the login page itself fetched, before the home screen adds its own chunks.
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  return { ctx, page, ms, scripts: [...scripts], bytes };
}

async function homeAfterLogin(page) {
  await page.fill('#login', login);
  await page.fill('#password', password);
  const t0 = Date.now();
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  // The home board's rows (desktop table) or cards; the product list before the board.
  await page.waitForSelector('[data-testid=board-table] .ant-table-row, [data-testid=board-card], .ant-table-row',
    { timeout: 30000 });
  return Date.now() - t0;
}

async function main() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const login1 = [];
    const home = [];
    let last = null;
    for (let i = 0; i < N; i++) {
      const r = await loginPage(browser, base);
      login1.push(r.ms);
      home.push(await homeAfterLogin(r.page));
      last = r;
      await r.ctx.close();
    }
    const charts = last.scripts.filter((s) => /echarts/i.test(s));
    console.log(`first load of the web app (${N} cold loads each, chromium headless)`);
    console.log(`  login page, jaego      median ${fmt(median(login1))}  worst ${fmt(Math.max(...login1))}` +
      `  ${(last.bytes / 1024).toFixed(0)} KiB over the wire, ${last.scripts.length} scripts`);
    if (peer) {
      const p = [];
      for (let i = 0; i < N; i++) {
        const r = await loginPage(browser, peer);
        p.push(r.ms);
        await r.ctx.close();
      }
      console.log(`  login page, nginx      median ${fmt(median(p))}  worst ${fmt(Math.max(...p))}` +
        `  (same files; jaego ÷ nginx ${(median(login1) / median(p)).toFixed(2)}x)`);
    }
    console.log(`  home after login       median ${fmt(median(home))}  worst ${fmt(Math.max(...home))}`);
    console.log(`  scripts on the login page: ${last.scripts.join(' ')}`);
    console.log(`${median(login1) < 1000 ? 'PASS' : 'FAIL'} login page under 1 s (median ${median(login1)} ms)`);
    console.log(`${charts.length === 0 ? 'PASS' : 'FAIL'} the login page does not load the charts' chunk` +
      (charts.length ? ` (${charts.join(' ')})` : ''));
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
