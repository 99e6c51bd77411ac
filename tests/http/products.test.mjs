// products.test.mjs — the product table and suppliers over HTTP: create, read, change,
// list with filters; every bad input of the issue (duplicate SKU, a channel code mapped
// twice, absurd values, sets of sets and of themselves) answered with a clear Korean
// message and nothing written; deleting a product with movements deactivates it; roles;
// another organisation's products invisible; the .xlsx export; the product table import
// with the same file refusals, cell problems and readable shapes as the stock import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT } from './lib.mjs';

const hangul = /[가-힣]/;
let srv, boss, mgr, staff, viewer, other;

before(async () => {
  srv = await startServer();
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
after(async () => { await srv.stop(); });

function assertError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  assert.match(res.json.error.message, hangul);
}

async function count(c) {
  const res = await c.get('/api/products?status=all&limit=1000');
  assert.equal(res.status, 200);
  return res.json.total;
}

test('a manager creates a product with the document columns and reads it back', async () => {
  const sup = await mgr.post('/api/suppliers', { name: 'NPK', lead_time_days: 120, contact: '왕 매니저', email: 'npk@example.com' });
  assert.equal(sup.status, 201, sup.text);
  const res = await mgr.post('/api/products', {
    sku: 'KC-001', playauto_sku: 'PA-1001', name: '스텐 냄비 20cm', category: '주방용품',
    manufacturer: 'NPK 공장', kind: 'single', moq: 10, safety_stock: 30, supplier_id: sup.json.id, unit_cost: 12000,
    barcode: '8801234567890', has_expiry: false, memo: '인기 상품',
    channel_codes: [{ channel: 'coupang', code: '123456789' }],
  });
  assert.equal(res.status, 201, res.text);
  const p = res.json;
  assert.equal(p.sku, 'KC-001');
  assert.equal(p.kind, 'single');
  assert.equal(p.lead_time_days, 120); // inherited from NPK
  assert.equal(p.lead_time_source, 'supplier');
  assert.equal(p.supplier, 'NPK');
  assert.equal(p.manufacturer, 'NPK 공장');
  assert.equal(p.on_hand, 0);
  assert.deepEqual(p.channel_codes, [{ channel: 'coupang', code: '123456789' }]);
  const got = await viewer.get('/api/products/KC-001');
  assert.equal(got.status, 200);
  assert.equal(got.json.name, '스텐 냄비 20cm');
  const patched = await mgr.patch('/api/products/KC-001', { lead_time_days: 15, name: '스텐 냄비 20cm (신형)' });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.lead_time_days, 15);
  assert.equal(patched.json.lead_time_source, 'product');
  // audited with before and after
  const audit = await boss.get('/api/audit?entity=product&entity_id=KC-001');
  if (audit.status === 200) {
    const kinds = audit.json.items.map((x) => x.kind);
    assert.ok(kinds.includes('product.create') && kinds.includes('product.update'), JSON.stringify(kinds));
  }
});

test('NFD Hangul from macOS matches NFC', async () => {
  const nfd = '생활용품'.normalize('NFD');
  const res = await mgr.post('/api/products', { sku: 'LV-001', name: '수건'.normalize('NFD'), category: nfd });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.name, '수건');
  const list = await viewer.get('/api/products?category=' + encodeURIComponent('생활용품'));
  assert.equal(list.json.total, 1);
  const q = await viewer.get('/api/products?q=' + encodeURIComponent('수건'.normalize('NFD')));
  assert.equal(q.json.total, 1);
});

test('duplicate master SKU is refused with a Korean message', async () => {
  const before = await count(boss);
  const res = await mgr.post('/api/products', { sku: 'KC-001', name: '다른 상품' });
  assertError(res, 409, 'duplicate_sku');
  assert.match(res.json.error.message, /KC-001/);
  assert.equal(await count(boss), before);
});

test('a channel code mapped to another SKU is refused', async () => {
  const res = await mgr.post('/api/products', {
    sku: 'KC-002', name: '프라이팬', channel_codes: [{ channel: 'coupang', code: '123456789' }],
  });
  assertError(res, 409, 'channel_code_taken');
  assert.match(res.json.error.message, /KC-001/);
  assert.equal((await viewer.get('/api/products/KC-002')).status, 404);
});

test('absurd and malformed values are refused field by field, nothing written', async () => {
  const before = await count(boss);
  const cases = [
    [{ sku: 'X1', name: 'x', lead_time_days: 100000 }, 'lead_time_days'],
    [{ sku: 'X1', name: 'x', moq: 0 }, 'moq'],
    [{ sku: 'X1', name: 'x', moq: 2.5 }, 'moq'],
    [{ sku: 'X1', name: 'x', safety_stock: -1 }, 'safety_stock'],
    [{ sku: 'X1', name: 'x', kind: 'bundle' }, 'kind'],
    [{ sku: 'X 1', name: 'x' }, 'sku'],
    [{ sku: 'X/1', name: 'x' }, 'sku'],
    [{ name: 'x' }, 'sku'],
    [{ sku: 'X1' }, 'name'],
    [{ sku: 'X1', name: 'x', unknown: 1 }, 'unknown'],
    [{ sku: 'X1', name: 'x', supplier_id: 999999 }, 'supplier_id'],
    [{ sku: 'X1', name: 'x', manufacturer: '가'.repeat(101) }, 'manufacturer'],
    [{ sku: 'X1', name: 'x', manufacturer: 7 }, 'manufacturer'],
  ];
  for (const [body, field] of cases) {
    const res = await mgr.post('/api/products', body);
    assertError(res, 400, 'validation_failed');
    const fields = res.json.error.details.map((d) => d.field);
    assert.ok(fields.includes(field), `${JSON.stringify(body)} → ${res.text}`);
    for (const d of res.json.error.details) assert.match(d.message, hangul);
  }
  const notJson = await mgr.post('/api/products', '{bad');
  assert.equal(notJson.status, 400);
  assert.equal(await count(boss), before);
});

test('sets: components, refused sets of sets and of themselves', async () => {
  await mgr.post('/api/products', { sku: 'SN-001', name: '버터쿠키', category: '과자/간식', has_expiry: true });
  await mgr.post('/api/products', { sku: 'SN-002', name: '하루견과', category: '과자/간식', has_expiry: true });
  const set = await mgr.post('/api/products', {
    sku: 'SET-001', name: '명절 간식 선물세트', kind: 'set',
    components: [{ sku: 'SN-001', qty: 2 }, { sku: 'SN-002', qty: 1 }],
  });
  assert.equal(set.status, 201, set.text);
  assert.equal(set.json.components.length, 2);
  assert.equal(set.json.on_hand, 0);
  const setOfSet = await mgr.post('/api/products', {
    sku: 'SET-002', name: '세트의 세트', kind: 'set', components: [{ sku: 'SET-001', qty: 1 }],
  });
  assertError(setOfSet, 400, 'validation_failed');
  assert.match(setOfSet.json.error.message, /다른 세트/);
  const self = await mgr.post('/api/products', {
    sku: 'SET-003', name: '자기 자신', kind: 'set', components: [{ sku: 'SET-003', qty: 1 }],
  });
  assertError(self, 400, 'validation_failed');
  assert.match(self.json.error.message, /자기 자신/);
  // a component cannot become a set (that would make a set of sets)
  const turn = await mgr.patch('/api/products/SN-001', { kind: 'set', components: [{ sku: 'SN-002', qty: 1 }] });
  assertError(turn, 400, 'validation_failed');
  assert.equal((await viewer.get('/api/products/SET-002')).status, 404);
  assert.equal((await viewer.get('/api/products/SET-003')).status, 404);
  const sets = await viewer.get('/api/products?kind=set');
  assert.equal(sets.json.total, 1);
});

test('deleting a product with movements deactivates it; without, deletes it', async () => {
  await mgr.post('/api/products', { sku: 'DEL-1', name: '삭제 대상' });
  await mgr.post('/api/products', { sku: 'DEL-2', name: '이력 있는 상품' });
  const mv = await staff.post('/api/movements', { sku: 'DEL-2', type: 'inbound', qty: 3 });
  assert.equal(mv.status, 201, mv.text);
  const d1 = await mgr.del('/api/products/DEL-1');
  assert.equal(d1.status, 200, d1.text);
  assert.equal(d1.json.deleted, true);
  assert.equal((await viewer.get('/api/products/DEL-1')).status, 404);
  const d2 = await mgr.del('/api/products/DEL-2');
  assert.equal(d2.status, 200, d2.text);
  assert.equal(d2.json.deactivated, true);
  const p = await viewer.get('/api/products/DEL-2');
  assert.equal(p.status, 200);
  assert.equal(p.json.active, false);
  assert.equal(p.json.on_hand, 3);
  const active = await viewer.get('/api/products?q=DEL-2');
  assert.equal(active.json.total, 0); // the default list shows active products
  const inactive = await viewer.get('/api/products?q=DEL-2&status=inactive');
  assert.equal(inactive.json.total, 1);
});

test('roles: viewers and staff cannot change products, managers can', async () => {
  assert.equal((await viewer.post('/api/products', { sku: 'R-1', name: 'r' })).status, 403);
  assert.equal((await staff.post('/api/products', { sku: 'R-1', name: 'r' })).status, 403);
  assert.equal((await staff.patch('/api/products/KC-001', { moq: 5 })).status, 403);
  assert.equal((await staff.del('/api/products/KC-001')).status, 403);
  assert.equal((await staff.post('/api/suppliers', { name: 'S' })).status, 403);
  assert.equal((await viewer.get('/api/suppliers')).status, 200);
  const anon = srv.client();
  assert.equal((await anon.get('/api/products')).status, 401);
});

test("another organisation's products are invisible", async () => {
  const list = await other.get('/api/products');
  assert.equal(list.status, 200);
  assert.equal(list.json.total, 0);
  assert.equal((await other.get('/api/products/KC-001')).status, 404);
  assert.equal((await other.patch('/api/products/KC-001', { name: 'hijack' })).status, 404);
  assert.equal((await other.del('/api/products/KC-001')).status, 404);
  assert.equal((await other.get('/api/products/KC-001/movements')).status, 404);
  // the same SKU is free in another organisation
  const mine = await other.post('/api/products', { sku: 'KC-001', name: '가게B 냄비' });
  assert.equal(mine.status, 201, mine.text);
  assert.equal((await viewer.get('/api/products/KC-001')).json.name, '스텐 냄비 20cm (신형)');
  const sups = await other.get('/api/suppliers');
  assert.equal(sups.json.items.length, 0);
  const npk = (await viewer.get('/api/suppliers')).json.items.find((s) => s.name === 'NPK');
  assert.equal((await other.patch(`/api/suppliers/${npk.id}`, { name: 'x' })).status, 404);
});

test('suppliers: default lead time, duplicates and range', async () => {
  const dup = await mgr.post('/api/suppliers', { name: 'NPK' });
  assertError(dup, 409, 'duplicate_supplier');
  const bad = await mgr.post('/api/suppliers', { name: 'Y', lead_time_days: 731 });
  assertError(bad, 400, 'validation_failed');
  const badMoq = await mgr.post('/api/suppliers', { name: 'Y', moq: 0, email: 'not-mail' });
  assertError(badMoq, 400, 'validation_failed');
  assert.deepEqual(badMoq.json.error.details.map((d) => d.field).sort(), ['email', 'moq']);
  const full = await mgr.post('/api/suppliers', {
    name: '한빛유통', lead_time_days: 7, contact: '최사장', phone: '010-0000-5555',
    email: 'hanbit@example.com', moq: 20, memo: '소량 주문 가능',
  });
  assert.equal(full.status, 201, full.text);
  assert.equal(full.json.phone, '010-0000-5555');
  assert.equal(full.json.moq, 20);
  const page = await viewer.get('/api/suppliers?limit=1&offset=1');
  assert.equal(page.json.items.length, 1);
  assert.equal(page.json.total, 2);
  const npk = (await viewer.get('/api/suppliers')).json.items.find((s) => s.name === 'NPK');
  assert.equal(npk.lead_time_days, 120);
  assert.ok(npk.product_count >= 1);
  const ch = await mgr.patch(`/api/suppliers/${npk.id}`, { lead_time_days: 100 });
  assert.equal(ch.status, 200, ch.text);
  await mgr.patch('/api/products/KC-001', { lead_time_days: null });
  assert.equal((await viewer.get('/api/products/KC-001')).json.lead_time_days, 100);
});

test('suppliers: 담당자 is a person; phone and e-mail have their own fields', async () => {
  const cases = [
    ['02-000-1111 김대리', /전화번호는 '연락처'/],
    ['npk-export@example.com / +86 20 0000 0000', /전화번호는 '연락처', 이메일은 '이메일'/],
    ['kim@shop.example', /이메일은 '이메일'/],
  ];
  for (const [contact, msg] of cases) {
    const res = await mgr.post('/api/suppliers', { name: `담당자 ${contact}`, contact });
    assertError(res, 400, 'validation_failed');
    assert.deepEqual(res.json.error.details.map((d) => d.field), ['contact'], contact);
    assert.match(res.json.error.details[0].message, msg);
  }
  const phoneMail = await mgr.post('/api/suppliers', { name: '메일을 연락처에', phone: 'a@b.example' });
  assertError(phoneMail, 400, 'validation_failed');
  assert.deepEqual(phoneMail.json.error.details.map((d) => d.field), ['phone']);
  // A name with a team number or an extension is still a name.
  const ok = await mgr.post('/api/suppliers', {
    name: '바른건강', contact: '영업2팀 이주임 (내선 123)', phone: '02-000-3333', email: 'oem@bareun.example',
  });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual([ok.json.contact, ok.json.phone, ok.json.email],
    ['영업2팀 이주임 (내선 123)', '02-000-3333', 'oem@bareun.example']);
  const patch = await mgr.patch(`/api/suppliers/${ok.json.id}`, { contact: '이주임 010-1234-5678' });
  assertError(patch, 400, 'validation_failed');
  assert.equal((await viewer.get(`/api/suppliers/${ok.json.id}`)).json.contact, '영업2팀 이주임 (내선 123)');
});

test('list: paging, sorting, low stock, categories, xlsx export', async () => {
  const page = await viewer.get('/api/products?limit=2&offset=0&sort=-sku');
  assert.equal(page.status, 200);
  assert.equal(page.json.items.length, 2);
  assert.ok(page.json.total >= 5);
  assert.ok(page.json.items[0].sku > page.json.items[1].sku);
  const low = await viewer.get('/api/products?low_stock=1');
  assert.ok(low.json.items.some((p) => p.sku === 'KC-001')); // 0 on hand, safety 30
  assert.equal((await viewer.get('/api/products?limit=0')).status, 400);
  assert.equal((await viewer.get('/api/products?kind=box')).status, 400);
  const cats = await viewer.get('/api/categories');
  assert.ok(cats.json.items.includes('주방용품'));
  const x = await viewer.get('/api/products.xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal(x.body.subarray(0, 2).toString(), 'PK');
});

function upload(c, name, content, type) {
  const fd = new FormData();
  fd.append('file', new Blob([content], { type }), name);
  return c.post('/api/products/import', fd);
}

test('product table import: all or nothing, with the row of each problem', async () => {
  const before = await count(boss);
  const bad = [
    '마스터 SKU,상품명,카테고리,세트 유무,리드타임,최소 주문 수량,안전재고,제조사,공급처',
    'IMP-1,수입 냄비,주방용품,단품,30,10,5,한결키친,NPK',
    'IMP-2,수입 팬,주방용품,단품,100000,0,5,한결키친,NPK',
  ].join('\n');
  const r = await upload(mgr, 'products.csv', bad, 'text/csv');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.code, 'import_failed');
  assert.match(r.json.error.message, /3행/);
  const fields = r.json.error.details.filter((d) => d.row === 3).map((d) => d.field).sort();
  assert.deepEqual(fields, ['lead_time_days', 'moq']);
  assert.equal(await count(boss), before); // IMP-1 was not kept either

  const good = bad.replace('100000,0', '45,20').replace('IMP-1,수입 냄비', 'IMP-1,수입 냄비 "특대"');
  const ok = await upload(mgr, 'products.csv', good, 'text/csv');
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { created: 2, updated: 0 });
  const p = (await viewer.get('/api/products/IMP-2')).json;
  assert.equal(p.lead_time_days, 45);
  assert.equal(p.moq, 20);
  assert.equal(p.supplier, 'NPK');
  assert.equal(p.manufacturer, '한결키친');
  assert.equal((await staff.post('/api/products/import', {})).status, 403);
});

test('the exported .xlsx imports back unchanged', async () => {
  const x = await viewer.get('/api/products.xlsx');
  const beforeList = (await viewer.get('/api/products?status=all&limit=1000')).json.items;
  const r = await upload(mgr, 'products.xlsx', x.body,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 0);
  assert.equal(r.json.updated, beforeList.length);
  const afterList = (await viewer.get('/api/products?status=all&limit=1000')).json.items;
  const strip = (l) => l.map(({ updated_at, ...p }) => p);
  assert.deepEqual(strip(afterList), strip(beforeList));
});

// The header row and the rows of an .xlsx, read with Debian's python3-openpyxl.
function readXlsx(bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-products-'));
  const file = path.join(dir, 'p.xlsx');
  fs.writeFileSync(file, bytes);
  const py = spawnSync('/usr/bin/python3', ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps([[c.value for c in r] for r in ws.iter_rows()], default=str))`, file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(py.status, 0, py.stderr);
  const rows = JSON.parse(py.stdout);
  return { head: rows[0], rows: rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]]))) };
}

test('제조사 is its own field: list filter, manufacturers, export words', async () => {
  const a = await mgr.post('/api/products', {
    sku: 'MK-001', name: '스텐 텀블러', manufacturer: '스텐마을', supplier: '리빙하우스', unit_cost: 4500,
  });
  assert.equal(a.status, 201, a.text);
  assert.deepEqual([a.json.manufacturer, a.json.supplier], ['스텐마을', '리빙하우스']);
  const b = await mgr.post('/api/products', { sku: 'MK-002', name: '원목 도마', manufacturer: '한결키친', supplier: '리빙하우스' });
  assert.equal(b.status, 201, b.text);
  // NFD typed on a Mac finds the NFC name
  const only = await viewer.get('/api/products?manufacturer=' + encodeURIComponent('스텐마을'.normalize('NFD')));
  assert.deepEqual(only.json.items.map((p) => p.sku), ['MK-001']);
  assert.equal(only.json.total, 1);
  const sorted = await viewer.get('/api/products?sort=-manufacturer&limit=2');
  assert.equal(sorted.json.items[0].manufacturer, '한결키친');
  const makers = await viewer.get('/api/manufacturers');
  assert.equal(makers.status, 200);
  for (const m of ['스텐마을', '한결키친', 'NPK 공장']) assert.ok(makers.json.items.includes(m), m);
  assert.ok(!makers.json.items.includes(''));
  assert.equal((await other.get('/api/manufacturers')).json.items.length, 0, 'another organisation sees none');
  // clearing it
  const cleared = await mgr.patch('/api/products/MK-002', { manufacturer: null });
  assert.equal(cleared.json.manufacturer, '');
  assert.equal((await mgr.patch('/api/products/MK-002', { manufacturer: '한결키친' })).status, 200);

  // The export says 제조사 for the maker and 공급처 for the supplier, in the screens' words.
  const x = readXlsx((await mgr.get('/api/products.xlsx?manufacturer=' + encodeURIComponent('스텐마을'))).body);
  assert.deepEqual(x.head, ['마스터 SKU', '플레이오토 SKU', '상품명', '카테고리', '세트 유무', '리드타임',
    '최소 주문 수량', '안전재고', '안전재고 계산 방식', '월 수요', '발주 단위', '서비스 수준(%)',
    '제조사', '공급처', '현재 재고', '매입 단가', '바코드', '상태',
    '소비기한 관리', '메모', '적용 리드타임']);
  assert.equal(x.rows.length, 1);
  assert.equal(x.rows[0]['제조사'], '스텐마을');
  assert.equal(x.rows[0]['공급처'], '리빙하우스');
  assert.equal(x.rows[0]['매입 단가'], 4500);
  assert.equal(x.rows[0]['상태'], '사용 중');
  assert.equal(x.rows[0]['소비기한 관리'], '아니오');
});

test('product import: 제조사 and 공급처 apart, 상태 and 소비기한 관리 in the screens\' words', async () => {
  const csv = [
    '마스터 SKU,상품명,제조사,공급처,매입 단가,상태,소비기한 (유통기한) 관리',
    'MK-101,보리차,푸른음료,한빛유통,"1,200",사용 안 함,예',
    'MK-102,탄산수,푸른음료,한빛유통,900,사용 중,아니오',
  ].join('\n');
  const ok = await upload(mgr, 'makers.csv', csv, 'text/csv');
  assert.equal(ok.status, 200, ok.text);
  const p1 = (await mgr.get('/api/products/MK-101')).json; // 매입 단가: managers see it
  assert.deepEqual([p1.manufacturer, p1.supplier, p1.unit_cost, p1.active, p1.has_expiry],
    ['푸른음료', '한빛유통', 1200, false, true]);
  const p2 = (await viewer.get('/api/products/MK-102')).json;
  assert.deepEqual([p2.active, p2.has_expiry], [true, false]);
  // A word that is neither yes nor no is a problem of its row, not a silent "yes".
  const before = await count(boss);
  const bad = await upload(mgr, 'makers.csv', [
    '마스터 SKU,상품명,상태,소비기한 관리',
    'MK-103,콤부차,몰라,예',
    'MK-104,두유,사용 중,글쎄',
  ].join('\n'), 'text/csv');
  assertError(bad, 400, 'import_failed');
  assert.deepEqual(bad.json.error.details.map((d) => [d.row, d.field]), [[2, 'active'], [3, 'has_expiry']]);
  assert.match(bad.json.error.details[0].message, /'사용 중' 또는 '사용 안 함'/);
  assert.equal(await count(boss), before);
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A hand-built .xlsx (tests/roundtrip/imp_make.py, the same maker as the stock import tests).
function makeXlsx(spec) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-products-'));
  try {
    const out = path.join(dir, 'made.xlsx');
    const res = spawnSync('/usr/bin/python3', [path.join(ROOT, 'tests/roundtrip/imp_make.py'), out],
      { input: JSON.stringify(spec), encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function encryptedXlsx() {
  const b = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
  Buffer.from('EncryptionInfo', 'utf16le').copy(b, 1024);
  return b;
}

test('product table import: the same file refusals as the stock import, and nothing changed', async () => {
  const before = await count(boss);
  const exported = (await viewer.get('/api/products.xlsx')).body;
  const cases = [
    ['empty file', 'p.csv', Buffer.alloc(0), 'empty_file'],
    ['old .xls', 'p.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]), 'xls_format'],
    ['old .xls named .csv', 'p.csv', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]), 'xls_format'],
    ['password-protected .xlsx', 'p.xlsx', encryptedXlsx(), 'encrypted_file'],
    ['a picture', 'p.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0xfe, 0, 0]), 'not_spreadsheet'],
    ['text named .xlsx', 'p.xlsx', Buffer.from('마스터 SKU,상품명\nX-1,x\n'), 'not_spreadsheet'],
    ['truncated .xlsx', 'p.xlsx', exported.subarray(0, Math.floor(exported.length / 2)), 'corrupt_file'],
    ['zip bomb', 'p.xlsx', makeXlsx({ bomb: true }), 'file_too_large'],
    ['XML entity expansion', 'p.xlsx', makeXlsx({ entity: true, rows: [['마스터 SKU', '상품명'], ['X-1', '&lol4;']] }), 'xml_entity'],
    ['malformed XML', 'p.xlsx', makeXlsx({ raw_sheet: '<worksheet><sheetData><row><c><v>1</v></row>' }), 'bad_xml'],
    ['100,000 rows', 'p.xlsx', makeXlsx({ rows: [['마스터 SKU', '상품명']], many_rows: 100000 }), 'too_many_rows'],
    ['only a hidden sheet', 'p.xlsx', makeXlsx({ sheet_state: 'hidden', rows: [['마스터 SKU', '상품명'], ['X-1', 'x']] }), 'no_sheet'],
    ['neither UTF-8 nor CP949', 'p.csv', Buffer.from([0x61, 0x2c, 0x80, 0x80, 0x80, 0x0a]), 'bad_encoding'],
  ];
  for (const [what, name, bytes, code] of cases) {
    const res = await upload(mgr, name, bytes, 'application/octet-stream');
    try {
      assertError(res, 400, code);
    } catch (e) {
      e.message = `${what}: ${e.message}`;
      throw e;
    }
    if (code === 'xls_format') assert.match(res.json.error.message, /\.xlsx/);
  }
  assert.equal(await count(boss), before);
});

test('product table import: missing columns name the sheet and the headers found', async () => {
  let res = await upload(mgr, 'p.csv', '품번,이름,원가\nX-1,x,1\n', 'text/csv');
  assertError(res, 400, 'missing_column');
  assert.match(res.json.error.message, /'마스터 SKU', '상품명' 열을 찾을 수 없습니다/);
  assert.match(res.json.error.message, /CSV 파일에서 찾은 머리글\(1행\): '품번', '이름', '원가'/);
  assert.deepEqual(res.json.error.details, [{ sheet: null, header_row: 1, headers: ['품번', '이름', '원가'],
    missing: ['마스터 SKU', '상품명'] }]);
  res = await upload(mgr, 'p.xlsx', makeXlsx({ sheet_name: '상품', rows: [['제목 없는 표'], ['마스터 SKU', '이름표'], ['X-1', 'x']] }), XLSX);
  assertError(res, 400, 'missing_column');
  assert.match(res.json.error.message, /'상품명' 열을 찾을 수 없습니다\. 시트 '상품'에서 찾은 머리글\(2행\): '마스터 SKU', '이름표'/);
  assert.deepEqual(res.json.error.details[0].missing, ['상품명']);
});

test('product table import: formulas without a saved value or with an error are refused by cell', async () => {
  const before = await count(boss);
  const res = await upload(mgr, 'p.xlsx', makeXlsx({ sheet_name: '상품', rows: [
    ['마스터 SKU', '상품명', '리드타임', '원가'],
    ['FX-1', '수식 냄비', { f: '10*3' }, 1000],
    ['FX-2', '오류 냄비', 5, { f: '1/0', v: '#DIV/0!' }],
    ['FX-3', '멀쩡한 냄비', 5, 1000],
  ] }), XLSX);
  assertError(res, 400, 'import_failed');
  const d = res.json.error.details;
  assert.deepEqual(d.map((x) => [x.row, x.field, x.column, x.code]),
    [[2, 'lead_time_days', '리드타임', 'formula_without_value'], [3, 'unit_cost', '원가', 'formula_error']]);
  assert.match(d[0].message, /C2 셀/);
  assert.match(d[0].message, /엑셀에서 파일을 열어 저장한 뒤 다시 올려 주세요/);
  assert.match(d[1].message, /#DIV\/0!/);
  assert.equal(await count(boss), before);
});

test('product table import: full-width digits, odd package layouts', async () => {
  const head = '마스터 SKU,상품명,리드타임,원가,안전재고';
  const ok = await upload(mgr, 'p.csv', `${head}\nFW-1,전각 냄비,４５,"１２，０００",\u3000７\u3000\n`, 'text/csv');
  assert.equal(ok.status, 200, ok.text);
  const p = (await mgr.get('/api/products/FW-1')).json; // 매입 단가: managers see it
  assert.equal(p.lead_time_days, 45);
  assert.equal(p.unit_cost, 12000);
  assert.equal(p.safety_stock, 7);
  for (const [sku, spec] of [
    ['PK-1', { workbook_path: 'book/main.xml' }],
    ['PK-2', { backslash: true }],
  ]) {
    const res = await upload(mgr, 'p.xlsx', makeXlsx({ ...spec, sheet_name: '상품',
      rows: [['마스터 SKU', '상품명'], [sku, '포장 냄비']] }), XLSX);
    assert.equal(res.status, 200, `${sku}: ${res.text}`);
    assert.deepEqual(res.json, { created: 1, updated: 0 });
    assert.equal((await viewer.get(`/api/products/${sku}`)).json.name, '포장 냄비');
  }
});
