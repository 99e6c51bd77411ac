// make.test.mjs — the Makefile's web app rules, on a copy of the Makefile in a temporary
// directory with a small fake web app and a fake `npm` that records each build: without
// web/node_modules `make` stops with a message naming `make deps` (unless NO_WEB=1); once the
// packages appear, the next plain `make` builds the app and embeds it; every input (a source
// file, a config, a deleted file, a package update) rebuilds it, and nothing else does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const OLD = new Date('2020-01-01T00:00:00Z'); // every input starts this old
const BUILT = new Date('2021-01-01T00:00:00Z'); // the stamp after each build

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-make-'));
  const put = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  fs.copyFileSync(path.join(ROOT, 'Makefile'), path.join(dir, 'Makefile'));
  put('VERSION', '0.0.0\n');
  put('tools/embed.c', fs.readFileSync(path.join(ROOT, 'tools/embed.c')));
  put('web/index.html', '<div id="root"></div>\n');
  put('web/package.json', '{}\n');
  put('web/package-lock.json', '{}\n');
  put('web/vite.config.ts', 'export default {};\n');
  put('web/tsconfig.json', '{}\n');
  put('web/src/main.tsx', 'export {};\n');
  put('web/src/pages/Old.tsx', 'export {};\n');
  // The fake npm writes an index.html and counts its runs.
  put('bin/npm', '#!/bin/sh\nmkdir -p dist && echo "<p>app</p>" > dist/index.html && echo run >> ../npm.log\n');
  fs.chmodSync(path.join(dir, 'bin/npm'), 0o755);
  age(dir, 'web');
  return dir;
}

// Sets every file and directory under dir/rel to OLD.
function age(dir, rel) {
  const p = path.join(dir, rel);
  if (fs.statSync(p).isDirectory())
    for (const e of fs.readdirSync(p)) age(dir, path.join(rel, e));
  fs.utimesSync(p, OLD, OLD);
}

function make(dir, ...args) {
  const res = spawnSync('make', ['--no-print-directory', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, MAKEFLAGS: '' },
    timeout: 60000,
  });
  return { status: res.status, out: res.stdout + res.stderr };
}

const builds = (dir) =>
  fs.existsSync(path.join(dir, 'npm.log')) ? fs.readFileSync(path.join(dir, 'npm.log'), 'utf8').split('\n').length - 1 : 0;

// Builds the web app, then dates every input back and the stamp after them, so that any
// later change, including a deletion (its directory's time), is newer than the stamp.
function buildWeb(dir) {
  const r = make(dir, 'web');
  assert.equal(r.status, 0, r.out);
  age(dir, 'web');
  fs.utimesSync(path.join(dir, 'web/dist/.stamp'), BUILT, BUILT);
}

const upToDate = (dir) => make(dir, '-q', 'web/dist/.stamp').status === 0;

test('make without web/node_modules fails and names make deps; NO_WEB=1 builds without the app', () => {
  const dir = setup();
  try {
    const r = make(dir, 'build/gen/assets.c');
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /make deps/);
    assert.match(r.out, /NO_WEB=1/);
    assert.equal(builds(dir), 0);
    assert.equal(fs.existsSync(path.join(dir, 'build/gen/assets.c')), false);

    const nw = make(dir, 'NO_WEB=1', 'build/gen/assets.c');
    assert.equal(nw.status, 0, nw.out);
    assert.equal(builds(dir), 0);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'build/gen/assets.c'), 'utf8'), /index\.html/);

    // `make deps` installs the packages: the next plain make builds and embeds the app.
    fs.mkdirSync(path.join(dir, 'web/node_modules'));
    fs.writeFileSync(path.join(dir, 'web/node_modules/.package-lock.json'), '{}\n');
    const w = make(dir, 'build/gen/assets.c');
    assert.equal(w.status, 0, w.out);
    assert.equal(builds(dir), 1);
    assert.match(fs.readFileSync(path.join(dir, 'build/gen/assets.c'), 'utf8'), /index\.html/);

    // Back to NO_WEB=1 and forth again: each switch re-embeds, without rebuilding the app.
    assert.equal(make(dir, 'NO_WEB=1', 'build/gen/assets.c').status, 0);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'build/gen/assets.c'), 'utf8'), /index\.html/);
    assert.equal(make(dir, 'build/gen/assets.c').status, 0);
    assert.match(fs.readFileSync(path.join(dir, 'build/gen/assets.c'), 'utf8'), /index\.html/);
    assert.equal(builds(dir), 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the web app is rebuilt when any of its inputs changes, and only then', () => {
  const dir = setup();
  try {
    fs.mkdirSync(path.join(dir, 'web/node_modules'));
    fs.writeFileSync(path.join(dir, 'web/node_modules/.package-lock.json'), '{}\n');
    age(dir, 'web');
    buildWeb(dir);
    assert.equal(builds(dir), 1);
    assert.ok(upToDate(dir), 'nothing changed');
    buildWeb(dir);
    assert.equal(builds(dir), 1, 'a second make builds nothing');

    const changes = [
      ['a source file', () => fs.writeFileSync(path.join(dir, 'web/src/main.tsx'), 'export const a = 1;\n')],
      ['a nested source file', () => fs.writeFileSync(path.join(dir, 'web/src/pages/Old.tsx'), 'export const b = 2;\n')],
      ['index.html', () => fs.writeFileSync(path.join(dir, 'web/index.html'), '<div></div>\n')],
      ['the Vite config', () => fs.writeFileSync(path.join(dir, 'web/vite.config.ts'), '//\n')],
      ['a new config file', () => fs.writeFileSync(path.join(dir, 'web/tsconfig.node.json'), '{}\n')],
      ['a new source file', () => fs.writeFileSync(path.join(dir, 'web/src/pages/New.tsx'), 'export {};\n')],
      ['a deleted source file', () => fs.rmSync(path.join(dir, 'web/src/pages/Old.tsx'))],
      ['installed packages', () => fs.writeFileSync(path.join(dir, 'web/node_modules/.package-lock.json'), '{"v":2}\n')],
    ];
    let n = 1;
    for (const [what, change] of changes) {
      change();
      assert.equal(upToDate(dir), false, `${what}: the app is out of date`);
      buildWeb(dir);
      n++;
      assert.equal(builds(dir), n, `${what}: rebuilt once`);
      assert.ok(upToDate(dir), `${what}: up to date after the build`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
