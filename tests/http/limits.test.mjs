// limits.test.mjs — requests too big before their body: a request target over 8 KiB
// answers 414 and a header block over 16 KiB answers 431, both in the JSON error shape
// with a Korean message; a request line that is not a path is a JSON 400. Only requests
// past libmicrohttpd's own 64 KiB per connection get its short HTML page (docs/api.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

// One raw request; resolves with the status, headers and body of the answer.
function rawHttp(payload) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let data = Buffer.alloc(0);
    sock.on('data', (d) => { data = Buffer.concat([data, d]); });
    sock.on('close', () => {
      const text = data.toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const status = Number((/^HTTP\/1\.1 (\d+)/.exec(head) || [])[1]);
      resolve({ status, head, body: rest.join('\r\n\r\n') });
    });
    sock.on('error', reject);
    sock.write(payload);
  });
}

function jsonError(res, status, code) {
  assert.equal(res.status, status, res.head);
  assert.match(res.head, /Content-Type: application\/json/i);
  const j = JSON.parse(res.body);
  assert.equal(j.error.code, code);
  assert.match(j.error.message, /[가-힣]/);
  assert.deepEqual(j.error.details, []);
}

const get = (target, headers = '') =>
  rawHttp(`GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);

test('a request target over 8 KiB is a JSON 414', async () => {
  jsonError(await get(`/api/products/${'A'.repeat(9000)}`), 414, 'uri_too_long');
  jsonError(await get(`/api/products?q=${'가'.repeat(3000)}`), 414, 'uri_too_long');
  jsonError(await get(`/${'a'.repeat(40000)}`), 414, 'uri_too_long');
  // Under the limit the request is routed as usual.
  jsonError(await get(`/api/products/${'A'.repeat(7000)}`), 401, 'unauthenticated');
});

test('a header block over 16 KiB is a JSON 431', async () => {
  jsonError(await get('/api/version', `Cookie: jaego_session=${'x'.repeat(20000)}\r\n`), 431, 'headers_too_large');
  const many = Array.from({ length: 40 }, (_, i) => `X-Filler-${i}: ${'y'.repeat(500)}\r\n`).join('');
  jsonError(await get('/api/version', many), 431, 'headers_too_large');
  const ok = await get('/api/version', `X-Filler: ${'y'.repeat(8000)}\r\n`);
  assert.equal(ok.status, 200, ok.head);
});

test('a request target that is not a path is a JSON 400; the server stays up after all this', async () => {
  jsonError(await get('nopath'), 400, 'bad_path');
  // Past the connection's 64 KiB libmicrohttpd answers by itself (status only).
  assert.equal((await get(`/${'a'.repeat(70000)}`)).status, 414);
  assert.equal((await srv.client().get('/healthz')).status, 200);
});
