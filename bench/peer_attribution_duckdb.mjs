#!/usr/bin/env node
// The peer of `modelfunnel attribution --model linear` on the canonical
// layout: DuckDB computing the linear model's credits per channel with SQL
// over touches.csv and events.csv loaded into typed tables — each won
// lead's first closed_won entry and its amount, its touches at or before
// it, each touch worth conversion / (touches of the lead) and amount /
// (touches of the lead). Same definitions as docs/attribution.md.
//
// Usage: node peer_attribution_duckdb.mjs DIR [--threads N] [--out FILE]
// stderr: load_s=... compute_s=...
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const dir = args.find((a, i) => !a.startsWith('--') && !['--threads', '--out'].includes(args[i - 1]));
if (!dir) {
  console.error('usage: node peer_attribution_duckdb.mjs DIR [--threads N] [--out FILE]');
  process.exit(2);
}
const threads = flag('--threads');
const out = flag('--out');
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";

const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await instance.connect();

const t0 = performance.now();
await con.run(`
  CREATE TABLE touches AS SELECT * FROM read_csv(${sqlStr(path.join(dir, 'touches.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {'lead_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'campaign': 'VARCHAR', 'channel': 'VARCHAR',
               'interaction': 'VARCHAR', 'cost': 'DECIMAL(18,2)'})`);
await con.run(`
  CREATE TABLE events AS SELECT * FROM read_csv(${sqlStr(path.join(dir, 'events.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DECIMAL(18,2)',
               'reason': 'VARCHAR'})`);
const t1 = performance.now();

// The generator writes the amount on the closed_won event itself.
await con.run(`
  CREATE TABLE credits AS
  WITH won AS (
    SELECT lead_id, arg_min(ts, ts) AS won_at, arg_min(amount, ts) AS amount
    FROM events WHERE stage = 'closed_won' GROUP BY lead_id
  ), used AS (
    SELECT t.lead_id, t.channel, w.amount,
           count(*) OVER (PARTITION BY t.lead_id) AS n
    FROM touches t JOIN won w ON t.lead_id = w.lead_id AND t.ts <= w.won_at
  )
  SELECT channel, sum(1.0 / n) AS conversions, sum(CAST(amount AS DOUBLE) / n) AS value
  FROM used GROUP BY channel`);
const t2 = performance.now();

if (out) {
  const reader = await con.runAndReadAll('SELECT channel, conversions, value FROM credits ORDER BY channel');
  const lines = ['channel,conversions,value'];
  for (const [channel, conversions, value] of reader.getRows())
    lines.push(`${channel},${Number(conversions).toFixed(3)},${Number(value).toFixed(2)}`);
  fs.writeFileSync(out, lines.join('\n') + '\n');
}
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(4)}`);
