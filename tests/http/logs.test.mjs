// logs.test.mjs — the request log cannot be forged from outside: a path, a method or a
// trusted X-Forwarded-For holding line breaks, quotes or control characters is written
// escaped, on its own single line, without logging in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let srv;

before(async () => { srv = await startServer({ args: ['--trust-proxy'] }); });
after(async () => { await srv.stop(); });

// Sends one raw request (fetch would refuse or re-encode these bytes) and waits for the
// answer.
function rawHttp(payload) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', reject);
    sock.write(payload);
  });
}

// The log lines that mention marker, once the server has written them.
async function linesWith(marker) {
  for (let i = 0; i < 200; i++) {
    const lines = srv.log.split('\n').filter((l) => l.includes(marker));
    if (lines.length) return lines;
    await sleep(10);
  }
  return [];
}

test('a path with %0a%0d and %22 cannot forge a log line or end its quotes', async () => {
  const reply = await rawHttp('GET /api/products/x%0a%0dts=FAKE%20level=error%20msg=%22owned%22%20user=admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 401/);
  const lines = await linesWith('owned');
  assert.equal(lines.length, 1, srv.log);
  assert.ok(!srv.log.split('\n').some((l) => l.startsWith('ts=FAKE')), 'no forged line');
  assert.match(lines[0], /^ts=\S+ level=info method=GET route=\/api\/products\/\{sku\} /);
  assert.ok(lines[0].includes('path="/api/products/x\\x0A\\x0Dts=FAKE level=error msg=\\"owned\\" user=admin" status=401'), lines[0]);
});

test('control characters in the path and quotes in X-Forwarded-For are escaped', async () => {
  await rawHttp('GET /api/version%1b%5b31m%7fTAG1 HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1" user=root level=error\r\nConnection: close\r\n\r\n');
  const [line] = await linesWith('TAG1');
  assert.ok(line, srv.log);
  assert.ok(line.includes('path="/api/version\\x1B[31m\\x7FTAG1"'), line);
  assert.ok(line.endsWith('ip="10.0.0.1\\" user=root level=error"'), line);
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(srv.log), 'no raw control character in the log');
});
