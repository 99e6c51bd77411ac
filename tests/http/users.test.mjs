// users.test.mjs — member management (master only): create, change role, disable/enable,
// reset password, the last-master rule, other roles refused, another organisation's
// members invisible, and bad input in every field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

const hangul = /[가-힣]/;
let srv;
let boss; // master of 가게A
let bossB; // master of 가게B

async function userId(c, login) {
  const res = await c.get('/api/users');
  assert.equal(res.status, 200);
  const u = res.json.items.find((x) => x.login === login);
  return u && u.id;
}

before(async () => {
  srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master', password: 'password-123', org: '가게A', name: '사장님' });
  await srv.addUser({ login: 'mgr', role: 'manager', password: 'password-mgr', org: '가게A' });
  await srv.addUser({ login: 'staff1', role: 'staff', password: 'password-staff', org: '가게A' });
  await srv.addUser({ login: 'view1', role: 'viewer', password: 'password-view', org: '가게A' });
  await srv.addUser({ login: 'bossb', role: 'master', password: 'password-bbb', org: '가게B' });
  boss = await srv.login('boss', 'password-123');
  bossB = await srv.login('bossb', 'password-bbb');
});
after(async () => { await srv.stop(); });

test('a master lists the organisation\'s members, without password hashes', async () => {
  const res = await boss.get('/api/users');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.items.map((u) => u.login), ['boss', 'mgr', 'staff1', 'view1']);
  assert.equal(res.json.total, 4);
  for (const u of res.json.items) {
    assert.deepEqual(Object.keys(u).sort(), ['active', 'created_at', 'id', 'login', 'name', 'role']);
  }
});

test('a master creates a member who can then log in with that role', async () => {
  const res = await boss.post('/api/users', { login: 'New.Member', name: '  새 직원 ', role: 'staff', password: 'password-new' });
  assert.equal(res.status, 201);
  assert.equal(res.json.login, 'new.member', 'logins are stored lower-case');
  assert.equal(res.json.name, '새 직원', 'names are trimmed');
  assert.equal(res.json.role, 'staff');
  assert.equal(res.json.active, true);
  const c = await srv.login('new.member', 'password-new');
  assert.equal(c.user.role, 'staff');
  const dup = await boss.post('/api/users', { login: 'new.member', name: '중복', role: 'viewer', password: 'password-dup' });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.code, 'login_taken');
  assert.match(dup.json.error.message, hangul);
  // Logins are unique across the server, not only within an organisation.
  const dupB = await bossB.post('/api/users', { login: 'new.member', name: '중복', role: 'viewer', password: 'password-dup' });
  assert.equal(dupB.status, 409);
});

test('bad input in every field of a new member is refused with a Korean field message', async () => {
  const good = { login: 'valid-login', name: '이름', role: 'viewer', password: 'password-ok1' };
  const cases = [
    [{ login: 'ab' }, 'login'],
    [{ login: 'a'.repeat(33) }, 'login'],
    [{ login: 'a'.repeat(5000) }, 'login'],
    [{ login: "x' OR '1'='1" }, 'login'],
    [{ login: 'robert"); DROP TABLE users;--' }, 'login'],
    [{ login: '김직원' }, 'login'],
    [{ login: '' }, 'login'],
    [{ login: 42 }, 'login'],
    [{ name: '' }, 'name'],
    [{ name: '가'.repeat(51) }, 'name'],
    [{ name: 'x'.repeat(5000) }, 'name'],
    [{ name: 'tab\there' }, 'name'],
    [{ name: null }, 'name'],
    [{ role: 'owner' }, 'role'],
    [{ role: "master' --" }, 'role'],
    [{ role: 'public' }, 'role'],
    [{ role: 'x'.repeat(5000) }, 'role'],
    [{ password: 'short' }, 'password'],
    [{ password: 'p'.repeat(257) }, 'password'],
    [{ password: 12345678 }, 'password'],
    [{ org_id: 2 }, 'org_id'],
    [{ active: false }, 'active'],
  ];
  for (const [change, field] of cases) {
    const body = { ...good, ...change };
    if (change.name === null) delete body.name;
    const res = await boss.post('/api/users', body);
    assert.equal(res.status, 400, JSON.stringify(change).slice(0, 60));
    assert.equal(res.json.error.code, 'validation_failed');
    assert.equal(res.json.error.details[0].field, field);
    assert.match(res.json.error.details[0].message, hangul);
  }
  assert.equal((await boss.post('/api/users', 'not json')).status, 400);
  const huge = await boss.post('/api/users', { ...good, name: 'x'.repeat(100000) });
  assert.equal(huge.status, 413);
  assert.equal(await userId(boss, 'valid-login'), undefined, 'nothing was created');
});

test('SQL metacharacters in a name are stored as text', async () => {
  const name = "Robert'); DROP TABLE users;-- \"%_\\";
  const res = await boss.post('/api/users', { login: 'bobby.tables', name, role: 'viewer', password: 'password-bob' });
  assert.equal(res.status, 201);
  assert.equal(res.json.name, name);
  const list = await boss.get('/api/users');
  assert.ok(list.json.items.length >= 5);
  assert.equal(list.json.items.find((u) => u.login === 'bobby.tables').name, name);
});

test('staff, manager and viewer cannot manage members (403), and nothing changes', async () => {
  const id = await userId(boss, 'view1');
  for (const [login, pw] of [['staff1', 'password-staff'], ['mgr', 'password-mgr'], ['view1', 'password-view']]) {
    const c = await srv.login(login, pw);
    for (const res of [
      await c.get('/api/users'),
      await c.post('/api/users', { login: `sneaky-${login}`, name: 'x', role: 'master', password: 'password-xyz' }),
      await c.patch(`/api/users/${id}`, { role: 'master' }),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(res.json.error.code, 'forbidden');
      assert.match(res.json.error.message, hangul);
    }
  }
  const list = (await boss.get('/api/users')).json.items;
  assert.equal(list.find((u) => u.login === 'view1').role, 'viewer');
  assert.ok(!list.some((u) => u.login.startsWith('sneaky')));
});

test('role changes take effect at once and are audited with before and after', async () => {
  const id = await userId(boss, 'staff1');
  const staff = await srv.login('staff1', 'password-staff');
  assert.equal((await staff.get('/api/users')).status, 403);
  const res = await boss.patch(`/api/users/${id}`, { role: 'master', name: '승진한 직원' });
  assert.equal(res.status, 200);
  assert.equal(res.json.role, 'master');
  assert.equal(res.json.name, '승진한 직원');
  assert.equal((await staff.get('/api/users')).status, 200, 'the same session now has the new role');
  const audit = await boss.get(`/api/audit?entity=user&entity_id=${id}&kind=user.`);
  const role = audit.json.items.find((i) => i.kind === 'user.role');
  assert.deepEqual(role.before, { role: 'staff' });
  assert.deepEqual(role.after, { role: 'master' });
  assert.equal(role.user.login, 'boss');
  const name = audit.json.items.find((i) => i.kind === 'user.name');
  assert.deepEqual(name.after, { name: '승진한 직원' });
  assert.equal((await boss.patch(`/api/users/${id}`, { role: 'staff' })).status, 200);
  assert.equal((await staff.get('/api/users')).status, 403);
});

test('disabling a member ends their sessions; enabling lets them back in', async () => {
  const id = await userId(boss, 'view1');
  const v = await srv.login('view1', 'password-view');
  let res = await boss.patch(`/api/users/${id}`, { active: false });
  assert.equal(res.status, 200);
  assert.equal(res.json.active, false);
  assert.equal((await v.get('/api/session')).status, 401);
  const again = await srv.client().post('/api/session', { login: 'view1', password: 'password-view' });
  assert.equal(again.status, 403);
  assert.equal(again.json.error.code, 'account_disabled');
  res = await boss.patch(`/api/users/${id}`, { active: true });
  assert.equal(res.status, 200);
  await srv.login('view1', 'password-view');
  const kinds = (await boss.get(`/api/audit?entity_id=${id}`)).json.items.map((i) => i.kind);
  assert.ok(kinds.includes('user.disable') && kinds.includes('user.enable'));
});

test('a master resets a member\'s password: old sessions end, the new password works', async () => {
  const id = await userId(boss, 'mgr');
  const m = await srv.login('mgr', 'password-mgr');
  const res = await boss.patch(`/api/users/${id}`, { password: 'reset-password-1' });
  assert.equal(res.status, 200);
  assert.equal((await m.get('/api/session')).status, 401);
  assert.equal((await srv.client().post('/api/session', { login: 'mgr', password: 'password-mgr' })).status, 401);
  await srv.login('mgr', 'reset-password-1');
  const item = (await boss.get(`/api/audit?kind=user.password_reset&entity_id=${id}`)).json.items[0];
  assert.deepEqual(item.after, { password: 'reset' });
  assert.ok(!JSON.stringify(item).includes('reset-password-1'), 'the password is not logged');
  assert.ok(!JSON.stringify(item).includes('$argon2id'), 'nor its hash');
});

test('the last active master can be neither demoted nor disabled', async () => {
  const bid = await userId(bossB, 'bossb');
  for (const change of [{ role: 'manager' }, { active: false }, { role: 'viewer', active: false }]) {
    const res = await bossB.patch(`/api/users/${bid}`, change);
    assert.equal(res.status, 409);
    assert.equal(res.json.error.code, 'last_master');
    assert.match(res.json.error.message, hangul);
  }
  assert.equal((await bossB.get('/api/session')).json.user.role, 'master');
  // With a second master, the first may step down.
  const second = await bossB.post('/api/users', { login: 'bossb2', name: '공동대표', role: 'master', password: 'password-b2' });
  assert.equal(second.status, 201);
  const b2 = await srv.login('bossb2', 'password-b2');
  assert.equal((await b2.patch(`/api/users/${bid}`, { role: 'manager' })).status, 200);
  // Now bossb2 is the last master: disabling it is refused, even by itself.
  const last = await b2.patch(`/api/users/${second.json.id}`, { active: false });
  assert.equal(last.status, 409);
  // A disabled master does not count as the one that remains.
  assert.equal((await b2.patch(`/api/users/${bid}`, { role: 'master', active: false })).status, 200);
  assert.equal((await b2.patch(`/api/users/${second.json.id}`, { role: 'staff' })).status, 409);
  assert.equal((await b2.patch(`/api/users/${bid}`, { active: true })).status, 200);
});

test('another organisation\'s members are invisible and cannot be changed (404)', async () => {
  const idA = await userId(boss, 'view1');
  bossB = await srv.login('bossb', 'password-bbb'); // disabled and enabled again above
  const listB = await bossB.get('/api/users');
  assert.ok(!listB.json.items.some((u) => u.login === 'view1' || u.login === 'boss'));
  for (const change of [{ role: 'master' }, { active: false }, { password: 'hijacked-123' }, { name: '해커' }]) {
    const res = await bossB.patch(`/api/users/${idA}`, change);
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, 'user_not_found');
    assert.match(res.json.error.message, hangul);
  }
  const v = (await boss.get('/api/users')).json.items.find((u) => u.login === 'view1');
  assert.equal(v.role, 'viewer');
  assert.equal(v.active, true);
  assert.notEqual(v.name, '해커');
  await srv.login('view1', 'password-view');
});

test('bad member ids and empty or unknown changes', async () => {
  for (const id of ['0', '99999', 'abc', '-1', '1.5', "1'%20OR%20'1'='1", '9'.repeat(40)]) {
    const res = await boss.patch(`/api/users/${id}`, { name: '누구' });
    assert.equal(res.status, 404, id);
  }
  const id = await userId(boss, 'view1');
  for (const body of [{}, { role: 'god' }, { active: 'yes' }, { name: '' }, { name: 'x'.repeat(51) },
    { password: 'short' }, { login: 'renamed' }, { id: 1 }]) {
    const res = await boss.patch(`/api/users/${id}`, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match(res.json.error.message, hangul);
  }
  const v = (await boss.get('/api/users')).json.items.find((u) => u.login === 'view1');
  assert.equal(v.role, 'viewer');
});

test('every role may read member names (GET /api/members), only of its own organisation', async () => {
  const v = await srv.login('view1', 'password-view');
  const res = await v.get('/api/members');
  assert.equal(res.status, 200);
  assert.ok(res.json.items.some((m) => m.name === '사장님'));
  for (const m of res.json.items) assert.deepEqual(Object.keys(m).sort(), ['active', 'id', 'name']);
  const b = await bossB.get('/api/members');
  assert.ok(!b.json.items.some((m) => m.name === '사장님'));
  assert.equal((await srv.client().get('/api/members')).status, 401);
});
