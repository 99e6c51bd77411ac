// shutdown.test.mjs — SIGTERM: a request already in flight finishes and is recorded; a
// kept-alive connection that sends after the signal is answered 503 and closed, and its
// write is not recorded; new connections are refused; the process exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(cond, what) {
  for (let i = 0; i < 1000; i++) {
    if (cond()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// One request through a node http.Agent (so that its connection is kept alive and reused).
function agentRequest(agent, port, method, path, headers, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', (error) => resolve({ error }));
    if (body) req.write(body);
    req.end();
  });
}

test('SIGTERM finishes requests in flight and serves nothing new on kept-alive connections', { timeout: 120000 }, async () => {
  const srv = await startServer();
  await srv.addUser({ login: 'boss', role: 'master' });
  const c = await srv.login('boss');
  assert.equal((await c.post('/api/products', { sku: 'P-1', name: '스텐 냄비' })).status, 201);
  assert.equal((await c.post('/api/movements', { sku: 'P-1', type: 'inbound', qty: 100 })).status, 201);
  const auth = { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': 'application/json' };

  // In flight: the headers of an inbound arrive before the signal, its body after.
  const inflightBody = JSON.stringify({ sku: 'P-1', type: 'inbound', qty: 5, memo: '신호 전에 시작한 입고' });
  const a = net.connect(srv.port, '127.0.0.1');
  let aData = '', aClosed = false;
  a.on('data', (d) => { aData += d; });
  a.on('close', () => { aClosed = true; });
  a.write(`POST /api/movements HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nX-CSRF-Token: ${c.csrf}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(inflightBody)}\r\n` +
    'Expect: 100-continue\r\n\r\n');
  await until(() => aData.includes('100 Continue'), 'the server to take the headers');

  // Kept alive: one request served, the connection stays open in the agent.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const first = await agentRequest(agent, srv.port, 'GET', '/api/products/P-1', auth);
  assert.equal(first.status, 200, first.text);
  assert.equal(Object.values(agent.freeSockets).flat().length, 1, 'an idle kept-alive connection');

  srv.child.kill('SIGTERM');
  await until(() => srv.log.includes('msg="shutting down"'), 'the signal to be handled');

  // A write sent after the signal on the kept-alive connection is not served.
  const late = await agentRequest(agent, srv.port, 'POST', '/api/movements', auth,
    JSON.stringify({ sku: 'P-1', type: 'inbound', qty: 7, memo: '신호 뒤에 보낸 입고' }));
  if (!late.error) {
    assert.equal(late.status, 503, late.text);
    assert.equal(JSON.parse(late.text).error.code, 'shutting_down');
    assert.match(JSON.parse(late.text).error.message, /[가-힣]/);
    assert.equal(late.headers.connection, 'close');
  }
  // New connections are refused.
  const fresh = await agentRequest(false, srv.port, 'GET', '/healthz', {});
  assert.ok(fresh.error, `a new connection after the signal was served: ${fresh.status}`);

  // The request in flight completes, and its connection closes after the answer.
  a.write(inflightBody);
  await until(() => aClosed, 'the in-flight connection to close');
  assert.match(aData, /HTTP\/1\.1 201 /);
  assert.match(aData, /Connection: close/i);

  await until(() => srv.child.exitCode !== null, 'the process to exit');
  assert.equal(srv.child.exitCode, 0, srv.log.slice(-2000));
  agent.destroy();

  // What was recorded: the in-flight inbound (+5), not the late one (+7).
  const again = await startServer({ db: srv.db });
  try {
    const v = await again.login('boss');
    assert.equal((await v.get('/api/products/P-1')).json.on_hand, 105);
    const memos = (await v.get('/api/movements?sku=P-1')).json.items.map((m) => m.memo);
    assert.ok(memos.includes('신호 전에 시작한 입고'));
    assert.ok(!memos.includes('신호 뒤에 보낸 입고'));
  } finally {
    await again.stop();
    await srv.stop();
  }
});
