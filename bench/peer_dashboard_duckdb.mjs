#!/usr/bin/env node
// The peer of `modelfunnel dashboard`'s figures: DuckDB computing what the
// page's funnel, breakdown and trends draw from — records reaching each
// stage of the main path (implied passage: the furthest stage reached and
// every stage before it) for the leads entering the funnel in [FROM, TO),
// the same for the period before, by channel, and by month of entry — over
// the same CSV files read into the same types. It prints the period's
// reach per stage (stage,reached) so run_dashboard.sh can check it against
// the page before any time counts. It draws no page: the dashboard's own
// work beyond these aggregates (HTML, SVG) is what the ratio leaves to it.
//
// Usage: node peer_dashboard_duckdb.mjs DIR FROM TO [--threads N]
// stderr: load_s=... compute_s=...
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [dir, from, to] = process.argv.slice(2);
const ti = process.argv.indexOf('--threads');
const threads = ti >= 0 ? process.argv[ti + 1] : null;
if (!dir || !from || !to) {
  console.error('usage: node peer_dashboard_duckdb.mjs DIR FROM TO [--threads N]');
  process.exit(2);
}
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";
const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await instance.connect();

const t0 = performance.now();
await con.run(`
  CREATE TABLE leads AS SELECT * FROM read_csv(${sqlStr(path.join(dir, 'leads.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {
      'lead_id': 'VARCHAR', 'created_at': 'TIMESTAMP', 'channel': 'VARCHAR',
      'campaign': 'VARCHAR', 'segment': 'VARCHAR', 'industry': 'VARCHAR',
      'employees': 'INTEGER', 'budget_ok': 'TINYINT', 'authority_ok': 'TINYINT',
      'need_ok': 'TINYINT', 'timeline_days': 'INTEGER', 'owner_sdr': 'VARCHAR'})`);
await con.run(`
  CREATE TABLE events AS SELECT * FROM read_csv(${sqlStr(path.join(dir, 'events.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'ts': 'TIMESTAMP',
               'amount': 'DECIMAL(18,4)', 'reason': 'VARCHAR'})`);
const t1 = performance.now();

await con.run(`
  CREATE TABLE path AS SELECT * FROM (VALUES ('lead', 0), ('mql', 1), ('sql', 2),
    ('opportunity', 3), ('proposal', 4), ('negotiation', 5), ('closed_won', 6)) p(stage, pos)`);
// One row per lead: its funnel entry (earliest main-path event) and the
// furthest main-path stage it reached.
await con.run(`
  CREATE TABLE reach AS
  SELECT e.lead_id, min(e.ts) AS entry, max(p.pos) AS furthest, any_value(l.channel) AS channel
  FROM events e JOIN path p USING (stage) JOIN leads l USING (lead_id)
  GROUP BY e.lead_id`);
const period = (a, b) => `entry >= TIMESTAMP ${sqlStr(a)} AND entry < TIMESTAMP ${sqlStr(b)}`;
const span = `(TIMESTAMP ${sqlStr(to)} - TIMESTAMP ${sqlStr(from)})`;
const current = await con.runAndReadAll(`
  SELECT p.stage, count(r.lead_id) AS reached FROM path p LEFT JOIN reach r
    ON r.furthest >= p.pos AND ${period(from, to)}
  GROUP BY p.stage, p.pos ORDER BY p.pos`);
await con.runAndReadAll(`
  SELECT p.stage, count(r.lead_id) FROM path p LEFT JOIN reach r
    ON r.furthest >= p.pos AND entry >= TIMESTAMP ${sqlStr(from)} - ${span} AND entry < TIMESTAMP ${sqlStr(from)}
  GROUP BY p.stage`);
await con.runAndReadAll(`
  SELECT channel, p.stage, count(*) FROM reach r JOIN path p ON r.furthest >= p.pos
  WHERE ${period(from, to)} GROUP BY channel, p.stage`);
await con.runAndReadAll(`
  SELECT date_trunc('month', entry) AS month, p.stage, count(*) FROM reach r JOIN path p ON r.furthest >= p.pos
  WHERE ${period(from, to)} GROUP BY month, p.stage`);
const t2 = performance.now();

console.log('stage,reached');
for (const row of current.getRows()) console.log(`${row[0]},${row[1]}`);
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(4)}`);
