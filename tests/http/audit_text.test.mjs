// audit_text.test.mjs — every audit row reads as Korean on the screen and in the exports:
// GET /api/audit adds a label, a target, a summary and the changed fields in words to each
// row (rendered by the server, src/audit_text.c), and the CSV export writes the same texts.
// Also a guard: every audit kind written anywhere in src/ has a renderer entry and a unit
// test in tests/unit/test_audit_text.c.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ROOT } from './lib.mjs';

let srv, boss, items;
const hangul = /[가-힣]/;
// What a seller should never read: JSON, internal codes and keys.
const RAW = /[{}"]|\[object|file_hash|import_batch|created_at|\b(rejected|preview|applied|inbound|outbound|viewer|staff|true|false)\b/;

async function upload(c, name, text) {
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(text)], { type: 'text/csv' }), name);
  return c.post('/api/imports', fd);
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', org: '가게A', name: '김사장' });
  boss = await srv.login('boss');
  const ok = (res, status = 200) => { assert.equal(res.status, status, res.text); return res.json; };
  await srv.client().post('/api/session', { login: 'boss', password: 'wrong-password' });
  const kim = ok(await boss.post('/api/users', { login: 'kim', name: '김직원', role: 'viewer', password: 'password-kim' }), 201);
  ok(await boss.patch(`/api/users/${kim.id}`, { role: 'staff' }));
  ok(await boss.patch(`/api/users/${kim.id}`, { name: '김대리' }));
  ok(await boss.patch(`/api/users/${kim.id}`, { active: false }));
  ok(await boss.patch(`/api/users/${kim.id}`, { active: true, password: 'password-new' }));
  ok(await boss.post('/api/suppliers', { name: 'NPK', lead_time_days: 120 }), 201);
  ok(await boss.post('/api/products', { sku: 'POT-1', name: '스텐 냄비', unit_cost: 12000 }), 201);
  ok(await boss.patch('/api/products/POT-1', { safety_stock: 20, memo: '인기 상품' }));
  ok(await boss.post('/api/products', { sku: 'OLD-1', name: '단종 상품' }), 201);
  ok(await boss.del('/api/products/OLD-1'));
  ok(await boss.post('/api/movements', { sku: 'POT-1', type: 'inbound', qty: 2723 }), 201);
  const out = ok(await boss.post('/api/movements', { sku: 'POT-1', type: 'outbound', qty: 5, memo: '쿠팡 주문' }), 201);
  ok(await boss.post(`/api/movements/${out.movement.id}/reverse`, { memo: '잘못 입력' }), 201);
  const up = ok(await upload(boss, '입출고.csv', '마스터 SKU,입고 수량\nPOT-1,7\n'), 201);
  ok(await boss.post(`/api/imports/${up.id}/apply`, {}));
  ok(await boss.post(`/api/imports/${up.id}/reverse`, {}));
  ok(await upload(boss, '틀린.csv', '마스터 SKU,입고 수량\nNOPE,1\n'), 201);
  ok(await boss.patch('/api/org', { allow_negative_stock: true }));
  ok(await boss.post('/api/events', { name: '11월 십일절', date: '2025-11-11', kind: 'promotion' }), 201);
  const b2 = await srv.login('boss');
  await b2.del('/api/session');
  items = ok(await boss.get('/api/audit?limit=1000')).items;
});
after(async () => { await srv.stop(); });

function find(kind) {
  const it = items.find((i) => i.kind === kind);
  assert.ok(it, `no ${kind} row`);
  return it;
}

test('every row has a Korean label, target and summary, and no raw data', () => {
  assert.ok(items.length >= 20);
  for (const it of items) {
    assert.match(it.label, hangul, `${it.kind} label`);
    for (const s of [it.label, it.target, it.summary]) assert.doesNotMatch(s, RAW, `${it.kind}: ${s}`);
    assert.ok(Array.isArray(it.changes));
    for (const c of it.changes) {
      for (const s of [c.label, c.before, c.after].filter((x) => x !== null)) {
        assert.doesNotMatch(s, RAW, `${it.kind} ${c.field}: ${s}`);
      }
    }
    // the stored values stay available to programs
    assert.ok('before' in it && 'after' in it);
  }
});

test('movement rows say what moved, and a reversal names the original', () => {
  const created = items.filter((i) => i.kind === 'movement.create');
  assert.ok(created.some((i) => i.summary === `출고 5개 (${i.after.movement.date}) · 처리 후 재고 2,718개`),
    created.map((i) => i.summary).join('\n'));
  const out = created.find((i) => /출고/.test(i.summary));
  assert.equal(out.target, '상품 POT-1 스텐 냄비');
  assert.deepEqual(out.changes.map((c) => `${c.label}: ${c.after}`), ['메모: 쿠팡 주문']);
  const rev = find('movement.reverse');
  assert.equal(rev.label, '입출고 되돌리기');
  assert.match(rev.target, /^입출고 #\d+ \(POT-1 스텐 냄비\)$/);
  assert.match(rev.summary, /^#\d+ 출고 5개 \(\d{4}-\d\d-\d\d\) 기록을 되돌렸습니다 · 처리 후 재고 2,723개$/);
});

test('upload rows show the file, counts and status in words', () => {
  const ups = items.filter((i) => i.kind === 'import.upload');
  const bad = ups.find((i) => i.after.status === 'rejected');
  assert.match(bad.target, /^업로드 #\d+ 틀린\.csv$/);
  assert.equal(bad.summary, '1행 (정상 0, 경고 0, 오류 1) · 오류로 보류');
  const good = ups.find((i) => i.after.status === 'preview');
  assert.equal(good.summary, '1행 (정상 1, 경고 0, 오류 0) · 적용 대기');
  assert.equal(find('import.apply').summary, '입출고 1건을 재고에 반영했습니다');
  assert.equal(find('import.reverse').summary, '입출고 1건을 되돌렸습니다');
});

test('members, products, suppliers, settings and events read as changes', () => {
  assert.equal(find('user.role').summary, '권한: 뷰어 → 스태프');
  assert.equal(find('user.role').target, '회원 김대리', 'the member by their current name');
  assert.equal(find('user.name').summary, '이름: 김직원 → 김대리');
  assert.equal(find('user.create').summary, '아이디 kim, 권한 뷰어로 추가했습니다');
  assert.equal(find('user.disable').label, '회원 비활성화');
  assert.equal(find('user.enable').label, '회원 활성화');
  assert.equal(find('user.password_reset').label, '비밀번호 재설정');
  assert.equal(find('session.login_failed').summary, '아이디 boss: 비밀번호가 틀림');
  assert.equal(find('session.login').summary, '로그인했습니다');
  assert.equal(find('session.logout').summary, '로그아웃했습니다');
  const upd = find('product.update');
  assert.equal(upd.summary, '안전재고, 메모 수정');
  assert.deepEqual(upd.changes.map((c) => [c.label, c.before, c.after]),
    [['안전재고', '0개', '20개'], ['메모', '(없음)', '인기 상품']]);
  const created = items.find((i) => i.kind === 'product.create' && i.entity_id === 'POT-1');
  assert.equal(created.target, '상품 POT-1 스텐 냄비');
  assert.equal(created.summary, '스텐 냄비를 등록했습니다');
  assert.ok(created.changes.some((c) => c.label === '매입 단가' && c.after === '12,000원'));
  assert.equal(find('product.delete').summary, '단종 상품을 삭제했습니다');
  assert.equal(find('supplier.create').target, '공급처 NPK');
  assert.equal(find('org.update').summary, '마이너스 재고 허용 변경');
  assert.deepEqual(find('org.update').changes.map((c) => [c.before, c.after]), [['아니오', '예']]);
  assert.equal(find('event.create').target, '행사 11월 십일절 (2025-11-11)');
});

test('the CSV export reads like the screen', async () => {
  const res = await boss.get('/api/audit.csv');
  assert.equal(res.status, 200);
  for (const kind of ['movement.reverse', 'import.upload', 'product.update', 'user.role']) {
    const it = find(kind);
    assert.ok(res.text.includes(`"${it.label}","${it.target}","${it.summary}"`), `${kind} in the CSV`);
  }
  assert.ok(res.text.includes('"안전재고: 0개 → 20개\n메모: (없음) → 인기 상품"'));
  assert.ok(!res.text.includes('file_hash'));
});

test('every audit kind written in src/ has a Korean rendering and a unit test', () => {
  const src = path.join(ROOT, 'src');
  const kinds = new Set();
  // every C file of src/ and of its layer folders
  const files = fs.readdirSync(src, { recursive: true }).filter((n) => n.endsWith('.c') && path.basename(n) !== 'audit_text.c');
  for (const f of files) {
    const text = fs.readFileSync(path.join(src, f), 'utf8').replace(/^#include .*$/gm, '');
    if (!/audit_record|audit_change|req_tx_commit_audited/.test(text)) continue;
    for (const m of text.matchAll(/"((?:session|user|movement|product|supplier|import|org|event)\.[a-z_]+)"/g)) {
      kinds.add(m[1]);
    }
  }
  assert.ok(kinds.size >= 25, [...kinds].join(' '));
  const renderer = fs.readFileSync(path.join(src, 'domain', 'audit_text.c'), 'utf8');
  const unit = fs.readFileSync(path.join(ROOT, 'tests/unit/test_audit_text.c'), 'utf8');
  for (const k of kinds) {
    assert.ok(renderer.includes(`"${k}"`), `${k} has no entry in src/domain/audit_text.c`);
    assert.ok(unit.includes(`"${k}"`), `${k} has no test in tests/unit/test_audit_text.c`);
  }
});
