#!/usr/bin/env node
// The peer of `modelfunnel forecast --movement` (no close-date period):
// DuckDB putting every deal of the pipeline at FROM (opening) or at TO
// (closing) in its primary bucket, with SQL over events.csv of the
// canonical layout loaded into a typed table. A deal's state at an instant
// is what its events before it say (docs/revenue.md, "Pipeline movement"):
// its latest event's stage, its latest amount, whether it was ever won.
// The pipeline: open (never won, latest stage an open one) at a main-path
// stage from opportunity up to won. Events of one record at the same time
// keep their file order, as the data set keeps them.
//
// Usage: node peer_movement_duckdb.mjs DIR FROM TO [--threads N] [--out FILE]
// stderr: load_s=... compute_s=... (compute: the CREATE TABLE ... AS SELECT)
// --out: bucket,deals,amount_from,amount_to (amounts in ten-thousandths),
// the eight buckets in the engine's order.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const plain = args.filter((a, i) => !a.startsWith('--') && !['--threads', '--out'].includes(args[i - 1]));
const [dir, from, to] = plain;
if (!to) {
  console.error('usage: node peer_movement_duckdb.mjs DIR FROM TO [--threads N] [--out FILE]');
  process.exit(2);
}
const threads = flag('--threads');
const out = flag('--out');
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";

const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await instance.connect();

const t0 = performance.now();
await con.run(`
  CREATE TABLE events AS SELECT row_number() OVER () AS seq, * FROM read_csv(${sqlStr(path.join(dir, 'events.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DECIMAL(18,4)',
               'reason': 'VARCHAR'})`);
await con.run(`
  CREATE TABLE path AS SELECT * FROM (VALUES ('lead', 0, 'open'), ('mql', 1, 'open'), ('sql', 2, 'open'),
    ('opportunity', 3, 'open'), ('proposal', 4, 'open'), ('negotiation', 5, 'open'),
    ('closed_won', 6, 'won'), ('closed_lost', -1, 'lost'), ('nurture', -1, 'nurture')) t(stage, ord, kind)`);
const t1 = performance.now();

const f = `TIMESTAMP ${sqlStr(from)}`;
const t = `TIMESTAMP ${sqlStr(to)}`;
await con.run(`
  CREATE TABLE result AS
  WITH e AS (
    SELECT e.lead_id, e.ts, e.amount, p.ord, p.kind,
           row_number() OVER (ORDER BY e.ts, e.seq) AS k
    FROM events e JOIN path p USING (stage)
    WHERE e.ts < ${t}),
  s AS (
    SELECT lead_id,
      arg_max(kind, k) FILTER (WHERE ts < ${f}) AS kind_f,
      arg_max(ord, k) FILTER (WHERE ts < ${f}) AS ord_f,
      arg_max(amount, k) FILTER (WHERE ts < ${f} AND amount IS NOT NULL) AS amount_f,
      coalesce(bool_or(kind = 'won') FILTER (WHERE ts < ${f}), false) AS won_f,
      arg_max(kind, k) AS kind_t,
      arg_max(ord, k) AS ord_t,
      arg_max(amount, k) FILTER (WHERE amount IS NOT NULL) AS amount_t,
      bool_or(kind = 'won') AS won_t
    FROM e GROUP BY lead_id),
  d AS (
    SELECT *,
      coalesce(NOT won_f AND kind_f = 'open' AND ord_f >= 3 AND ord_f < 6, false) AS opening,
      coalesce(NOT won_t AND kind_t = 'open' AND ord_t >= 3 AND ord_t < 6, false) AS closing
    FROM s),
  b AS (
    SELECT CASE
        WHEN opening AND closing THEN
          CASE WHEN coalesce(amount_t, 0) > coalesce(amount_f, 0) THEN 'increased'
               WHEN coalesce(amount_t, 0) < coalesce(amount_f, 0) THEN 'decreased'
               ELSE 'carried' END
        WHEN opening THEN CASE WHEN won_t AND NOT won_f THEN 'won' ELSE 'lost' END
        ELSE 'new' END AS bucket,
      CASE WHEN opening THEN coalesce(amount_f, 0) ELSE 0 END AS amount_from,
      CASE WHEN closing THEN coalesce(amount_t, 0) ELSE 0 END AS amount_to
    FROM d WHERE opening OR closing)
  SELECT o.bucket, o.n, count(b.bucket) AS deals,
         coalesce(CAST(sum(b.amount_from) * 10000 AS HUGEINT), 0) AS amount_from,
         coalesce(CAST(sum(b.amount_to) * 10000 AS HUGEINT), 0) AS amount_to
  FROM (VALUES ('new', 0), ('pulled_in', 1), ('increased', 2), ('decreased', 3), ('pushed_out', 4),
               ('won', 5), ('lost', 6), ('carried', 7)) o(bucket, n)
  LEFT JOIN b USING (bucket)
  GROUP BY o.bucket, o.n ORDER BY o.n`);
const t2 = performance.now();

if (out) {
  const reader = await con.runAndReadAll('SELECT bucket, deals, amount_from, amount_to FROM result ORDER BY n');
  const lines = ['bucket,deals,amount_from,amount_to'];
  for (const r of reader.getRows()) lines.push(r.map(String).join(','));
  fs.writeFileSync(out, lines.join('\n') + '\n');
}
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(4)}`);
