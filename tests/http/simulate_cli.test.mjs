// simulate_cli.test.mjs — `jaego simulate` from the command line: the four policies side by
// side write the summary's stated columns (one row per policy and product, a total row
// `ALL` per policy) and one daily row per policy, product and day, the same bytes on a
// second run; bad options and bad files are refused with exit 2, a stable code and a
// Korean message, leaving no output behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './lib.mjs';

let dir;
let sales;
let products;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaego-sim-'));
  // 4 SKUs x 200 days with a weekly pattern and now and then a bulk order.
  const lines = ['date,sku,qty'];
  const week = [5, 6, 7, 6, 5, 2, 1];
  const start = Date.UTC(2024, 0, 1);
  let seed = 11;
  for (let s = 0; s < 4; s++) {
    for (let t = 0; t < 200; t++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const bulk = seed % 29 === 0 ? 40 : 0;
      const qty = Math.round(week[t % 7] * (1 + s / 3) * (0.6 + (0.8 * seed) / 2147483648)) + bulk;
      const day = new Date(start + t * 86400000).toISOString().slice(0, 10);
      lines.push(`${day},SKU-${s},${qty}`);
    }
  }
  sales = path.join(dir, 'sales.csv');
  fs.writeFileSync(sales, lines.join('\n') + '\n');
  products = path.join(dir, 'products.csv');
  fs.writeFileSync(products, [
    'sku,lead_time_days,moq,order_multiple,unit_cost,on_hand,expiry_days',
    'SKU-0,7,1,,1000,,',
    'SKU-1,15,12,6,8000,100,',
    'SKU-2,30,1,,3000,,20',
    'SKU-3,0,24,,40000,,',
  ].join('\n') + '\n');
});
after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

const sim = (...args) => runCli(['simulate', '--input', sales, '--products', products,
  '--from', '2024-05-01', '--model', 'wavg', ...args]);

function assertRefused(res, code) {
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, new RegExp(`^jaego simulate: error: .*${code}: .*[가-힣]`, 'm'));
}

test('four policies side by side: the summary, the days, the same bytes twice', () => {
  const summary = path.join(dir, 'summary.csv');
  const days = path.join(dir, 'days.csv');
  const args = ['--policy', 'document,service_level,minmax,jaego', '--summary', summary,
    '--output', days, '--lead-spread', '3', '--seed', '5'];
  let res = sim(...args);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /^policy +fill_rate/);
  const rows = fs.readFileSync(summary, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'policy,sku,fill_rate,cycle_service_level,stockout_days,avg_on_hand,' +
    'avg_stock_value,orders,expired_units,demand_units,lost_units,holding_cost,lost_margin,' +
    'expired_cost');
  assert.equal(rows.length, 1 + 4 * 5);
  for (const policy of ['document', 'service_level', 'minmax', 'jaego']) {
    const mine = rows.filter((r) => r.startsWith(policy + ','));
    assert.equal(mine.length, 5);
    const all = mine.find((r) => r.split(',')[1] === 'ALL').split(',');
    assert.ok(+all[2] >= 0 && +all[2] <= 1, all.join(','));
    assert.ok(+all[3] >= 0 && +all[3] <= 1, all.join(','));
    assert.ok(+all[7] > 0, `${policy} placed orders`);
    // the total's lost units are the products' lost units summed
    const lost = mine.filter((r) => r.split(',')[1] !== 'ALL')
      .reduce((a, r) => a + +r.split(',')[10], 0);
    assert.equal(+all[10], lost);
  }
  const daily = fs.readFileSync(days, 'utf8').trim().split('\n');
  assert.equal(daily[0], 'policy,sku,date,demand,served,lost,on_hand,on_order,ordered,received,expired');
  // 2024-05-01 .. 2024-07-18 (the file's last day): 79 days x 4 products x 4 policies
  assert.equal(daily.length - 1, 79 * 4 * 4);
  const first = fs.readFileSync(summary, 'utf8');
  res = sim(...args);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(fs.readFileSync(summary, 'utf8'), first);
  assert.equal(fs.readdirSync(dir).filter((f) => f.includes('.tmp.')).length, 0);
});

test('bad options and bad files are refused and write nothing', () => {
  const out = path.join(dir, 'never.csv');
  assertRefused(sim('--policy', 'document,cheapest', '--summary', out), 'unknown_policy');
  assertRefused(sim('--policy', 'jaego', '--to', '2024-13-01', '--summary', out), 'bad_date');
  assertRefused(sim('--policy', 'jaego', '--to', '2024-08-01', '--summary', out),
    'date_out_of_range');
  assertRefused(sim('--policy', 'jaego', '--to', '2024-04-01', '--summary', out), 'bad_period');
  assertRefused(sim('--policy', 'jaego', '--review-days', '0', '--summary', out),
    'bad_review_days');
  assertRefused(sim('--policy', 'jaego', '--target-fill', '1.5', '--summary', out),
    'bad_target_fill');
  const bad = path.join(dir, 'bad.csv');
  fs.writeFileSync(bad, 'sku,moq\nSKU-0,1\n');
  assertRefused(runCli(['simulate', '--input', sales, '--products', bad, '--from', '2024-05-01',
    '--policy', 'jaego', '--summary', out]), 'line 1: missing_column');
  fs.writeFileSync(bad, 'sku,lead_time_days,moq\nSKU-0,7,1\nSKU-1,-3,1\n');
  assertRefused(runCli(['simulate', '--input', sales, '--products', bad, '--from', '2024-05-01',
    '--policy', 'jaego', '--summary', out]), 'line 3: bad_number');
  fs.writeFileSync(bad, 'sku,lead_time_days,moq\nSKU-0,7,1\nSKU-0,7,1\n');
  assertRefused(runCli(['simulate', '--input', sales, '--products', bad, '--from', '2024-05-01',
    '--policy', 'jaego', '--summary', out]), 'line 3: duplicate_sku');
  assert.equal(fs.existsSync(out), false);
});
