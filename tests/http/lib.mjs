// lib.mjs — helpers for the HTTP and browser tests: start the real `jaego serve` on a
// temporary database and a free loopback port, create members with `jaego user add`, and
// talk to the server as a logged-in member (cookie + CSRF token kept per client).
//
//   const srv = await startServer();
//   await srv.addUser({ login: 'boss', role: 'master', password: 'password-123', org: '가게A' });
//   const c = await srv.login('boss', 'password-123');
//   const res = await c.get('/api/products');   // { status, headers, json, text }
//   await srv.stop();                            // fails if the server reported a sanitizer error
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.resolve(ROOT, process.env.JAEGO_BIN || 'build/jaego-san');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function runCli(args, { input, env } = {}) {
  const res = spawnSync(BIN, args, {
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
  }

  async raw(p, init = {}) {
    const headers = { ...(init.headers || {}) };
    if (this.cookie && !('Cookie' in headers)) headers.Cookie = this.cookie;
    const res = await fetch(this.base + p, { ...init, headers, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /jaego_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `jaego_session=${m[1]}` : null;
    }
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    let json = null;
    if ((res.headers.get('content-type') || '').includes('application/json') && text) {
      try { json = JSON.parse(text); } catch { json = null; }
    }
    return { status: res.status, headers: res.headers, json, text, body: buf };
  }

  request(method, p, body, extraHeaders = {}) {
    const headers = { ...extraHeaders };
    if (method !== 'GET' && method !== 'HEAD' && this.csrf && !('X-CSRF-Token' in headers)) {
      headers['X-CSRF-Token'] = this.csrf;
    }
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = headers['Content-Type'] || 'application/json';
      payload = typeof body === 'string' || body instanceof Uint8Array || body instanceof FormData
        ? body : JSON.stringify(body);
      if (body instanceof FormData) delete headers['Content-Type'];
    }
    return this.raw(p, { method, headers, body: payload });
  }

  get(p, h) { return this.request('GET', p, undefined, h); }
  post(p, b, h) { return this.request('POST', p, b, h); }
  patch(p, b, h) { return this.request('PATCH', p, b, h); }
  put(p, b, h) { return this.request('PUT', p, b, h); }
  del(p, h) { return this.request('DELETE', p, undefined, h); }
}

export async function startServer(opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-test-'));
  const db = opts.db || path.join(dir, 'test.db');
  const portFile = path.join(dir, 'port');
  // Forecast runs only when a test asks for one: no nightly runs in the tests' shops
  // unless opts.runner is 'all'.
  const args = ['serve', '--db', db, '--port', '0', '--port-file', portFile,
    '--threads', String(opts.threads || 4), '--runner', opts.runner || 'queue',
    ...(opts.args || [])];
  if (opts.setup) await opts.setup({ db, dir });
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(opts.env || {}) } });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let port = 0;
  for (let i = 0; i < 400 && !port; i++) {
    if (child.exitCode !== null) break;
    try { port = parseInt(fs.readFileSync(portFile, 'utf8'), 10) || 0; } catch { /* not yet */ }
    if (!port) await sleep(25);
  }
  if (!port) {
    child.kill('SIGKILL');
    throw new Error(`server did not start:\n${log}`);
  }
  const url = `http://127.0.0.1:${port}`;
  const srv = {
    url, db, dir, port, child,
    get log() { return log; },
    client: () => new Client(url),
    cli: (cliArgs, o) => runCli(cliArgs, o),
    async addUser({ login, role = 'master', password = 'password-123', org, name }) {
      const a = ['user', 'add', '--db', db, '--login', login, '--role', role, '--password-stdin'];
      if (org) a.push('--org', org);
      if (name) a.push('--name', name);
      const res = runCli(a, { input: password + '\n' });
      if (res.status !== 0) throw new Error(`user add failed: ${res.stderr}`);
      return res;
    },
    async login(login, password = 'password-123') {
      const c = new Client(url);
      const res = await c.post('/api/session', { login, password });
      if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${res.text}`);
      c.csrf = res.json.csrf_token;
      c.user = res.json.user;
      return c;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(log)) {
        throw new Error(`sanitizer report from the server:\n${log.slice(-6000)}`);
      }
      if (code !== 0) throw new Error(`server exited with ${code ?? signal}:\n${log.slice(-3000)}`);
    },
  };
  return srv;
}
