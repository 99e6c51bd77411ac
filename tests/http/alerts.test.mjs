// alerts.test.mjs — the alert centre (알림) over HTTP against local servers the test starts:
// a webhook (node http) and a small SMTP server (node net: 220, EHLO, MAIL, RCPT, DATA,
// QUIT). The server's alert clock is the file named by JAEGO_TEST_CLOCK, which the test
// moves forward to reach a retry or the digest hour without waiting. Covered: settings and
// their refusals (URL schemes, e-mail addresses, roles) with the secrets never returned or
// audited; the test message to both channels and its Korean reason when the webhook is
// down; an alert opened from real data (a lot near its 소비기한) reaching the webhook and
// the mailbox as UTF-8 MIME; a failing webhook retried a minute later; acknowledge, snooze
// and history with their roles and refusals; the alert closing by itself when the lot is
// sold; one daily digest per channel at the KST hour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-alerts-'));
const clockFile = path.join(tmp, 'clock');
let clock = 0;
function setClock(t) {
  clock = t;
  fs.writeFileSync(clockFile, `${t}\n`);
}
const advance = (seconds) => setClock(clock + seconds);

// KST business date of the clock, plus days.
function kstDate(days = 0) {
  const d = new Date((clock + 9 * 3600 + days * 86400) * 1000);
  return d.toISOString().slice(0, 10);
}
const kstHour = () => new Date((clock + 9 * 3600) * 1000).getUTCHours();

// ---------------------------------------------------------------- the webhook
const hook = { bodies: [], failNext: 0 };
const hookServer = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (hook.failNext > 0) {
      hook.failNext--;
      res.writeHead(500).end('no');
      return;
    }
    hook.bodies.push({ contentType: req.headers['content-type'], json: JSON.parse(body) });
    res.writeHead(200).end('ok');
  });
});

// ---------------------------------------------------------------- the mailbox
const mails = [];
const smtpServer = net.createServer((sock) => {
  let buf = '';
  let data = null;
  let env = { from: '', to: [] };
  sock.write('220 localhost ESMTP test\r\n');
  sock.on('data', (chunk) => {
    buf += chunk.toString('latin1');
    for (;;) {
      if (data !== null) {
        const end = buf.indexOf('\r\n.\r\n');
        if (end < 0) return;
        data += buf.slice(0, end);
        buf = buf.slice(end + 5);
        mails.push({ ...env, raw: Buffer.from(data, 'latin1').toString('utf8') });
        data = null;
        env = { from: '', to: [] };
        sock.write('250 OK queued\r\n');
        continue;
      }
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 2);
      const cmd = line.slice(0, 4).toUpperCase();
      if (cmd === 'EHLO') sock.write('250-localhost\r\n250 8BITMIME\r\n');
      else if (cmd === 'HELO') sock.write('250 localhost\r\n');
      else if (cmd === 'MAIL') { env.from = line; sock.write('250 OK\r\n'); }
      else if (cmd === 'RCPT') { env.to.push(line); sock.write('250 OK\r\n'); }
      else if (cmd === 'DATA') { data = ''; sock.write('354 go ahead\r\n'); }
      else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); return; }
      else sock.write('250 OK\r\n');
    }
  });
  sock.on('error', () => {});
});

// A mail's decoded subject and body (RFC 2047 B words, base64 body).
function decodeMail(raw) {
  const [head, body] = raw.split('\r\n\r\n');
  const subjectLine = /Subject: ([^]*?)\r\n(?! )/.exec(head + '\r\n')[1];
  const subject = [...subjectLine.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/g)]
    .map((m) => Buffer.from(m[1], 'base64')).reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0))
    .toString('utf8') || subjectLine;
  return { head, subject, body: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

async function until(what, fn, tries = 300) {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

let srv, boss, mgr, staff, viewer, other, hookUrl, smtpUrl;

before(async () => {
  await new Promise((r) => hookServer.listen(0, '127.0.0.1', r));
  await new Promise((r) => smtpServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${hookServer.address().port}/services/T000/B000/secret-token`;
  smtpUrl = `smtp://127.0.0.1:${smtpServer.address().port}`;
  // 10:00 KST today: the digest hour can be set ahead of the clock within the same day
  const now = Math.floor(Date.now() / 1000);
  const kstMidnight = Math.floor((now + 9 * 3600) / 86400) * 86400 - 9 * 3600;
  setClock(kstMidnight + 10 * 3600);
  srv = await startServer({ env: { JAEGO_TEST_CLOCK: clockFile } });
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'staff1', role: 'staff', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', org: '가게B' });
  boss = await srv.login('boss');
  mgr = await srv.login('mgr');
  staff = await srv.login('staff1');
  viewer = await srv.login('view1');
  other = await srv.login('bossb');
});

after(async () => {
  await srv.stop();
  hookServer.close();
  smtpServer.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// A product with 소비기한 management and one lot of qty expiring in `days` days (KST).
async function expiringProduct(sku, name, qty, days) {
  let r = await mgr.post('/api/products', { sku, name, has_expiry: true, unit_cost: 2500 });
  assert.equal(r.status, 201, r.text);
  r = await staff.post('/api/movements', { sku, type: 'inbound', qty, lot: `L-${sku}`, expiry: kstDate(days) });
  assert.equal(r.status, 201, r.text);
}

// A refusal: its status, its stable code (a field's own code in details, under the
// envelope's validation_failed), its field and a Korean message.
function expectField(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.match(res.json.error.message, /[가-힣]/);
  const detail = res.json.error.details?.[0];
  if (field) assert.equal(detail.field, field, res.text);
  if (code) assert.ok(res.json.error.code === code || detail?.code === code, res.text);
}

test('settings: roles, refusals, secrets never returned nor audited', async () => {
  let r = await viewer.get('/api/alerts/settings');
  assert.equal(r.status, 403);
  r = await mgr.get('/api/alerts/settings');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.digest_hour, 9);
  assert.equal(r.json.webhook_url_set, false);
  r = await mgr.put('/api/alerts/settings', { digest_hour: 8 });
  assert.equal(r.status, 403, 'only a master changes where alerts go');

  expectField(await boss.put('/api/alerts/settings', { webhook_url: 'ftp://127.0.0.1/x' }), 400, 'bad_webhook_url', 'webhook_url');
  expectField(await boss.put('/api/alerts/settings', { webhook_url: 'https://' }), 400, 'bad_webhook_url', 'webhook_url');
  expectField(await boss.put('/api/alerts/settings', { smtp_url: 'http://mail.example' }), 400, 'bad_smtp_url', 'smtp_url');
  expectField(await boss.put('/api/alerts/settings', { smtp_from: 'jaego at shop' }), 400, 'bad_email', 'smtp_from');
  const bad = await boss.put('/api/alerts/settings', { smtp_to: 'boss@shop.example, 사장님' });
  expectField(bad, 400, 'bad_email', 'smtp_to');
  assert.match(bad.json.error.message, /2번째/);
  r = await boss.put('/api/alerts/settings', { digest_hour: 24 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.details[0].field, 'digest_hour');
  expectField(await boss.put('/api/alerts/settings', { kinds: { order: 'yes' } }), 400, 'bad_kinds', 'kinds');
  r = await boss.put('/api/alerts/settings', { color: 'red' });
  assert.equal(r.status, 400);
  assert.equal((await boss.get('/api/alerts/settings')).json.updated_at, null, 'nothing saved by a refusal');

  r = await boss.put('/api/alerts/settings', {
    webhook_url: hookUrl, smtp_url: smtpUrl, smtp_from: 'jaego@shop.example',
    smtp_to: 'boss@shop.example;  minji@shop.example', smtp_password: 'hunter2-pw',
    digest_enabled: false,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.webhook_url, `http://127.0.0.1:${hookServer.address().port}/…`);
  assert.equal(r.json.webhook_url_set, true);
  assert.equal(r.json.smtp_password_set, true);
  assert.equal(r.json.smtp_to, 'boss@shop.example, minji@shop.example');
  assert.ok(!r.text.includes('hunter2') && !r.text.includes('secret-token'));
  // a field left out keeps its value
  r = await boss.put('/api/alerts/settings', { smtp_user: '' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.smtp_password_set, true);
  assert.equal(r.json.webhook_url_set, true);

  const audit = await boss.get('/api/audit?kind=alert_settings.');
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.total, 1, 'one change audited; the one that changed nothing is not');
  assert.ok(!audit.text.includes('hunter2') && !audit.text.includes('secret-token'));
  assert.match(audit.text, /smtp_password_changed/);
});

test('test message: to the webhook and the mailbox, and the reason when one is down', async () => {
  assert.equal((await mgr.post('/api/alerts/test', {})).status, 403);
  let r = await boss.post('/api/alerts/test', {});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.results.map((x) => [x.channel, x.ok]), [['webhook', true], ['email', true]]);
  const body = hook.bodies.at(-1);
  assert.match(body.contentType, /application\/json/);
  assert.match(body.json.text, /테스트 알림/);
  assert.match(body.json.text, /가게A/);
  const mail = mails.at(-1);
  assert.equal(mail.from, 'MAIL FROM:<jaego@shop.example>');
  assert.deepEqual(mail.to, ['RCPT TO:<boss@shop.example>', 'RCPT TO:<minji@shop.example>']);
  const m = decodeMail(mail.raw);
  assert.match(m.head, /Content-Type: text\/plain; charset=UTF-8/);
  assert.match(m.subject, /테스트 알림/);
  assert.match(m.body, /가게A의 알림이 이곳으로 전달됩니다/);

  // the webhook is down: a Korean reason, the channel named, the log keeps it
  const dead = net.createServer();
  await new Promise((res) => dead.listen(0, '127.0.0.1', res));
  const deadPort = dead.address().port;
  await new Promise((res) => dead.close(res));
  await boss.put('/api/alerts/settings', { webhook_url: `http://127.0.0.1:${deadPort}/hook` });
  r = await boss.post('/api/alerts/test', { channel: 'webhook' });
  expectField(r, 502, 'alert_test_failed', 'webhook');
  assert.match(r.json.error.message, /웹훅 주소에 연결하지 못했습니다/);
  hook.failNext = 1;
  await boss.put('/api/alerts/settings', { webhook_url: hookUrl });
  r = await boss.post('/api/alerts/test', { channel: 'webhook' });
  expectField(r, 502, 'alert_test_failed', 'webhook');
  assert.match(r.json.error.message, /HTTP 500/);
  expectField(await boss.post('/api/alerts/test', { channel: 'sms' }), 400, 'bad_channel');
  const log = await mgr.get('/api/alerts/deliveries');
  assert.equal(log.status, 200);
  const tests = log.json.deliveries.filter((d) => d.kind === 'test');
  assert.equal(tests.length, 4);
  assert.equal(tests.filter((d) => d.status === 'failed').length, 2);
  assert.equal((await other.post('/api/alerts/test', {})).json.error.code, 'alert_channel_missing');
});

let expiryAlert;

test('an alert opened from real data reaches the webhook and the mailbox', async () => {
  await expiringProduct('EXP-1', '버터쿠키', 100, 10);
  assert.equal((await staff.post('/api/alerts/refresh', {})).status, 403);
  const hooks = hook.bodies.length;
  const box = mails.length;
  const r = await mgr.post('/api/alerts/refresh', {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.refresh.opened, 1);
  assert.equal(r.json.refresh.queued, 2);
  assert.equal(r.json.counts.expiry, 1);
  expiryAlert = r.json.alerts.find((a) => a.sku === 'EXP-1');
  assert.equal(expiryAlert.kind, 'expiry');
  assert.equal(expiryAlert.qty, 100);
  assert.match(expiryAlert.title, /소비기한 · 버터쿠키/);
  assert.match(expiryAlert.message, /임박한 로트 1개 \(100개\)/);

  const sent = await until('the webhook message', () => hook.bodies.slice(hooks).find((b) => /버터쿠키/.test(b.json.text)));
  assert.match(sent.json.text, /^\[참고\] 소비기한 · 버터쿠키 \(임박\) \(EXP-1\)\n/);
  const mail = await until('the e-mail', () => mails.slice(box).find((x) => /EXP-1/.test(decodeMail(x.raw).subject)));
  const m = decodeMail(mail.raw);
  assert.match(m.subject, /소비기한 · 버터쿠키/);
  assert.match(m.body, /임박한 로트 1개/);

  // refreshing again changes nothing and sends nothing
  const again = await mgr.post('/api/alerts/refresh', {});
  assert.deepEqual(again.json.refresh, { opened: 0, updated: 0, closed: 0, queued: 0 });
  // every member reads; another organisation sees none of it
  const list = await viewer.get('/api/alerts?kind=expiry');
  assert.equal(list.status, 200);
  assert.equal(list.json.alerts.length, 1);
  assert.equal((await viewer.get('/api/alerts?sku=EXP-1')).json.alerts.length, 1);
  assert.equal((await viewer.get('/api/alerts?sku=NOPE')).status, 404);
  assert.equal((await viewer.get('/api/alerts?kind=soon')).json.error.code, 'bad_alert_kind');
  assert.equal((await other.get('/api/alerts')).json.total, 0);
  assert.equal((await other.get(`/api/alerts/${expiryAlert.id}`)).status, 404);
});

test('a failing webhook is retried a minute later', async () => {
  hook.failNext = 1;
  const hooks = hook.bodies.length;
  await expiringProduct('EXP-2', '우유식빵', 30, 5);
  const r = await mgr.post('/api/alerts/refresh', {});
  assert.equal(r.json.refresh.opened, 1);
  const id = r.json.alerts.find((a) => a.sku === 'EXP-2').id;
  const failed = await until('the failed first attempt', async () => {
    const log = await mgr.get('/api/alerts/deliveries');
    return log.json.deliveries.find((d) => d.alert_id === id && d.channel === 'webhook' && d.attempts === 1);
  });
  assert.equal(failed.status, 'pending');
  assert.match(failed.error, /HTTP 500/);
  await sleep(300);
  assert.equal(hook.bodies.length, hooks, 'not again before its time');
  advance(61);
  await until('the retry', () => hook.bodies.slice(hooks).find((b) => /우유식빵/.test(b.json.text)));
  const log = await mgr.get('/api/alerts/deliveries');
  const d = log.json.deliveries.find((x) => x.alert_id === id && x.channel === 'webhook');
  assert.equal(d.status, 'sent');
  assert.equal(d.attempts, 2);
});

test('acknowledge, snooze and history, with their roles', async () => {
  const id = expiryAlert.id;
  assert.equal((await viewer.post(`/api/alerts/${id}/ack`)).status, 403);
  assert.equal((await other.post(`/api/alerts/${id}/ack`)).status, 404);
  assert.equal((await staff.post('/api/alerts/999999/ack')).json.error.code, 'alert_not_found');
  let r = await staff.post(`/api/alerts/${id}/ack`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.acked_at);
  assert.equal(r.json.acked_by, 'staff1');
  let h = await viewer.get('/api/alerts/history');
  assert.ok(h.json.alerts.some((a) => a.id === id), 'acknowledged alerts are in the history');

  expectField(await staff.post(`/api/alerts/${id}/snooze`, { until: 'tomorrow' }), 400, 'bad_snooze_until', 'until');
  expectField(await staff.post(`/api/alerts/${id}/snooze`, { until: new Date((clock - 60) * 1000).toISOString() }), 400, 'bad_snooze_until', 'until');
  expectField(await staff.post(`/api/alerts/${id}/snooze`, { until: `${kstDate(120)}T09:00` }), 400, 'bad_snooze_until', 'until');
  expectField(await staff.post(`/api/alerts/${id}/snooze`, {}), 400, undefined, 'until');
  assert.equal((await viewer.post(`/api/alerts/${id}/snooze`, { until: `${kstDate(1)}T09:00+09:00` })).status, 403);
  r = await staff.post(`/api/alerts/${id}/snooze`, { until: new Date((clock + 3600) * 1000).toISOString() });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.snoozed, true);
  let list = await viewer.get('/api/alerts');
  assert.ok(!list.json.alerts.some((a) => a.id === id), 'a snoozed alert leaves the list');
  assert.equal(list.json.snoozed, 1);
  assert.equal(list.json.counts.expiry, 1, 'only the other expiry alert counts');
  list = await viewer.get('/api/alerts?include_snoozed=1');
  assert.ok(list.json.alerts.some((a) => a.id === id && a.snoozed));
  advance(3601);
  list = await viewer.get('/api/alerts');
  assert.ok(list.json.alerts.some((a) => a.id === id && !a.snoozed), 'back after its time');
  const audit = await boss.get('/api/audit?kind=alert.');
  assert.deepEqual(audit.json.items.map((i) => i.kind).sort(), ['alert.ack', 'alert.snooze']);
});

test('an alert closes by itself when its condition ends', async () => {
  // the lot is sold: nothing near its expiry any more
  let r = await staff.post('/api/movements', { sku: 'EXP-1', type: 'outbound', qty: 100 });
  assert.equal(r.status, 201, r.text);
  // (the alert thread may be the one that closes it: the clock moved an hour before)
  r = await mgr.post('/api/alerts/refresh', {});
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.json.alerts.some((a) => a.id === expiryAlert.id));
  const h = await viewer.get('/api/alerts/history?kind=expiry');
  const closed = h.json.alerts.find((a) => a.id === expiryAlert.id);
  assert.equal(closed.close_reason, 'resolved');
  assert.ok(closed.closed_at);
  expectField(await staff.post(`/api/alerts/${expiryAlert.id}/ack`), 409, 'alert_closed');
  expectField(await staff.post(`/api/alerts/${expiryAlert.id}/snooze`, { until: `${kstDate(1)}T09:00` }), 409, 'alert_closed');
});

// The document's example: 30-day demand 3,000, lead time 15 days, safety stock 3,000 ×
// 15/30 = 1,500; 800 on hand is below it now: order. 5,000 received covers it for 42 days,
// past lead time and the 10-day alert window: the order alert closes by itself.
test('an order alert from stock, lead time and monthly demand closes after an inbound covers it', async () => {
  let r = await mgr.post('/api/products', {
    sku: 'ORD-1', name: '스텐 냄비 20cm', lead_time_days: 15, monthly_demand: 3000,
    safety_stock_rule: 'forecast_lead_time', unit_cost: 12000,
  });
  assert.equal(r.status, 201, r.text);
  r = await staff.post('/api/movements', { sku: 'ORD-1', type: 'inbound', qty: 800 });
  assert.equal(r.status, 201, r.text);
  r = await mgr.post('/api/alerts/refresh', {});
  assert.equal(r.status, 200, r.text);
  const order = r.json.alerts.find((a) => a.sku === 'ORD-1' && a.kind === 'order');
  assert.ok(order, r.text);
  assert.equal(order.severity, 'critical', 'below safety stock before an order could arrive');
  assert.match(order.message, /발주/);
  assert.equal(order.qty, 2200, 'the suggested quantity: 1,500 + 1,500 − 800');
  r = await staff.post('/api/movements', { sku: 'ORD-1', type: 'inbound', qty: 6000 });
  assert.equal(r.status, 201, r.text);
  r = await mgr.post('/api/alerts/refresh', {});
  assert.ok(!r.json.alerts.some((a) => a.id === order.id), 'the order alert closed');
  const h = await viewer.get('/api/alerts/history?kind=order');
  assert.equal(h.json.alerts.find((a) => a.id === order.id).close_reason, 'resolved');
  // 6,800 on hand against 1,500 + 1,500 needed: 과잉 재고 3,800 at 12,000원, more than a
  // month of demand (3,000) beyond the need, so the alert opens
  const over = r.json.alerts.find((a) => a.sku === 'ORD-1' && a.kind === 'overstock');
  assert.equal(over.qty, 3800);
  assert.equal(over.value, 3800 * 12000);
});

// A product never used (no movement, order or set) is deleted, not deactivated: its alerts
// and their messages go with it.
test('deleting a never-used product with open alerts deletes them with it', async () => {
  let r = await mgr.post('/api/products', { sku: 'DEL-1', name: '지울 상품', lead_time_days: 7, monthly_demand: 300 });
  assert.equal(r.status, 201, r.text);
  r = await mgr.post('/api/alerts/refresh', {});
  const mine = r.json.alerts.filter((a) => a.sku === 'DEL-1');
  assert.ok(mine.some((a) => a.kind === 'order'), r.text);
  r = await mgr.del('/api/products/DEL-1');
  assert.ok(r.status === 200 || r.status === 204, r.text);
  assert.equal((await mgr.get('/api/products/DEL-1')).status, 404, 'deleted, not deactivated');
  for (const a of mine) assert.equal((await viewer.get(`/api/alerts/${a.id}`)).status, 404);
  r = await mgr.post('/api/alerts/refresh', {});
  assert.equal(r.status, 200, r.text);
});

test('the daily digest comes once per channel at its KST hour', async () => {
  const hour = kstHour() + 2;
  assert.ok(hour <= 23, 'the clock started at 10:00 KST');
  let r = await boss.put('/api/alerts/settings', { digest_enabled: true, digest_hour: hour });
  assert.equal(r.status, 200, r.text);
  const hooks = hook.bodies.length;
  const box = mails.length;
  await sleep(500);
  assert.ok(!hook.bodies.slice(hooks).some((b) => /재고 알림 요약/.test(b.json.text)), 'not before its hour');
  advance(2 * 3600);
  const digest = await until('the digest', () => hook.bodies.slice(hooks).find((b) => /재고 알림 요약/.test(b.json.text)));
  const open = (await viewer.get('/api/alerts')).json;
  assert.match(digest.json.text, new RegExp(`재고 알림 요약 · ${kstDate()} · 열린 알림 ${open.total}건`));
  assert.match(digest.json.text, new RegExp(`■ 소비기한 ${open.counts.expiry}건`));
  assert.match(digest.json.text, new RegExp(`■ 과잉 재고 ${open.counts.overstock}건`));
  assert.match(digest.json.text, /우유식빵 \(EXP-2\)/);
  assert.match(digest.json.text, /스텐 냄비 20cm \(ORD-1\)/);
  await until('the digest e-mail', () => mails.slice(box).find((x) => /재고 알림 요약/.test(decodeMail(x.raw).subject)));
  advance(3600);
  await sleep(500);
  const log = await mgr.get('/api/alerts/deliveries');
  const digests = log.json.deliveries.filter((d) => d.kind === 'digest');
  assert.deepEqual(digests.map((d) => [d.channel, d.status, d.digest_date]).sort(),
    [['email', 'sent', kstDate()], ['webhook', 'sent', kstDate()]]);
});
