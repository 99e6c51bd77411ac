// imports.test.mjs — the stock template and inbound/outbound imports over HTTP: the template
// is a real .xlsx with the right headers; upload gives a preview and changes nothing; apply
// changes stock once, all or nothing; every bad input of the issue gets a Korean message and
// changes nothing; roles, other organisations, applying twice, the same file twice, stock
// that changed since the preview, and reversal of a whole batch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT } from './lib.mjs';

const PY = '/usr/bin/python3'; // Debian's python, where python3-openpyxl lives
const MAKE = path.join(ROOT, 'tests/roundtrip/imp_make.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['마스터 SKU', '플레이오토 SKU', '상품명', '카테고리', '세트 유무', '입고 수량',
  '출고 수량', '처리일자', '메모'];

let srv, boss, staff, viewer, outsider, manager;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-imports-'));

function makeXlsx(spec) {
  const out = path.join(tmp, `made-${Math.random().toString(36).slice(2)}.xlsx`);
  const res = spawnSync(PY, [MAKE, out], { input: JSON.stringify(spec), encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return fs.readFileSync(out);
}

async function upload(c, name, bytes, type = 'application/octet-stream') {
  const fd = new FormData();
  fd.append('file', new Blob([bytes], { type }), name);
  return c.post('/api/imports', fd);
}

async function onHand(c, sku) {
  const res = await c.get(`/api/products/${encodeURIComponent(sku)}`);
  assert.equal(res.status, 200, res.text);
  return res.json.on_hand;
}

async function stocks(c) {
  const out = {};
  for (const sku of ['A-001', 'A-002', 'B-001']) out[sku] = await onHand(c, sku);
  return out;
}

function codes(preview, severity) {
  return preview.problems.filter((p) => !severity || p.severity === severity).map((p) => p.code);
}

// A refused upload: stored as rejected, at least one Korean error, nothing to apply.
async function expectRefused(res, code) {
  assert.equal(res.status, 201, res.text);
  const pv = res.json;
  assert.equal(pv.can_apply, false, JSON.stringify(pv.problems));
  assert.equal(pv.status, 'rejected');
  assert.ok(pv.summary.errors >= 1);
  const errs = pv.problems.filter((p) => p.severity === 'error');
  assert.ok(errs.length >= 1);
  for (const p of errs) assert.match(p.message, /[가-힣]/, `Korean message for ${p.code}`);
  if (code) assert.ok(codes(pv, 'error').includes(code), `${code} in ${codes(pv).join(',')}`);
  const ap = await boss.post(`/api/imports/${pv.id}/apply`, {});
  assert.equal(ap.status, 409, ap.text);
  assert.equal(ap.json.error.code, 'has_errors');
  return pv;
}

// Overwrites compressed bytes of one zip member (its CRC no longer matches).
function corrupt(zip, member) {
  const out = Buffer.from(zip);
  const at = out.indexOf(member) + member.length + 20;
  out.fill(0x41, at, at + 120);
  return out;
}

// What a password-protected .xlsx looks like from outside: an OLE2 compound file holding an
// EncryptionInfo stream (its directory entry name is UTF-16).
function encryptedXlsx() {
  const b = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
  Buffer.from('EncryptionInfo', 'utf16le').copy(b, 1024);
  return b;
}

// The KST business date n days from now.
const inDays = (n) => new Date(Date.now() + 9 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

const csv = (rows) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  await srv.addUser({ login: 'mgr', role: 'manager', org: '가게A' });
  await srv.addUser({ login: 'staff', role: 'staff', org: '가게A', name: '이직원' });
  await srv.addUser({ login: 'viewer', role: 'viewer', org: '가게A' });
  await srv.addUser({ login: 'other', role: 'master', org: '가게B' });
  boss = await srv.login('boss');
  manager = await srv.login('mgr');
  staff = await srv.login('staff');
  viewer = await srv.login('viewer');
  outsider = await srv.login('other');
  const products = [
    { sku: 'A-001', name: '스텐 냄비 20cm', category: '주방용품', playauto_sku: 'PA-1' },
    { sku: 'A-002', name: '프라이팬', category: '주방용품' },
    { sku: 'B-001', name: '수건', category: '욕실', supplier: '수건상사' },
    { sku: 'SET-1', name: '냄비 세트', category: '주방용품', kind: 'set',
      components: [{ sku: 'A-001', qty: 2 }, { sku: 'A-002', qty: 1 }] },
    { sku: 'OLD-1', name: '단종 상품', active: false },
  ];
  for (const p of products) {
    const res = await boss.post('/api/products', p);
    assert.equal(res.status, 201, res.text);
  }
  for (const [sku, qty] of [['A-001', 100], ['A-002', 50], ['B-001', 10]]) {
    const res = await boss.post('/api/movements', { sku, type: 'inbound', qty });
    assert.equal(res.status, 201, res.text);
  }
  const res = await outsider.post('/api/products', { sku: 'A-001', name: '남의 상품' });
  assert.equal(res.status, 201, res.text);
});

after(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await srv.stop();
});

test('the template is a real xlsx with the exact headers, one row per active product', async () => {
  const res = await staff.get('/api/templates/stock.xlsx');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.deepEqual([...res.body.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
  const cd = res.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="stock-template-\d{4}-\d{2}-\d{2}\.xlsx"/);
  const enc = /filename\*=UTF-8''([^;]+)/.exec(cd)[1];
  assert.match(decodeURIComponent(enc), /^재고_템플릿_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = path.join(tmp, 'template.xlsx');
  fs.writeFileSync(file, res.body);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['입출고']
rows = [[c.value for c in r] for r in ws.iter_rows()]
meta = {r[0].value: r[1].value for r in wb['_jaego'].iter_rows()} if '_jaego' in wb.sheetnames else {}
print(json.dumps({"sheets": wb.sheetnames, "rows": rows, "freeze": ws.freeze_panes,
  "filter": ws.auto_filter.ref, "dv": len(ws.data_validations.dataValidation),
  "protected": bool(ws.protection.sheet), "meta": meta,
  "state": wb['_jaego'].sheet_state if '_jaego' in wb.sheetnames else None}, default=str))
`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const wb = JSON.parse(py.stdout);
  assert.deepEqual(wb.rows[0].slice(0, HEADERS.length), HEADERS);
  assert.ok(wb.sheets.includes('사용 방법'), 'instructions sheet');
  assert.equal(wb.state, 'veryHidden');
  assert.match(wb.freeze, /^[A-Z]2$/, 'header row frozen');
  assert.ok(wb.filter, 'filters on');
  assert.ok(wb.dv >= 2, 'data validation on the input columns');
  assert.ok(wb.protected, 'pre-filled columns locked');
  assert.ok(wb.meta.org_id && wb.meta.token && wb.meta.generated_at, JSON.stringify(wb.meta));
  const skus = wb.rows.slice(1).map((r) => r[0]);
  assert.deepEqual(skus, ['A-001', 'A-002', 'B-001', 'SET-1'], 'active products only, by SKU');
  const set = wb.rows.find((r) => r[0] === 'SET-1');
  assert.equal(set[4], '세트');
  assert.equal(wb.rows.find((r) => r[0] === 'A-001')[4], '단품');
  assert.equal(wb.rows.find((r) => r[0] === 'A-001')[1], 'PA-1');

  const filtered = await staff.get(`/api/templates/stock.xlsx?category=${encodeURIComponent('욕실')}`);
  assert.equal(filtered.status, 200);
  fs.writeFileSync(file, filtered.body);
  const py2 = spawnSync(PY, ['-c', `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['입출고']
print(",".join(str(r[0].value) for r in ws.iter_rows(min_row=2)))`, file], { encoding: 'utf8' });
  assert.equal(py2.stdout.trim(), 'B-001');
  const supplierId = (await boss.get('/api/products/B-001')).json.supplier_id;
  assert.ok(supplierId > 0);
  const bySupplier = await staff.get(`/api/templates/stock.xlsx?supplier_id=${supplierId}`);
  fs.writeFileSync(file, bySupplier.body);
  const py3 = spawnSync(PY, ['-c', `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['입출고']
print(",".join(str(r[0].value) for r in ws.iter_rows(min_row=2)))`, file], { encoding: 'utf8' });
  assert.equal(py3.stdout.trim(), 'B-001');
  assert.equal((await staff.get('/api/templates/stock.xlsx?supplier_id=x')).status, 400);

  assert.equal((await viewer.get('/api/templates/stock.xlsx')).status, 403);
  assert.equal((await srv.client().get('/api/templates/stock.xlsx')).status, 401);
});

test('upload previews without changing stock; apply changes it once; twice is refused', async () => {
  const before = await stocks(boss);
  const body = csv([['마스터 SKU', '입고 수량', '출고 수량', '메모'],
    ['A-001', 10, 3, '정상 입고'], ['SET-1', '', 2, '세트 출고'], ['B-001', '', '', '']]);
  const up = await upload(staff, '입출고_1월.csv', Buffer.from(body), 'text/csv');
  assert.equal(up.status, 201, up.text);
  const pv = up.json;
  assert.ok(pv.id > 0);
  assert.equal(pv.status, 'preview');
  assert.equal(pv.can_apply, true, JSON.stringify(pv.problems));
  assert.equal(pv.file_name, '입출고_1월.csv');
  assert.equal(pv.format, 'csv');
  const a1 = pv.diff.find((d) => d.sku === 'A-001');
  assert.deepEqual([a1.on_hand, a1.inbound, a1.outbound, a1.result], [100, 10, 7, 103]);
  const a2 = pv.diff.find((d) => d.sku === 'A-002');
  assert.deepEqual([a2.on_hand, a2.outbound, a2.result], [50, 2, 48]);
  assert.ok(!pv.diff.some((d) => d.sku === 'SET-1'), 'a set shows as its components');
  assert.deepEqual(await stocks(boss), before, 'the upload changes nothing');

  const ap = await staff.post(`/api/imports/${pv.id}/apply`, {});
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.json.status, 'applied');
  assert.equal(ap.json.applied_by.name, '이직원');
  assert.equal(ap.json.movement_count, 4); // A-001 in, A-001 out, SET-1 -> 2 component rows
  assert.deepEqual(await stocks(boss), { ...before, 'A-001': 103, 'A-002': 48 });

  const again = await boss.post(`/api/imports/${pv.id}/apply`, {});
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'already_applied');
  assert.match(again.json.error.message, /이직원/);
  assert.equal(again.json.error.details[0].batch_id, pv.id);

  const detail = await viewer.get(`/api/imports/${pv.id}`);
  assert.equal(detail.status, 200);
  assert.equal(detail.json.movements.length, 4);
  assert.ok(detail.json.preview.diff.length >= 2);
  const moves = await boss.get(`/api/movements?source=import&limit=100`);
  assert.ok(moves.json.items.filter((m) => m.ref === String(pv.id)).length === 4);

  // The same bytes again: a preview naming the earlier batch, and no apply.
  const dup = await upload(boss, 'copy.csv', Buffer.from(body), 'text/csv');
  const dpv = await expectRefused(dup, 'already_applied');
  assert.equal(dpv.already_applied.batch_id, pv.id);
  assert.match(dpv.problems.find((p) => p.code === 'already_applied').message, /이직원/);
  assert.deepEqual(await stocks(boss), { ...before, 'A-001': 103, 'A-002': 48 });

  const audit = await boss.get('/api/audit?limit=200');
  if (audit.status === 200 && Array.isArray(audit.json.items)) {
    assert.ok(audit.json.items.some((e) => e.kind === 'import.apply'), 'apply is audited');
  }

  // Reversal: manager+, once, and the file may be applied again afterwards.
  assert.equal((await staff.post(`/api/imports/${pv.id}/reverse`, {})).status, 403);
  const rv = await manager.post(`/api/imports/${pv.id}/reverse`, {});
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.status, 'reversed');
  assert.deepEqual(await stocks(boss), before);
  // The reversal rows carry the batch's ref too; the batch still lists what it applied.
  const after = (await boss.get('/api/movements?source=import&limit=100')).json.items
    .filter((m) => m.ref === String(pv.id));
  assert.equal(after.filter((m) => m.type === 'reversal').length, 4);
  const rdetail = await viewer.get(`/api/imports/${pv.id}`);
  assert.equal(rdetail.json.movements.length, 4);
  assert.ok(rdetail.json.movements.every((m) => m.reversed_by > 0));
  const rv2 = await boss.post(`/api/imports/${pv.id}/reverse`, {});
  assert.equal(rv2.status, 409);
  assert.equal(rv2.json.error.code, 'already_reversed');
  const re = await upload(boss, 're.csv', Buffer.from(body), 'text/csv');
  assert.equal(re.json.can_apply, true, JSON.stringify(re.json.problems));
  if (audit.status === 200) {
    const a2 = await boss.get('/api/audit?limit=200');
    assert.ok(a2.json.items.some((e) => e.kind === 'import.reverse'), 'reversal is audited');
  }
});

test('another organisation cannot see, apply or reverse a batch; its template is refused', async () => {
  const up = await upload(boss, 'x.csv', Buffer.from(csv([['마스터 SKU', '입고 수량'], ['B-001', 1]])));
  assert.equal(up.status, 201);
  const id = up.json.id;
  assert.equal((await outsider.get(`/api/imports/${id}`)).status, 404);
  assert.equal((await outsider.post(`/api/imports/${id}/apply`, {})).status, 404);
  assert.equal((await outsider.post(`/api/imports/${id}/reverse`, {})).status, 404);
  const list = await outsider.get('/api/imports');
  assert.ok(!list.json.items.some((b) => b.id === id));
  assert.equal((await boss.get('/api/imports/99999')).status, 404);
  assert.equal((await boss.get('/api/imports/abc')).status, 404);

  const tpl = await outsider.get('/api/templates/stock.xlsx');
  assert.equal(tpl.status, 200);
  const file = path.join(tmp, 'other.xlsx');
  const filled = path.join(tmp, 'other-filled.xlsx');
  fs.writeFileSync(file, tpl.body);
  const py = spawnSync(PY, [path.join(ROOT, 'tests/roundtrip/imp_fill.py'), file, filled,
    JSON.stringify({ 'A-001': { in: 5 } })], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const before = await stocks(boss);
  await expectRefused(await upload(boss, 'other.xlsx', fs.readFileSync(filled), XLSX),
    'foreign_template');
  assert.deepEqual(await stocks(boss), before);
});

test('roles: viewer lists but cannot upload or apply; staff uploads and applies', async () => {
  const body = Buffer.from(csv([['마스터 SKU', '입고 수량'], ['B-001', 2]]));
  assert.equal((await upload(viewer, 'v.csv', body)).status, 403);
  const up = await upload(staff, 'role.csv', body);
  assert.equal(up.status, 201);
  assert.equal((await viewer.post(`/api/imports/${up.json.id}/apply`, {})).status, 403);
  const list = await viewer.get('/api/imports');
  assert.equal(list.status, 200);
  assert.ok(list.json.total >= 1);
  assert.ok(list.json.items.some((b) => b.id === up.json.id && b.uploaded_by));
  const before = await onHand(boss, 'B-001');
  assert.equal((await staff.post(`/api/imports/${up.json.id}/apply`, {})).status, 200);
  assert.equal(await onHand(boss, 'B-001'), before + 2);
});

test('stock that changed since the preview: apply refused with 409, nothing changed', async () => {
  const now = await onHand(boss, 'A-002');
  const up = await upload(boss, 'late.csv',
    Buffer.from(csv([['마스터 SKU', '입고 수량', '출고 수량'], ['A-001', 1, ''], ['A-002', '', now]])));
  assert.equal(up.json.can_apply, true, JSON.stringify(up.json.problems));
  const mv = await boss.post('/api/movements', { sku: 'A-002', type: 'outbound', qty: 1 });
  assert.equal(mv.status, 201, mv.text);
  const a1 = await onHand(boss, 'A-001');
  const ap = await boss.post(`/api/imports/${up.json.id}/apply`, {});
  assert.equal(ap.status, 409, ap.text);
  assert.equal(ap.json.error.code, 'stock_changed');
  assert.match(ap.json.error.message, /다시 올려/);
  assert.equal(await onHand(boss, 'A-002'), now - 1);
  assert.equal(await onHand(boss, 'A-001'), a1, 'all or nothing: the inbound row was not kept');
  const b = await boss.get(`/api/imports/${up.json.id}`);
  assert.equal(b.json.status, 'preview');
});

test('concurrent applies: one batch, or two batches of the same file, apply once', async () => {
  const body = Buffer.from(csv([['마스터 SKU', '입고 수량', '메모'], ['B-001', 1, 'race']]));
  const before = await onHand(boss, 'B-001');
  const one = await upload(boss, 'race1.csv', body);
  const two = await upload(staff, 'race2.csv', body);
  assert.equal(one.json.can_apply, true);
  assert.equal(two.json.can_apply, true, 'neither is applied yet');
  const replies = await Promise.all([
    boss.post(`/api/imports/${one.json.id}/apply`, {}),
    staff.post(`/api/imports/${one.json.id}/apply`, {}),
    staff.post(`/api/imports/${two.json.id}/apply`, {}),
  ]);
  const st = replies.map((r) => r.status).sort();
  assert.deepEqual(st, [200, 409, 409], replies.map((r) => r.text).join('\n'));
  for (const r of replies.filter((x) => x.status === 409)) assert.equal(r.json.error.code, 'already_applied');
  assert.equal(await onHand(boss, 'B-001'), before + 1);
});

test('a reversal that would take stock below zero is refused whole', async () => {
  const up = await upload(boss, 'rev.csv', Buffer.from(csv([['마스터 SKU', '입고 수량'], ['B-001', 4], ['A-001', 1]])));
  assert.equal((await boss.post(`/api/imports/${up.json.id}/apply`, {})).status, 200);
  const now = await onHand(boss, 'B-001');
  assert.equal((await boss.post('/api/movements', { sku: 'B-001', type: 'outbound', qty: now })).status, 201);
  const a1 = await onHand(boss, 'A-001');
  const rv = await boss.post(`/api/imports/${up.json.id}/reverse`, {});
  assert.equal(rv.status, 409, rv.text);
  assert.equal(rv.json.error.code, 'insufficient_stock');
  assert.match(rv.json.error.message, /[가-힣]/);
  assert.equal(await onHand(boss, 'B-001'), 0);
  assert.equal(await onHand(boss, 'A-001'), a1, 'the A-001 row was not reversed either');
  assert.equal((await boss.get(`/api/imports/${up.json.id}`)).json.status, 'applied');
  assert.equal((await boss.post('/api/movements', { sku: 'B-001', type: 'inbound', qty: 10 })).status, 201);
});

test('spreadsheet shapes: shared strings, numbers as text, formulas, hidden rows, extra sheets', async () => {
  const xlsx = makeXlsx({
    extra_sheet: true,
    hidden: [4],
    rows: [
      ['재고 입출고 (제목 줄)'],
      [{ s: ' 마스터SKU ' }, '상품명', '비고', { s: '입고  수량' }, '출고수량'],
      [{ s: 'A-001' }, '냄비', '메모', { n: '4' }, null],
      ['B-001', '수건', null, { f: '2+3', v: 5 }, 1],
      ['A-002', null, null, null, null],
    ],
  });
  const up = await upload(boss, 'shapes.xlsx', xlsx, XLSX);
  assert.equal(up.status, 201, up.text);
  const pv = up.json;
  assert.equal(pv.can_apply, true, JSON.stringify(pv.problems));
  const it = (sku) => pv.items.find((i) => i.sku === sku);
  assert.equal(it('A-001').inbound, 4);
  assert.equal(it('B-001').inbound, 5, 'a formula is read by its cached value');
  assert.equal(it('B-001').outbound, 1);
  assert.ok(codes(pv, 'warning').includes('hidden_row'));
});

test('bad input: each gets a clear Korean message and nothing is applied', async () => {
  const before = await stocks(boss);
  const applied = (await boss.get('/api/imports?status=applied&limit=1000')).json.total;
  const tpl = (await boss.get('/api/templates/stock.xlsx')).body;
  const head = ['마스터 SKU', '입고 수량', '출고 수량'];
  const cases = [
    ['not a spreadsheet', 'photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0xfe, 0, 0]), 'not_spreadsheet'],
    ['old .xls', 'old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]), 'xls_format'],
    ['password-protected .xlsx', 'secret.xlsx', encryptedXlsx(), 'encrypted_file'],
    ['formula without a saved value', 'generated.xlsx', makeXlsx({ rows: [head, ['A-001', { f: '2*3' }, null]] }), 'formula_without_value'],
    ['truncated zip', 'cut.xlsx', tpl.subarray(0, Math.floor(tpl.length / 2)), 'corrupt_file'],
    ['corrupted zip', 'bad.xlsx', corrupt(tpl, 'xl/worksheets/sheet1.xml'), 'corrupt_file'],
    ['zip bomb', 'bomb.xlsx', makeXlsx({ bomb: true }), 'file_too_large'],
    ['XML entity expansion', 'lol.xlsx', makeXlsx({ entity: true, rows: [head, ['A-001', '&lol4;']] }), 'xml_entity'],
    ['malformed XML', 'broken.xlsx', makeXlsx({ raw_sheet: '<worksheet><sheetData><row><c><v>1</v></row>' }), 'bad_xml'],
    ['only a hidden sheet', 'hidden.xlsx', makeXlsx({ sheet_name: '시트1', sheet_state: 'hidden', rows: [head, ['A-001', 1, null]] }), 'no_sheet'],
    ['neither UTF-8 nor CP949', 'odd.csv', Buffer.from([0x61, 0x2c, 0x80, 0x80, 0x80, 0x0a]), 'bad_encoding'],
    ['100,000 rows', 'big.xlsx', makeXlsx({ rows: [head], many_rows: 100000 }), 'too_many_rows'],
    ['100,000 CSV rows', 'big.csv', Buffer.from(csv([head, ...Array.from({ length: 100000 }, () => ['A-001', 1, ''])])), 'too_many_rows'],
    ['missing column', 'nocol.csv', Buffer.from(csv([['마스터 SKU', '메모'], ['A-001', 'x']])), 'missing_column'],
    ['renamed headers', 'renamed.csv', Buffer.from(csv([['품번', '들어온 것', '나간 것'], ['A-001', 1, 2]])), 'missing_column'],
    ['merged cells', 'merged.xlsx', makeXlsx({ rows: [head, ['A-001', 3, null]], merges: ['B2:C2'] }), 'merged_cells'],
    ['Korean text in a number cell', 'text.csv', Buffer.from(csv([head, ['A-001', '다섯', '']])), 'not_a_number'],
    ['negative number', 'neg.csv', Buffer.from(csv([head, ['A-001', -3, '']])), 'negative_qty'],
    ['fractional number', 'frac.csv', Buffer.from(csv([head, ['A-001', 1.5, '']])), 'fractional_qty'],
    ['formula error', 'ferr.xlsx', makeXlsx({ rows: [head, ['A-001', { f: '1/0', v: '#DIV/0!' }, null]] }), 'formula_error'],
    ['unknown SKU', 'unk.csv', Buffer.from(csv([head, ['NOPE-9', 1, '']])), 'unknown_sku'],
    ['inactive SKU', 'old.csv', Buffer.from(csv([head, ['OLD-1', 1, '']])), 'inactive_sku'],
    ['stock below zero', 'neg-stock.csv', Buffer.from(csv([head, ['B-001', '', 100000]])), 'stock_below_zero'],
    ['conflicting duplicate rows', 'dup.csv', Buffer.from(csv([head, ['A-001', 1, ''], ['A-001', 2, '']])), 'duplicate_sku_conflict'],
    // The ledger's per-movement limit (LEDGER_MAX_QTY) is checked in the preview itself.
    ['quantity over the ledger limit', 'huge.csv', Buffer.from(csv([head, ['A-001', 1000001, '']])), 'qty_too_large'],
    ['future date', 'future.csv', Buffer.from(csv([[...head, '처리일자'], ['A-001', 1, '', inDays(3)]])), 'future_date'],
    ['empty file', 'empty.csv', Buffer.alloc(0), 'empty_file'],
    ['only headers', 'headers.csv', Buffer.from(csv([head]))],
  ];
  for (const [what, name, bytes, code] of cases) {
    const res = await upload(boss, name, bytes);
    try {
      const pv = await expectRefused(res);
      if (code) assert.ok(codes(pv, 'error').includes(code), `${code} expected, got ${codes(pv).join(',')}`);
      if (code === 'xls_format') assert.match(pv.problems[0].message, /\.xlsx/);
    } catch (e) {
      e.message = `${what}: ${e.message}`;
      throw e;
    }
  }
  assert.deepEqual(await stocks(boss), before);
  assert.equal((await boss.get('/api/imports?status=applied&limit=1000')).json.total, applied);
});

test('a memo over the ledger limit is cut on a character boundary, with a warning', async () => {
  const memo = 'a'.repeat(1000) + '가'.repeat(1001); // 2,001 characters
  const up = await upload(boss, 'memo.csv', Buffer.from(csv([['마스터 SKU', '입고 수량', '메모'],
    ['A-002', 1, memo]])), 'text/csv');
  assert.equal(up.status, 201, up.text);
  const p = up.json.problems.find((x) => x.code === 'memo_truncated');
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /2,000자/);
  assert.equal(up.json.can_apply, true);
  const ap = await boss.post(`/api/imports/${up.json.id}/apply`, {});
  assert.equal(ap.status, 200, ap.text);
  const m = (await boss.get(`/api/imports/${up.json.id}`)).json.movements[0];
  assert.equal(m.memo, memo.slice(0, 2000));
});

test('requests that are not a usable upload', async () => {
  const json = await boss.post('/api/imports', { file: 'x' });
  assert.equal(json.status, 415);
  const fd = new FormData();
  fd.append('other', 'x');
  const nofile = await boss.post('/api/imports', fd);
  assert.equal(nofile.status, 400);
  assert.equal(nofile.json.error.code, 'missing_file');
  const cut = await boss.post('/api/imports',
    '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nA,1',
    { 'Content-Type': 'multipart/form-data; boundary=b' });
  assert.equal(cut.status, 400);
  assert.equal(cut.json.error.code, 'bad_upload');
  assert.match(cut.json.error.message, /[가-힣]/);
  assert.equal((await boss.post('/api/imports/1/apply', {}, { 'X-CSRF-Token': 'wrong' })).status, 403);
  // Over the 20 MiB upload limit: refused from the headers, before the body is read.
  const reply = await new Promise((resolve, reject) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let data = '';
    sock.on('data', (d) => { data += d; if (data.includes('\r\n\r\n')) { sock.destroy(); resolve(data); } });
    sock.on('error', reject);
    sock.on('close', () => resolve(data));
    sock.write(`POST /api/imports HTTP/1.1\r\nHost: x\r\nCookie: ${boss.cookie}\r\n` +
      `X-CSRF-Token: ${boss.csrf}\r\nContent-Type: multipart/form-data; boundary=b\r\n` +
      `Content-Length: ${21 * 1024 * 1024}\r\n\r\n`);
  });
  assert.match(reply, /^HTTP\/1\.1 413/);
});

// The rows of the template sheet, read with openpyxl.
function templateRows(bytes) {
  const file = path.join(tmp, `tpl-${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(file, bytes);
  const py = spawnSync(PY, ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['입출고']
print(json.dumps([[c.value for c in r] for r in ws.iter_rows()], default=str))`, file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout);
}

test('소비기한: the template asks for it, each inbound row of a dated product needs it', async () => {
  const made = await boss.post('/api/products', { sku: 'F-001', name: '유기농 두유', has_expiry: true });
  assert.equal(made.status, 201, made.text);
  const tpl = await staff.get('/api/templates/stock.xlsx');
  const rows = templateRows(tpl.body);
  assert.deepEqual(rows[0], [...HEADERS, '소비기한', '로트 번호', '현재 재고', '소비기한 관리']);
  const dated = rows.find((r) => r[0] === 'F-001');
  assert.equal(dated[12], '예');
  assert.equal(rows.find((r) => r[0] === 'A-001')[12], null);

  // The template filled without the date: the row is an error, nothing can be applied.
  const file = path.join(tmp, 'dated.xlsx');
  const filled = path.join(tmp, 'dated-filled.xlsx');
  fs.writeFileSync(file, tpl.body);
  const fill = (spec) => {
    const py = spawnSync(PY, [path.join(ROOT, 'tests/roundtrip/imp_fill.py'), file, filled,
      JSON.stringify(spec)], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    return fs.readFileSync(filled);
  };
  const before = await stocks(boss);
  const missing = await upload(staff, 'dated.xlsx', fill({ 'F-001': { in: 5 }, 'A-001': { in: 1 } }), XLSX);
  const pv = await expectRefused(missing, 'expiry_required');
  const p = pv.problems.find((x) => x.code === 'expiry_required');
  assert.equal(p.row, rows.findIndex((r) => r[0] === 'F-001') + 1);
  assert.equal(p.column, '소비기한');
  assert.match(p.message, /F-001.*소비기한.*모름/s);

  // With a date and a lot, and with "모름": applied, the latter with a warning.
  const ok = await upload(staff, 'dated-ok.xlsx',
    fill({ 'F-001': { in: 5, expiry: '2027-06-30', lot: 'L-26' }, 'A-001': { in: 1, expiry: '모름' } }), XLSX);
  assert.equal(ok.json.can_apply, true, JSON.stringify(ok.json.problems));
  const unk = await upload(staff, 'dated-unknown.csv', Buffer.from(csv([
    ['마스터 SKU', '입고 수량', '처리일자', '소비기한'], ['F-001', 2, inDays(-1), '모름']])), 'text/csv');
  assert.equal(unk.json.can_apply, true, JSON.stringify(unk.json.problems));
  assert.deepEqual(codes(unk.json, 'warning').filter((c) => c.startsWith('expiry')), ['expiry_unknown']);
  assert.equal(unk.json.items[0].expiry_unknown, true);
  for (const id of [ok.json.id, unk.json.id]) {
    const ap = await staff.post(`/api/imports/${id}/apply`, {});
    assert.equal(ap.status, 200, ap.text);
  }
  const moves = (await viewer.get('/api/movements?sku=F-001')).json.items;
  assert.deepEqual(moves.map((m) => [m.qty, m.expiry, m.lot, m.expiry_unknown]).sort(),
    [[2, null, null, true], [5, '2027-06-30', 'L-26', false]]);
  const a1 = (await viewer.get('/api/movements?sku=A-001&limit=1')).json.items[0];
  assert.equal(a1.expiry_unknown, false, '"모름" means nothing for an undated product');
  assert.ok(!ok.json.problems.some((x) => x.code === 'expiry_unknown'), JSON.stringify(ok.json.problems));
  assert.deepEqual(await stocks(boss), { ...before, 'A-001': before['A-001'] + 1 });

  // A preview made before the product became dated is not applied as it was.
  const late = await upload(staff, 'late-dated.csv', Buffer.from(csv([['마스터 SKU', '입고 수량'], ['A-002', 1]])), 'text/csv');
  assert.equal(late.json.can_apply, true);
  assert.equal((await manager.patch('/api/products/A-002', { has_expiry: true })).status, 200);
  const ap = await staff.post(`/api/imports/${late.json.id}/apply`, {});
  assert.equal(ap.status, 409, ap.text);
  assert.equal(ap.json.error.code, 'preview_outdated');
  assert.equal(ap.json.error.details[0].code, 'expiry_required');
  assert.equal((await manager.patch('/api/products/A-002', { has_expiry: false })).status, 200);
});

test('refusals name what to fix: the sheet and headers found, the cell holding a formula', async () => {
  const head = ['마스터 SKU', '입고 수량', '출고 수량'];
  let pv = await expectRefused(await upload(boss, 'renamed.xlsx',
    makeXlsx({ sheet_name: '1월 입고', rows: [['품번', '들어온 것', '나간 것'], ['A-001', 1, 2]] }), XLSX), 'missing_column');
  let p = pv.problems.find((x) => x.code === 'missing_column');
  assert.match(p.message, /시트 '1월 입고'에서 찾은 머리글\(1행\): '품번', '들어온 것', '나간 것'/);
  assert.deepEqual(p.details, { sheet: '1월 입고', header_row: 1, headers: ['품번', '들어온 것', '나간 것'],
    missing: ['마스터 SKU', '입고 수량', '출고 수량'] });
  pv = await expectRefused(await upload(boss, 'noqty.csv', Buffer.from(csv([['마스터 SKU', '메모'], ['A-001', 'x']]))), 'missing_column');
  p = pv.problems.find((x) => x.code === 'missing_column');
  assert.match(p.message, /CSV 파일에서 찾은 머리글\(1행\): '마스터 SKU', '메모'/);
  assert.equal(p.details.sheet, null);

  // Formulas written without their results are errors on their cells, not empty cells.
  pv = await expectRefused(await upload(boss, 'generated.xlsx',
    makeXlsx({ rows: [head, ['A-001', { f: '2*3' }, null], ['A-002', null, { f: 'B2' }]] }), XLSX), 'formula_without_value');
  const f = pv.problems.filter((x) => x.code === 'formula_without_value');
  assert.deepEqual(f.map((x) => [x.row, x.column]), [[2, '입고 수량'], [3, '출고 수량']]);
  assert.match(f[0].message, /B2 셀/);
  assert.match(f[0].message, /엑셀에서 파일을 열어 저장한 뒤 다시 올려 주세요/);
  assert.ok(!codes(pv).includes('nothing_to_apply'), codes(pv).join(','));
});

test('full-width digits, a workbook found through _rels/.rels, zip entries with backslashes', async () => {
  const head = ['마스터 SKU', '입고 수량', '출고 수량'];
  const up = await upload(boss, 'fullwidth.csv', Buffer.from(csv([head, ['A-001', '１２', ''], ['A-002', '"１，２００"', '']])));
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.can_apply, true, JSON.stringify(up.json.problems));
  assert.deepEqual(up.json.items.map((i) => [i.sku, i.inbound]), [['A-001', 12], ['A-002', 1200]]);
  for (const [what, spec] of [
    ['workbook part elsewhere', { workbook_path: 'book/main.xml' }],
    ['backslashes', { backslash: true }],
    ['both', { workbook_path: 'book/main.xml', backslash: true }],
  ]) {
    const res = await upload(boss, 'odd.xlsx', makeXlsx({ ...spec, rows: [head, ['A-001', 3, null]] }), XLSX);
    assert.equal(res.status, 201, `${what}: ${res.text}`);
    assert.equal(res.json.can_apply, true, `${what}: ${JSON.stringify(res.json.problems)}`);
    assert.equal(res.json.format, 'xlsx');
    assert.deepEqual(res.json.items.map((i) => [i.sku, i.inbound]), [['A-001', 3]], what);
  }
});
