// An in-memory stand-in for the jaego JSON API (docs/api.md), used to develop and
// screenshot the web UI while server routes are still being written. It serves web/dist
// with the SPA fallback. Not a test of the server: the browser tests use the real binary
// for every route it has. Run: node tests/e2e/mock-server.mjs [port]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = process.env.WEB_DIST || path.join(here, '..', '..', 'web', 'dist');

// Deterministic data: a seeded generator (mulberry32).
function rng(seed) {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export function makeState() {
  const r = rng(42);
  const users = [
    { id: 1, login: 'boss', name: '김민지', role: 'master', active: true, created_at: '2025-01-02T01:00:00Z', password: 'boss-pass-1' },
    { id: 2, login: 'seoyeon', name: '이서연', role: 'manager', active: true, created_at: '2025-01-03T01:00:00Z', password: 'manager-pass-1' },
    { id: 3, login: 'junho', name: '박준호', role: 'staff', active: true, created_at: '2025-01-03T02:00:00Z', password: 'staff-pass-1' },
    { id: 4, login: 'parttime', name: '최알바', role: 'viewer', active: true, created_at: '2025-02-01T02:00:00Z', password: 'viewer-pass-1' },
  ];
  const suppliers = [
    { id: 1, name: 'NPK', contact: '왕 매니저', phone: '+86 20 1234 5678', email: 'sales@npk.example', lead_time_days: 120, moq: 100, memo: '해상 운송' },
    { id: 2, name: '한빛상사', contact: '정대리', phone: '02-555-1234', email: '', lead_time_days: 7, moq: 10, memo: '' },
    { id: 3, name: '대성식품', contact: '오과장', phone: '031-777-8899', email: '', lead_time_days: 15, moq: 20, memo: '' },
  ];
  const cats = ['주방용품', '과자', '음료', '생활용품', '수납'];
  const nouns = { 주방용품: ['스텐 냄비', '프라이팬', '도마', '칼 세트', '계량컵'], 과자: ['버터쿠키', '감자칩', '초코파이', '약과', '전병'],
    음료: ['보리차', '콤부차', '식혜', '탄산수', '두유'], 생활용품: ['수세미', '행주', '고무장갑', '빨래망', '세탁솔'], 수납: ['밀폐용기', '바구니', '정리함', '선반', '후크'] };
  const products = [];
  for (let i = 1; i <= 520; i++) {
    const cat = cats[i % cats.length];
    const sup = suppliers[i % 3];
    const n = nouns[cat][Math.floor(r() * 5)];
    const size = [12, 16, 18, 20, 24, 28][Math.floor(r() * 6)];
    products.push({
      sku: `KC-${String(i).padStart(3, '0')}`, playauto_sku: `PA-${1000 + i}`, name: `${n} ${size}${cat === '음료' ? '0ml' : 'cm'}`,
      category: cat, kind: 'single', lead_time_days: null, lead_time_source: 'supplier', moq: sup.moq, safety_stock: Math.floor(r() * 50) + 5,
      safety_stock_rule: 'manual', supplier_id: sup.id, supplier: sup.name, unit_cost: (Math.floor(r() * 40) + 1) * 500,
      barcode: `880${String(1000000000 + i * 7919).slice(0, 10)}`, active: i % 97 !== 0, has_expiry: cat === '과자' || cat === '음료', memo: '',
      on_hand: 0, channel_codes: [{ channel: 'coupang', code: String(700000000 + i * 13) }],
    });
  }
  products.push({ sku: 'SET-001', playauto_sku: 'PA-9001', name: '명절 선물세트 (쿠키+약과+식혜)', category: '과자', kind: 'set', lead_time_days: null,
    lead_time_source: 'supplier', moq: 10, safety_stock: 20, safety_stock_rule: 'manual', supplier_id: 3, supplier: '대성식품', unit_cost: 15000,
    barcode: '', active: true, has_expiry: true, memo: '추석 시즌 한정', on_hand: 0, channel_codes: [],
    components: [{ sku: 'KC-002', qty: 1 }, { sku: 'KC-007', qty: 2 }, { sku: 'KC-003', qty: 1 }] });
  const movements = [];
  let mid = 1;
  const base = Date.parse(new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10)) - 120 * 86400000;
  for (const p of products.slice(0, 60)) {
    let on = 0;
    for (let d = 0; d < 118; d += 1 + Math.floor(r() * 4)) {
      const date = new Date(base + d * 86400000).toISOString().slice(0, 10);
      const inbound = on < (p.safety_stock || 10) || d === 0;
      const qty = inbound ? 50 + Math.floor(r() * 100) : -Math.min(on, 1 + Math.floor(r() * 15));
      if (!qty) continue;
      on += qty;
      const u = users[1 + Math.floor(r() * 2)];
      movements.push({ id: mid++, sku: p.sku, type: inbound ? 'inbound' : 'outbound', qty, date, memo: inbound ? '정기 입고' : '', source: inbound ? 'manual' : (r() < 0.5 ? 'import' : 'manual'),
        ref: null, lot: null, expiry: null, user: { id: u.id, name: u.name }, created_at: `${date}T03:${String(10 + (d % 50)).padStart(2, '0')}:00Z`, reverses: null, reversed_by: null, set_sku: null });
    }
    p.on_hand = on;
  }
  for (const p of products.slice(60)) if (p.kind === 'single') p.on_hand = Math.floor(r() * 300);
  return { users, suppliers, products, movements, mid, imports: [], audit: [], sessions: new Map(), nextUser: 5, nextSupplier: 4 };
}

function send(res, status, body, headers = {}) {
  if (status === 204) { res.writeHead(204, headers); res.end(); return; }
  const s = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(s);
}
const err = (res, status, code, message, details = []) => send(res, status, { error: { code, message, details } });
const RANK = { viewer: 0, staff: 1, manager: 2, master: 3 };

function onHandOf(S, p) {
  if (p.kind !== 'set') return p.on_hand;
  let m = Infinity;
  for (const c of p.components || []) { const cp = S.products.find((x) => x.sku === c.sku); m = Math.min(m, cp ? Math.floor(cp.on_hand / c.qty) : 0); }
  return m === Infinity ? 0 : m;
}
function view(S, p) {
  const sup = S.suppliers.find((s) => s.id === p.supplier_id);
  const lt = p.lead_time_days ?? sup?.lead_time_days ?? null;
  return { ...p, supplier: sup?.name || null, lead_time_days: lt, lead_time_source: p.lead_time_days != null ? 'product' : 'supplier',
    on_hand: onHandOf(S, p), available: onHandOf(S, p),
    components: (p.components || []).map((c) => ({ ...c, name: S.products.find((x) => x.sku === c.sku)?.name || '' })) };
}
function page(items, q) {
  const limit = Math.min(Number(q.get('limit') || 50), 1000), offset = Number(q.get('offset') || 0);
  return { items: items.slice(offset, offset + limit), total: items.length };
}
async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}
function today() { return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10); }

function serveStatic(req, res, urlPath) {
  let f = path.join(DIST, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
  if (!f.startsWith(DIST) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) f = path.join(DIST, 'index.html');
  const ext = path.extname(f);
  const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[ext] || 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type });
  fs.createReadStream(f).pipe(res);
}

export function createMock(S = makeState()) {
  return http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const p = u.pathname, q = u.searchParams, m = req.method;
    if (!p.startsWith('/api/')) return serveStatic(req, res, p);
    const sid = /jaego_session=([^;]+)/.exec(req.headers.cookie || '')?.[1];
    const sess = sid && S.sessions.get(sid);
    const me = sess && S.users.find((x) => x.id === sess.user_id && x.active);
    const pub = (x) => ({ id: x.id, login: x.login, name: x.name, role: x.role, active: x.active, created_at: x.created_at });
    const raw = m === 'GET' ? Buffer.alloc(0) : await body(req);
    let j = {};
    if (raw.length && (req.headers['content-type'] || '').includes('json')) { try { j = JSON.parse(raw.toString()); } catch { return err(res, 400, 'bad_json', 'JSON 형식이 올바르지 않습니다.'); } }

    if (p === '/api/session' && m === 'POST') {
      const x = S.users.find((y) => y.login === j.login && y.password === j.password && y.active);
      if (!x) return err(res, 401, 'login_failed', '아이디 또는 비밀번호가 올바르지 않습니다.');
      const id = crypto.randomBytes(16).toString('hex'), csrf = crypto.randomBytes(16).toString('hex');
      S.sessions.set(id, { user_id: x.id, csrf });
      return send(res, 200, { user: pub(x), csrf_token: csrf }, { 'Set-Cookie': `jaego_session=${id}; Path=/; HttpOnly; SameSite=Lax` });
    }
    if (!me) return err(res, 401, 'unauthenticated', '로그인이 필요합니다.');
    if (m !== 'GET' && req.headers['x-csrf-token'] !== sess.csrf) return err(res, 403, 'csrf_failed', '보안 토큰이 맞지 않습니다. 새로고침 후 다시 시도하세요.');
    const need = (role) => { if (RANK[me.role] < RANK[role]) { err(res, 403, 'forbidden', '이 작업을 할 권한이 없습니다.'); return false; } return true; };
    const audit = (kind, entity, entity_id, summary) => S.audit.unshift({ id: S.audit.length + 1, at: new Date().toISOString(), user: { id: me.id, name: me.name }, kind, entity, entity_id, summary });

    if (p === '/api/session' && m === 'GET') return send(res, 200, { user: pub(me), csrf_token: sess.csrf });
    if (p === '/api/session' && m === 'DELETE') { S.sessions.delete(sid); return send(res, 204); }
    if (p === '/api/session/password' && m === 'PUT') {
      if (j.current_password !== me.password) return err(res, 400, 'validation_failed', '입력값을 확인하세요.', [{ field: 'current_password', message: '현재 비밀번호가 맞지 않습니다.' }]);
      me.password = j.new_password; return send(res, 200, { ok: true });
    }
    if (p === '/api/users' && m === 'GET') { if (!need('master')) return; return send(res, 200, page(S.users.map(pub), q)); }
    if (p === '/api/users' && m === 'POST') {
      if (!need('master')) return;
      const d = [];
      if (!j.login) d.push({ field: 'login', message: '아이디를 입력하세요.' });
      if (S.users.some((x) => x.login === j.login)) d.push({ field: 'login', message: '이미 있는 아이디입니다.' });
      if (!j.password || j.password.length < 8) d.push({ field: 'password', message: '비밀번호는 8자 이상이어야 합니다.' });
      if (d.length) return err(res, 400, 'validation_failed', '입력값을 확인하세요.', d);
      const x = { id: S.nextUser++, login: j.login, name: j.name || j.login, role: j.role || 'staff', active: true, created_at: new Date().toISOString(), password: j.password };
      S.users.push(x); audit('user.create', 'user', x.id, `${x.name} (${x.role})`); return send(res, 201, pub(x));
    }
    let mm;
    if ((mm = /^\/api\/users\/(\d+)$/.exec(p)) && m === 'PATCH') {
      if (!need('master')) return;
      const x = S.users.find((y) => y.id === Number(mm[1]));
      if (!x) return err(res, 404, 'not_found', '회원을 찾을 수 없습니다.');
      const masters = S.users.filter((y) => y.role === 'master' && y.active);
      if (x.role === 'master' && masters.length === 1 && ((j.role && j.role !== 'master') || j.active === false))
        return err(res, 409, 'last_master', '마지막 마스터는 권한을 낮추거나 비활성화할 수 없습니다.');
      for (const k of ['name', 'role', 'active', 'password']) if (k in j) x[k] = j[k];
      audit('user.update', 'user', x.id, Object.keys(j).join(', ')); return send(res, 200, pub(x));
    }
    if (p === '/api/audit' && m === 'GET') { if (!need('master')) return; return send(res, 200, page(S.audit.filter((a) => (!q.get('kind') || a.kind.startsWith(q.get('kind'))) && (!q.get('user_id') || a.user.id === Number(q.get('user_id')))), q)); }
    if (p === '/api/categories') return send(res, 200, { items: [...new Set(S.products.map((x) => x.category))].sort() });
    if (p === '/api/suppliers' && m === 'GET') return send(res, 200, page(S.suppliers.map((s) => ({ ...s, product_count: S.products.filter((x) => x.supplier_id === s.id).length })), q));
    if (p === '/api/suppliers' && m === 'POST') {
      if (!need('manager')) return;
      if (!j.name) return err(res, 400, 'validation_failed', '입력값을 확인하세요.', [{ field: 'name', message: '공급처명을 입력하세요.' }]);
      const s = { id: S.nextSupplier++, ...j }; S.suppliers.push(s); return send(res, 201, s);
    }
    if ((mm = /^\/api\/suppliers\/(\d+)$/.exec(p)) && m === 'PATCH') {
      if (!need('manager')) return;
      const s = S.suppliers.find((x) => x.id === Number(mm[1])); Object.assign(s, j); return send(res, 200, s);
    }
    if (p === '/api/products' && m === 'GET') {
      let items = S.products.map((x) => view(S, x));
      const s = (q.get('q') || '').toLowerCase(), st = q.get('status') || 'active';
      items = items.filter((x) => (!s || x.sku.toLowerCase().includes(s) || x.name.toLowerCase().includes(s) || (x.barcode || '').includes(s))
        && (!q.get('category') || x.category === q.get('category')) && (!q.get('supplier_id') || x.supplier_id === Number(q.get('supplier_id')))
        && (!q.get('kind') || x.kind === q.get('kind')) && (st === 'all' || (st === 'active') === x.active)
        && (!q.get('low_stock') || x.on_hand < (x.safety_stock || 0)));
      const sort = q.get('sort') || 'sku', desc = sort.startsWith('-'), key = sort.replace(/^-/, '');
      items.sort((a, b) => { const av = a[key] ?? '', bv = b[key] ?? ''; const c = typeof av === 'number' ? av - bv : String(av).localeCompare(String(bv), 'ko'); return desc ? -c : c; });
      return send(res, 200, page(items, q));
    }
    if (p === '/api/products' && m === 'POST') {
      if (!need('manager')) return;
      const d = [];
      if (!j.sku) d.push({ field: 'sku', message: 'SKU를 입력하세요.' });
      else if (S.products.some((x) => x.sku === j.sku)) d.push({ field: 'sku', message: `이미 있는 SKU입니다: ${j.sku}` });
      if (!j.name) d.push({ field: 'name', message: '상품명을 입력하세요.' });
      if (d.length) return err(res, 400, 'validation_failed', '입력값을 확인하세요.', d);
      const x = { kind: 'single', active: true, on_hand: 0, channel_codes: [], ...j };
      S.products.push(x); audit('product.create', 'product', x.sku, x.name); return send(res, 201, view(S, x));
    }
    if ((mm = /^\/api\/products\/([^/]+)(\/movements|\/stock-history)?$/.exec(p))) {
      const sku = decodeURIComponent(mm[1]);
      const x = S.products.find((y) => y.sku === sku);
      if (!x) return err(res, 404, 'sku_not_found', `상품을 찾을 수 없습니다: ${sku}`);
      if (mm[2] === '/movements') return send(res, 200, page(S.movements.filter((v) => v.sku === sku).sort((a, b) => b.id - a.id), q));
      if (mm[2] === '/stock-history') {
        const mv = S.movements.filter((v) => v.sku === sku).sort((a, b) => a.id - b.id);
        if (!mv.length) return send(res, 200, { items: [] });
        const out = []; let on = 0, i = 0;
        for (let d = Date.parse(mv[0].date); d <= Date.parse(today()); d += 86400000) {
          const ds = new Date(d).toISOString().slice(0, 10);
          while (i < mv.length && mv[i].date <= ds) on += mv[i++].qty;
          out.push({ date: ds, on_hand: on });
        }
        return send(res, 200, { items: out });
      }
      if (m === 'GET') return send(res, 200, view(S, x));
      if (m === 'PATCH') { if (!need('manager')) return; Object.assign(x, j); return send(res, 200, view(S, x)); }
      if (m === 'DELETE') { if (!need('manager')) return; if (S.movements.some((v) => v.sku === sku)) { x.active = false; return send(res, 200, { deactivated: true }); } S.products.splice(S.products.indexOf(x), 1); return send(res, 204); }
    }
    if (p === '/api/movements' && m === 'GET') {
      const items = S.movements.filter((v) => (!q.get('sku') || v.sku.includes(q.get('sku'))) && (!q.get('type') || v.type === q.get('type'))
        && (!q.get('source') || v.source === q.get('source')) && (!q.get('user_id') || v.user?.id === Number(q.get('user_id')))
        && (!q.get('from') || v.date >= q.get('from')) && (!q.get('to') || v.date <= q.get('to')))
        .sort((a, b) => b.id - a.id).map((v) => ({ ...v, name: S.products.find((x) => x.sku === v.sku)?.name }));
      return send(res, 200, page(items, q));
    }
    if (p === '/api/movements' && m === 'POST') {
      if (!need('staff')) return;
      const x = S.products.find((y) => y.sku === j.sku);
      if (!x) return err(res, 400, 'validation_failed', '입력값을 확인하세요.', [{ field: 'sku', message: '상품을 찾을 수 없습니다.' }]);
      if (!Number.isInteger(j.qty) || j.qty < 0) return err(res, 400, 'validation_failed', '입력값을 확인하세요.', [{ field: 'qty', message: '수량은 0 이상의 정수여야 합니다.' }]);
      let qty = j.type === 'inbound' ? j.qty : j.type === 'outbound' ? -j.qty : j.qty - x.on_hand;
      if (x.on_hand + qty < 0) return err(res, 400, 'validation_failed', '입력값을 확인하세요.', [{ field: 'qty', message: `현재 재고(${x.on_hand}개)보다 많이 출고할 수 없습니다.` }]);
      x.on_hand += qty;
      const v = { id: S.mid++, sku: x.sku, type: j.type, qty, date: j.date || today(), memo: j.memo || '', source: 'manual', ref: null, lot: j.lot || null, expiry: j.expiry || null,
        user: { id: me.id, name: me.name }, created_at: new Date().toISOString(), reverses: null, reversed_by: null, set_sku: null };
      S.movements.push(v); audit(`movement.${j.type}`, 'product', x.sku, `${qty > 0 ? '+' : ''}${qty}`);
      return send(res, 201, { movement: v, on_hand: x.on_hand });
    }
    if ((mm = /^\/api\/movements\/(\d+)\/reverse$/.exec(p)) && m === 'POST') {
      if (!need('manager')) return;
      const v = S.movements.find((y) => y.id === Number(mm[1]));
      const x = S.products.find((y) => y.sku === v.sku); x.on_hand -= v.qty;
      const r = { ...v, id: S.mid++, type: 'reversal', qty: -v.qty, reverses: v.id, memo: '', user: { id: me.id, name: me.name }, created_at: new Date().toISOString(), date: today() };
      v.reversed_by = r.id; S.movements.push(r); return send(res, 201, { movement: r, on_hand: x.on_hand });
    }
    if (p === '/api/products.xlsx' || p === '/api/templates/stock.xlsx') {
      res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${p.includes('templates') ? 'stock-template.xlsx' : 'products.xlsx'}"` });
      return res.end(Buffer.from('PK mock'));
    }
    if (p === '/api/imports' && m === 'POST') {
      if (!need('staff')) return;
      const name = /filename="([^"]+)"/.exec(raw.toString('latin1'))?.[1] || 'upload.xlsx';
      const bad = /error/i.test(name);
      const diff = S.products.slice(0, 6).map((x, i) => ({ sku: x.sku, name: x.name, on_hand: x.on_hand, inbound: i % 2 ? 0 : 20, outbound: i % 2 ? 5 : 0, result: x.on_hand + (i % 2 ? -5 : 20) }));
      const problems = [{ row: 9, column: 'G', severity: 'warning', code: 'large_outbound', message: '출고 수량이 평소보다 10배 이상 많습니다. 확인하세요.' }];
      if (bad) problems.unshift({ row: 5, column: 'A', severity: 'error', code: 'sku_not_found', message: '없는 SKU입니다: KC-9999' }, { row: 7, column: 'F', severity: 'error', code: 'not_integer', message: '입고 수량은 정수여야 합니다: "열둘"' });
      const b = { id: S.imports.length + 1, file_name: name, file_hash: crypto.createHash('sha256').update(raw).digest('hex'), status: bad ? 'rejected' : 'preview', can_apply: !bad,
        uploaded_at: new Date().toISOString(), applied_at: null, uploaded_by: { id: me.id, name: me.name }, applied_by: null,
        summary: { rows: 8, valid: bad ? 6 : 8, warnings: 1, errors: bad ? 2 : 0 }, problems, diff };
      S.imports.push(b); return send(res, 201, b);
    }
    if (p === '/api/imports' && m === 'GET') return send(res, 200, page([...S.imports].reverse().filter((b) => !q.get('status') || b.status === q.get('status')).map(({ problems, diff, movements, ...b }) => b), q));
    if (p === '/api/members' && m === 'GET') return send(res, 200, page(S.users.map((x) => ({ id: x.id, name: x.name, active: x.active })), q));
    if ((mm = /^\/api\/imports\/(\d+)(\/apply|\/reverse)?$/.exec(p))) {
      const b = S.imports.find((x) => x.id === Number(mm[1]));
      if (!b) return err(res, 404, 'not_found', '업로드 내역을 찾을 수 없습니다.');
      if (!mm[2]) { const { problems, diff, movements, ...rest } = b; return send(res, 200, { ...rest, preview: { file_name: b.file_name, file_hash: b.file_hash, summary: b.summary, can_apply: b.can_apply, problems, diff }, movements: movements || [] }); }
      if (mm[2] === '/apply') {
        if (!need('staff')) return;
        if (b.summary.errors) return err(res, 409, 'has_errors', '오류가 있는 파일은 적용할 수 없습니다.');
        if (b.status !== 'preview') return err(res, 409, 'already_applied', `이미 적용된 파일입니다 (#${b.id}, ${b.applied_at}, ${b.applied_by?.name}).`);
        b.movements = [];
        for (const d of b.diff) {
          const x = S.products.find((y) => y.sku === d.sku); const qty = d.inbound - d.outbound; x.on_hand += qty;
          const v = { id: S.mid++, sku: x.sku, name: x.name, type: qty > 0 ? 'inbound' : 'outbound', qty, date: today(), memo: b.file_name, source: 'import', ref: `import:${b.id}`, lot: null, expiry: null,
            user: { id: me.id, name: me.name }, created_at: new Date().toISOString(), reverses: null, reversed_by: null, set_sku: null };
          S.movements.push(v); b.movements.push(v);
        }
        b.status = 'applied'; b.applied_at = new Date().toISOString(); b.applied_by = { id: me.id, name: me.name }; return send(res, 200, b);
      }
      if (!need('manager')) return;
      b.status = 'reversed'; b.reversed_at = new Date().toISOString(); b.reversed_by = { id: me.id, name: me.name }; return send(res, 200, b);
    }
    return err(res, 404, 'not_found', '요청한 주소를 찾을 수 없습니다.');
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] || 8097);
  createMock().listen(port, '127.0.0.1', () => console.log(`mock jaego on http://127.0.0.1:${port}`));
}
