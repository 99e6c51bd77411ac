// forecast_cli.test.mjs — `jaego forecast --save-model / --load-model` from the command line:
// the forecast from a saved model is the forecast of the run that trained it, and a
// missing, damaged or too-short model file is refused with exit 2, a stable code and a
// Korean message, leaving no output behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './lib.mjs';

let dir;
let sales;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-fc-'));
  // 12 SKUs x 300 days with a weekly pattern: enough history for the boosted trees.
  const lines = ['date,sku,qty'];
  const week = [5, 6, 7, 6, 5, 2, 1];
  const start = Date.UTC(2024, 0, 1);
  let seed = 7;
  for (let s = 0; s < 12; s++) {
    for (let t = 0; t < 300; t++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const qty = Math.round(week[t % 7] * (1 + s / 4) * (0.7 + (0.6 * seed) / 2147483648));
      const day = new Date(start + t * 86400000).toISOString().slice(0, 10);
      lines.push(`${day},SKU-${s},${qty}`);
    }
  }
  sales = path.join(dir, 'sales.csv');
  fs.writeFileSync(sales, lines.join('\n') + '\n');
});
after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

const fc = (...args) => runCli(['forecast', '--input', sales, ...args]);

function assertRefused(res, code) {
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, new RegExp(`^jaego forecast: error: ${code}: .*[가-힣]`, 'm'));
}

test('a saved model forecasts what the training run forecast', () => {
  const model = path.join(dir, 'gbm.bin');
  const a = path.join(dir, 'a.csv');
  const b = path.join(dir, 'b.csv');
  let res = fc('--horizon', '14', '--model', 'gbm', '--output', a, '--save-model', model);
  assert.equal(res.status, 0, res.stderr);
  assert.match(fs.readFileSync(model, 'latin1'), /^JTRAINED 1 14 1 /);
  res = fc('--horizon', '14', '--model', 'gbm', '--output', b, '--load-model', model);
  assert.equal(res.status, 0, res.stderr);
  const out = fs.readFileSync(a, 'utf8');
  assert.equal(fs.readFileSync(b, 'utf8'), out);
  assert.match(out.split('\n')[1], /,gbm,/);
  // a shorter horizon is fine
  res = fc('--horizon', '7', '--model', 'gbm', '--output', b, '--load-model', model);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(fs.readdirSync(dir).filter((f) => f.includes('.tmp.')).length, 0);
});

test('bad model files and options are refused', () => {
  const model = path.join(dir, 'm.bin');
  const out = path.join(dir, 'never.csv');
  assert.equal(fc('--horizon', '14', '--model', 'gbm', '--save-model', model).status, 0);
  assertRefused(fc('--horizon', '15', '--model', 'gbm', '--load-model', model, '--output', out),
    'model_horizon');
  assertRefused(fc('--horizon', '7', '--load-model', path.join(dir, 'missing.bin')),
    'model_unreadable');
  const bytes = fs.readFileSync(model);
  const cut = path.join(dir, 'cut.bin');
  fs.writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
  assertRefused(fc('--horizon', '7', '--load-model', cut, '--output', out), 'model_corrupt');
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 20] ^= 1;
  fs.writeFileSync(cut, flipped);
  assertRefused(fc('--horizon', '7', '--load-model', cut, '--output', out), 'model_corrupt');
  assertRefused(fc('--horizon', '7', '--load-model', model, '--save-model', cut), 'bad_option');
  assertRefused(fc('--horizon', '7', '--model', 'ets', '--save-model', cut), 'model_not_global');
  assert.equal(fs.existsSync(out), false);
});

test('a global model without enough history falls back and says so', () => {
  // two SKUs of 40 days: too few series, and too short, to train the boosted trees
  const lines = ['date,sku,qty'];
  for (let t = 0; t < 40; t++) {
    const day = new Date(Date.UTC(2025, 0, 2) + t * 86400000).toISOString().slice(0, 10);
    lines.push(`${day},A,${t % 5}`, `${day},B,${t % 3}`);
  }
  const tiny = path.join(dir, 'tiny.csv');
  const out = path.join(dir, 'tiny-out.csv');
  const rep = path.join(dir, 'tiny-rep.csv');
  fs.writeFileSync(tiny, lines.join('\n') + '\n');
  const res = runCli(['forecast', '--input', tiny, '--horizon', '7', '--model', 'gbm',
    '--output', out, '--report', rep]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, /알림: SKU 2개 중 2개는 gbm 대신 .* 더 단순한 모델로 예측했습니다/);
  const report = fs.readFileSync(rep, 'utf8');
  assert.match(report, /gbm: too little history to train the global model/);
  assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /,gbm,|NaN/);
});

test('forecast --help lists every model name it accepts, one line each', () => {
  const help = runCli(['forecast', '--help']);
  assert.equal(help.status, 0, help.stderr);
  const lines = help.stdout.split('\n');
  const start = lines.indexOf('  모델:');
  assert.ok(start > 0, help.stdout);
  const listed = lines.slice(start + 1).filter((l) => /^ {4}\S/.test(l))
    .map((l) => /^ {4}(\S+) +(.*)$/.exec(l));
  const names = listed.map((m) => m[1]);
  // the engine's models and the command line's two model sets, each once
  assert.deepEqual([...names].sort(), ['adida', 'arima', 'auto', 'auto+lstm', 'auto-stat',
    'croston', 'dow', 'ets', 'etsq', 'gbm', 'imapa', 'lmean', 'lstm', 'naive', 'prophet', 'sba',
    'snaive', 'tsb', 'wavg']);
  for (const m of listed) assert.match(m[2], /[가-힣]/, `${m[1]} has no description`);
  // every listed name is accepted; a name not listed is refused
  const lines2 = ['date,sku,qty'];
  for (let t = 0; t < 60; t++) {
    const day = new Date(Date.UTC(2025, 0, 2) + t * 86400000).toISOString().slice(0, 10);
    lines2.push(`${day},A,${(t * 7) % 5}`);
  }
  const small = path.join(dir, 'help-small.csv');
  fs.writeFileSync(small, lines2.join('\n') + '\n');
  for (const name of names) {
    const res = runCli(['forecast', '--input', small, '--horizon', '7', '--model', name,
      '--output', path.join(dir, 'help-out.csv')]);
    assert.equal(res.status, 0, `${name}: ${res.stderr}`);
  }
  assertRefused(runCli(['forecast', '--input', small, '--horizon', '7', '--model', 'arma']),
    'unknown_model');
  // backtest takes the same names and lists them too
  const bt = runCli(['backtest', '--help']);
  assert.equal(bt.status, 0, bt.stderr);
  for (const name of names) assert.match(bt.stdout, new RegExp(`\\n {4}${name.replace('+', '\\+')} `));
});
