// korean_text.test.mjs — server messages read as Korean: numbers with thousands separators,
// particles chosen from the word before them (never "은(는)" or "이(가)"), and 403 answers
// that name the role in the screens' words (마스터, 매니저, 스태프, 뷰어).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv, boss, staff, viewer;
const BOTH_FORMS = /\((은|는|이|가|을|를|과|와|으)\)|\(으\)로/;

async function upload(c, name, text) {
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(text)], { type: 'text/csv' }), name);
  return c.post('/api/imports', fd);
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  await srv.addUser({ login: 'staff', role: 'staff', org: '가게A', name: '이직원' });
  await srv.addUser({ login: 'viewer', role: 'viewer', org: '가게A', name: '박뷰어' });
  boss = await srv.login('boss');
  staff = await srv.login('staff');
  viewer = await srv.login('viewer');
  for (const [sku, name] of [['POT-1', '스텐 냄비'], ['LID-1', '유리 뚜껑']]) {
    const res = await boss.post('/api/products', { sku, name });
    assert.equal(res.status, 201, res.text);
  }
  const inb = await boss.post('/api/movements', { sku: 'POT-1', type: 'inbound', qty: 2723 });
  assert.equal(inb.status, 201, inb.text);
});
after(async () => { await srv.stop(); });

test('stock messages print quantities with thousands separators', async () => {
  const res = await staff.post('/api/movements', { sku: 'POT-1', type: 'outbound', qty: 999999 });
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.code, 'insufficient_stock');
  assert.match(res.json.error.message, /현재 2,723개, 출고 999,999개/);
  const big = await staff.post('/api/movements', { sku: 'POT-1', type: 'inbound', qty: 1000001 });
  assert.equal(big.status, 400, big.text);
  assert.match(big.json.error.message, /1 이상 1,000,000 이하/);
  const range = await boss.get('/api/audit?limit=5000');
  assert.equal(range.status, 400);
  assert.match(range.json.error.message, /1부터 1,000 사이/);
});

test('particles follow the word: 상품명은, 메모는, 행사 이름은', async () => {
  let res = await boss.post('/api/products', { sku: 'X-1', name: '가'.repeat(201) });
  assert.equal(res.status, 400);
  assert.match(res.json.error.message, /^상품명은 200자 이하여야 합니다/);
  res = await boss.post('/api/products', { sku: 'X-1', name: '냄비', memo: 'x'.repeat(2001) });
  assert.match(res.json.error.message, /^메모는 2,000자 이하여야 합니다/);
  res = await boss.post('/api/products', { sku: 'X-1', name: '냄비', has_expiry: 'yes' });
  assert.match(res.json.error.message, /^소비기한 관리\(has_expiry\)는 true 또는 false/);
  res = await boss.post('/api/events', { name: 5, date: '2025-11-11' });
  assert.equal(res.status, 400, res.text);
  assert.match(res.json.error.message, /행사 이름은 문자열로/);
  res = await boss.post('/api/events', { name: '십일절', date: '2025-11-11', days_before: 99 });
  assert.match(res.json.error.message, /행사 전 영향 기간은 0일부터/);
  assert.doesNotMatch(res.json.error.message, BOTH_FORMS);
});

test('import problems choose particles from the cell and the column', async () => {
  const up = await upload(staff, 'bad.csv', [
    '마스터 SKU,입고 수량,출고 수량,처리일자',
    'POT-1,-5,,',
    'POT-1,,열두개,',
    'LID-1,1,,어제',
  ].join('\n'));
  assert.equal(up.status, 201, up.text);
  const msgs = up.json.problems.map((p) => p.message);
  for (const m of msgs) assert.doesNotMatch(m, BOTH_FORMS, m);
  assert.ok(msgs.some((m) => /입고 수량이 음수\(-5\)입니다/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /'열두개'는 숫자가 아닙니다/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /처리일자 '어제'를 날짜로/.test(m)), msgs.join('\n'));
});

test('403 names the least role in Korean, as the screens do', async () => {
  let res = await viewer.post('/api/movements', { sku: 'POT-1', type: 'inbound', qty: 1 });
  assert.equal(res.status, 403);
  assert.equal(res.json.error.code, 'forbidden');
  assert.equal(res.json.error.message, '권한이 없습니다. 이 작업은 스태프 이상만 할 수 있습니다.');
  res = await staff.post('/api/products', { sku: 'Z-1', name: '새 상품' });
  assert.equal(res.json.error.message, '권한이 없습니다. 이 작업은 매니저 이상만 할 수 있습니다.');
  res = await staff.get('/api/audit');
  assert.equal(res.json.error.message, '권한이 없습니다. 이 작업은 마스터만 할 수 있습니다.');
  assert.doesNotMatch(res.json.error.message, /master|manager|staff|viewer/);
});

test('jaego user add reports the role in Korean', () => {
  const res = srv.cli(['user', 'add', '--db', srv.db, '--login', 'newbie', '--role', 'viewer',
    '--password-stdin', '--org', '가게A'], { input: 'password-123\n' });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /회원을 만들었습니다: newbie \(뷰어\)/);
});
