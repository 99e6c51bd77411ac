// core.test.mjs — the server itself: health, metrics, the error envelope, body limits,
// malformed input, static files, path traversal, slow clients and graceful shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, runCli } from './lib.mjs';

let srv;
before(async () => {
  srv = await startServer({ args: ['--body-max', '4096'] });
  await srv.addUser({ login: 'boss', role: 'master' });
});
after(async () => { await srv.stop(); });

function assertError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type'), /application\/json/);
  assert.equal(res.json.error.code, code);
  assert.equal(typeof res.json.error.message, 'string');
  assert.match(res.json.error.message, /[가-힣]/, 'message is Korean');
  assert.ok(Array.isArray(res.json.error.details));
}

// Sends bytes exactly as given (fetch would normalise the path) and returns the reply.
function rawHttp(port, payload, { waitClose = true, timeoutMs = 8000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); resolve({ data, closed: false }); }, timeoutMs);
    sock.on('data', (d) => {
      data += d;
      if (!waitClose) { clearTimeout(timer); sock.destroy(); resolve({ data, closed: false }); }
    });
    sock.on('close', () => { clearTimeout(timer); resolve({ data, closed: true }); });
    sock.on('error', reject);
    sock.write(payload);
  });
}

test('GET /healthz answers 200 with the schema version', async () => {
  const res = await srv.client().get('/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.json.status, 'ok');
  assert.ok(res.json.schema_version >= 1);
});

test('GET /metrics is Prometheus text with per-route counts, latency and DB size', async () => {
  await srv.client().get('/healthz');
  const res = await srv.client().get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/plain/);
  assert.match(res.text, /jaego_http_requests_total\{method="GET",route="\/healthz",status="2xx"\} \d+/);
  assert.match(res.text, /jaego_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+/);
  assert.match(res.text, /jaego_db_size_bytes \d+/);
});

test('unknown API route is a JSON 404, wrong method a JSON 405', async () => {
  assertError(await srv.client().get('/api/no-such-thing'), 404, 'not_found');
  assertError(await srv.client().del('/healthz'), 405, 'method_not_allowed');
});

test('API answers carry no-store and security headers', async () => {
  const res = await srv.client().get('/api/version');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.json.name, 'jaego');
});

test('malformed JSON is 400 bad_json; a non-JSON content type is 415', async () => {
  const c = srv.client();
  assertError(await c.post('/api/session', '{"login": "boss", '), 400, 'bad_json');
  assertError(await c.post('/api/session', '[1,2]'), 400, 'bad_json');
  assertError(await c.post('/api/session', 'login=boss', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
});

test('a body over the limit is refused with 413, before or during upload', async () => {
  // A route's own limit (login: 16 KiB) ...
  const huge = JSON.stringify({ login: 'x'.repeat(20000), password: 'y' });
  assertError(await srv.client().post('/api/session', huge), 413, 'payload_too_large');
  // ... and the server's default (--body-max 4096) for routes that set none.
  const c = await srv.login('boss');
  const big = JSON.stringify({ sku: 'x'.repeat(10000), type: 'inbound', qty: 1 });
  assertError(await c.post('/api/movements', big), 413, 'payload_too_large');
  // Chunked upload without Content-Length: the limit still holds.
  const body = 'a'.repeat(20000);
  const reply = await rawHttp(srv.port,
    'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
    `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`, { waitClose: false });
  assert.match(reply.data, /^HTTP\/1\.1 413/);
  // The server is still healthy afterwards.
  assert.equal((await srv.client().get('/healthz')).status, 200);
});

test('path traversal never reaches the file system', async () => {
  for (const p of ['/../../etc/passwd', '/assets/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
    const reply = await rawHttp(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.doesNotMatch(reply.data, /root:x:0:0/, p);
    assert.match(reply.data, /^HTTP\/1\.1 (400|404)/, p);
  }
});

test('the web app is served with SPA fallback, ETag and gzip', async () => {
  const c = srv.client();
  const index = await c.get('/', { 'Accept-Encoding': 'gzip' });
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /text\/html/);
  const screen = await c.get('/products');
  assert.equal(screen.status, 200);
  assert.match(screen.headers.get('content-type'), /text\/html/);
  const etag = index.headers.get('etag');
  if (etag) {
    const again = await c.get('/', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
  }
  assertError(await c.get('/no-such-file.js'), 404, 'not_found');
  assertError(await c.post('/products', {}), 405, 'method_not_allowed');
});

test('a slow client is cut off by the timeout and does not block others', async () => {
  // A server of its own: a 1 s idle timeout would also close the kept-alive connections
  // of the other tests between their requests.
  const s2 = await startServer({ args: ['--timeout', '1'] });
  try {
    const start = Date.now();
    const pending = rawHttp(s2.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'); // never finishes headers
    const ok = await s2.client().get('/healthz');
    assert.equal(ok.status, 200);
    const slow = await pending;
    assert.ok(slow.closed, 'connection closed by the server');
    assert.ok(Date.now() - start < 7500);
  } finally { await s2.stop(); }
});

test('many requests on kept-alive connections in parallel', async () => {
  const c = srv.client();
  const results = await Promise.all(Array.from({ length: 200 }, () => c.get('/healthz')));
  assert.ok(results.every((r) => r.status === 200));
});

test('command line: --help, --version, bad subcommand, bad options', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  for (const cmd of ['serve', 'user', 'routes']) assert.match(help.stdout, new RegExp(`\\n  ${cmd} `));
  assert.match(runCli(['--version']).stdout, /^jaego \d+\.\d+\.\d+/);
  assert.equal(runCli(['nope']).status, 2);
  assert.equal(runCli(['serve', '--port', 'abc']).status, 2);
  assert.equal(runCli(['user', 'add', '--db', '/tmp/x.db', '--login', 'a', '--role', 'king', '--password-stdin'], { input: 'password-123\n' }).status, 2);
  const routes = JSON.parse(runCli(['routes', '--json']).stdout);
  assert.ok(routes.some((r) => r.pattern === '/healthz' && r.role === 'public'));
});

test('settings come from the environment too', async () => {
  const s2 = await startServer({ env: { JAEGO_THREADS: '2', JAEGO_BODY_MAX: '2048' } });
  try {
    await s2.addUser({ login: 'boss2', role: 'master' });
    const c = await s2.login('boss2');
    const res = await c.post('/api/movements', JSON.stringify({ sku: 'z'.repeat(3000) }));
    assertError(res, 413, 'payload_too_large');
  } finally { await s2.stop(); }
});
