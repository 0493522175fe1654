#!/usr/bin/env node
// The peer of the re-engagement queue with bench/reengage_bench_policy.json:
// DuckDB over the same events.csv, in SQL — each lead's last event; the
// leads whose last event is closed_lost (the reason, the latest amount);
// the due date from the reason's days; the due ones (not `fit`) ranked by
// amount x the reason's re-win rate, ties by lead id.
//
// Usage: node peer_reengage_duckdb.mjs DIR AS_OF [--threads N] [--out FILE]
// stderr: load_s=... compute_s=... (compute: the CREATE TABLE ... AS SELECT)
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const pos = args.filter((a, i) => !a.startsWith('--') && !['--threads', '--out'].includes(args[i - 1]));
if (pos.length < 2) {
  console.error('usage: node peer_reengage_duckdb.mjs DIR AS_OF [--threads N] [--out FILE]');
  process.exit(2);
}
const [dir, asOf] = pos;
const threads = flag('--threads');
const out = flag('--out');
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";

const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await instance.connect();
const t0 = performance.now();
await con.run(`
  CREATE TABLE ev AS SELECT * FROM read_csv(${sqlStr(dir + '/events.csv')},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DECIMAL(18,4)',
               'reason': 'VARCHAR'})`);
const t1 = performance.now();
// A bare AS_OF date means the end of that day, as the CLI reads it.
await con.run(`
  CREATE TABLE q AS
  WITH policy(reason, days, rate) AS (VALUES ('budget', 60, 0.10), ('timing', 90, 0.20),
       ('competitor', 180, 0.05), ('no_decision', 120, 0.08)),
  cut AS (SELECT * FROM ev WHERE ts <= TIMESTAMP ${sqlStr(asOf)} + INTERVAL 1 DAY - INTERVAL 1 SECOND),
  last AS (
    SELECT lead_id, arg_max(stage, ts) AS stage, max(ts) AS ts, arg_max(reason, ts) AS reason,
           arg_max(amount, ts) FILTER (WHERE amount IS NOT NULL) AS amount
    FROM cut GROUP BY lead_id)
  SELECT l.lead_id AS record_id, l.reason, l.ts + to_days(p.days) AS due_at,
         CAST(l.amount AS DOUBLE) * p.rate AS expected_value
  FROM last l JOIN policy p ON p.reason = l.reason
  WHERE l.stage = 'closed_lost' AND l.ts + to_days(p.days) <= TIMESTAMP ${sqlStr(asOf)} + INTERVAL 1 DAY - INTERVAL 1 SECOND
  ORDER BY expected_value DESC, record_id`);
const t2 = performance.now();
if (out) {
  const reader = await con.runAndReadAll(
    `SELECT record_id, reason, strftime(due_at, '%Y-%m-%d'), printf('%.2f', expected_value) FROM q
     ORDER BY expected_value DESC, record_id`);
  const lines = ['record_id,reason,due_at,expected_value'];
  for (const r of reader.getRows()) lines.push(r.join(','));
  writeFileSync(out, lines.join('\n') + '\n');
}
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(4)}`);
