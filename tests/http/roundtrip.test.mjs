// roundtrip.test.mjs — the downloaded template through programs no one here wrote, then
// uploaded and applied: (1) LibreOffice Calc headless re-saving a filled template, (2)
// openpyxl filling quantities, (3) a CSV saved in CP949 (iconv), as Korean Excel writes
// it. Each must produce exactly the expected stock changes, nothing more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT } from './lib.mjs';

const PY = '/usr/bin/python3'; // Debian's python, where python3-openpyxl lives
const FILL = path.join(ROOT, 'tests/roundtrip/imp_fill.py');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SKUS = ['A-001', 'A-002', 'B-001', '한글-01'];
const SOFFICE = ['soffice', 'libreoffice'].find(
  (p) => spawnSync('sh', ['-c', `command -v ${p}`]).status === 0);

let srv, boss;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-roundtrip-'));
const kstDay = (n) => new Date(Date.now() + 9 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

async function stocks() {
  const out = {};
  for (const sku of SKUS) {
    const res = await boss.get(`/api/products/${encodeURIComponent(sku)}`);
    assert.equal(res.status, 200, res.text);
    out[sku] = res.json.on_hand;
  }
  return out;
}

async function template(name) {
  const res = await boss.get('/api/templates/stock.xlsx');
  assert.equal(res.status, 200, res.text);
  const file = path.join(tmp, name);
  fs.writeFileSync(file, res.body);
  return file;
}

function fill(src, dst, fills) {
  const res = spawnSync(PY, [FILL, src, dst, JSON.stringify(fills)], { encoding: 'utf8' });
  assert.equal(res.status, 0, `openpyxl: ${res.stderr}`);
}

// Uploads, checks the preview has no error, applies, and checks the exact stock change.
async function uploadApply(name, bytes, type, delta, movements) {
  const before = await stocks();
  const fd = new FormData();
  fd.append('file', new Blob([bytes], { type }), name);
  const up = await boss.post('/api/imports', fd);
  assert.equal(up.status, 201, up.text);
  const pv = up.json;
  assert.equal(pv.can_apply, true, JSON.stringify(pv.problems));
  assert.equal(pv.summary.errors, 0);
  assert.deepEqual(await stocks(), before, 'the preview changes nothing');
  const ap = await boss.post(`/api/imports/${pv.id}/apply`, {});
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.json.movement_count, movements);
  const expected = { ...before };
  for (const [sku, d] of Object.entries(delta)) expected[sku] += d;
  assert.deepEqual(await stocks(), expected);
  return pv;
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  boss = await srv.login('boss');
  const products = [
    { sku: 'A-001', name: '스텐 냄비 20cm', category: '주방용품', playauto_sku: 'PA-1' },
    { sku: 'A-002', name: '프라이팬 "특대"', category: '주방용품' },
    { sku: 'B-001', name: '수건, 5장', category: '욕실' },
    { sku: '한글-01', name: '한글 SKU 상품', category: '기타' },
    { sku: 'SET-1', name: '냄비 세트', category: '주방용품', kind: 'set',
      components: [{ sku: 'A-001', qty: 2 }, { sku: 'A-002', qty: 1 }] },
  ];
  for (const p of products) {
    const res = await boss.post('/api/products', p);
    assert.equal(res.status, 201, res.text);
  }
  for (const [sku, qty] of [['A-001', 100], ['A-002', 50], ['B-001', 30], ['한글-01', 5]]) {
    const res = await boss.post('/api/movements', { sku, type: 'inbound', qty });
    assert.equal(res.status, 201, res.text);
  }
});

after(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await srv.stop();
});

test('openpyxl fills quantities in the downloaded template', async () => {
  const src = await template('openpyxl-template.xlsx');
  const dst = path.join(tmp, 'openpyxl-filled.xlsx');
  fill(src, dst, {
    'A-001': { in: 7, out: 2, date: kstDay(-2), memo: 'openpyxl 입력' },
    'SET-1': { out: 1 },
    'B-001': { out: 3 },
  });
  const pv = await uploadApply('openpyxl.xlsx', fs.readFileSync(dst), XLSX,
    { 'A-001': 7 - 2 - 2, 'A-002': -1, 'B-001': -3 }, 5);
  assert.ok(!pv.problems.some((p) => p.code === 'no_template_metadata'),
    'openpyxl keeps the hidden metadata sheet');
  assert.equal(pv.items.find((i) => i.sku === 'A-001').date, kstDay(-2));
});

test('LibreOffice Calc re-saves a filled template', { skip: SOFFICE ? false : 'soffice not installed (Debian libreoffice-calc)' }, async (t) => {
  const src = await template('lo-template.xlsx');
  const filled = path.join(tmp, 'lo-filled.xlsx');
  fill(src, filled, { 'A-002': { in: 12 }, '한글-01': { out: 5 }, 'SET-1': { in: 2 } });
  const outdir = fs.mkdtempSync(path.join(tmp, 'lo-out-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  const res = spawnSync(SOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless',
    '--convert-to', 'xlsx', '--outdir', outdir, filled], { encoding: 'utf8', timeout: 120000 });
  fs.rmSync(profile, { recursive: true, force: true });
  const out = path.join(outdir, 'lo-filled.xlsx');
  assert.ok(fs.existsSync(out), `soffice wrote nothing: ${res.status} ${res.stderr} ${res.stdout}`);
  const bytes = fs.readFileSync(out);
  assert.notDeepEqual(bytes, fs.readFileSync(filled), 'LibreOffice wrote its own file');
  const pv = await uploadApply('libreoffice.xlsx', bytes, XLSX,
    { 'A-002': 12 + 2, '한글-01': -5, 'A-001': 4 }, 4);
  t.diagnostic(`LibreOffice kept the template metadata: ${!pv.problems.some((p) => p.code === 'no_template_metadata')}`);
});

test('a CSV saved in CP949, as Korean Excel writes it', async () => {
  const text = [
    '마스터 SKU,플레이오토 SKU,상품명,카테고리,세트 유무,입고 수량,출고 수량,처리일자,메모',
    `A-001,PA-1,스텐 냄비 20cm,주방용품,단품,3,,${kstDay(-1)},한글 메모`,
    'A-002,,"프라이팬 ""특대""",주방용품,단품,,4,,',
    'B-001,,"수건, 5장",욕실,단품,,,,',
    '한글-01,,한글 SKU 상품,기타,단품,9,1,,',
  ].join('\r\n') + '\r\n';
  const res = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'CP949'], { input: Buffer.from(text) });
  assert.equal(res.status, 0, String(res.stderr));
  const bytes = res.stdout;
  assert.ok(!bytes.equals(Buffer.from(text)), 'really re-encoded');
  const pv = await uploadApply('재고_cp949.csv', bytes, 'text/csv',
    { 'A-001': 3, 'A-002': -4, '한글-01': 8 }, 4);
  assert.equal(pv.encoding, 'cp949');
  assert.equal(pv.items.find((i) => i.sku === 'A-001').memo, '한글 메모');
});
