#!/usr/bin/env node
// The peer of `modelfunnel forecast`: DuckDB computing the expected won
// revenue per owner of the records open at AS_OF with SQL over events.csv
// and leads.csv loaded into typed tables — each record's latest event and
// furthest main-path stage before AS_OF and its date there (its first event
// there) — or, for a deal lost and taken up again, the first main-path event
// after its latest loss —, its age, its latest amount, P(won in the period |
// stage, age) and the amount a win brings where the record has none, joined
// from the table the engine learned (CURVE: stage, age, p, amount, cap), and
// SUM(amount * p) GROUP BY owner.
//
// Usage: node peer_revenue_duckdb.mjs DIR AS_OF CURVE [--threads N] [--out FILE]
// stderr: load_s=... compute_s=... (compute: the CREATE TABLE ... AS SELECT)
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const plain = args.filter((a, i) => !a.startsWith('--') && !['--threads', '--out'].includes(args[i - 1]));
const [dir, asOf, curve] = plain;
if (!curve) {
  console.error('usage: node peer_revenue_duckdb.mjs DIR AS_OF CURVE [--threads N] [--out FILE]');
  process.exit(2);
}
const threads = flag('--threads');
const out = flag('--out');
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";

const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await instance.connect();

const t0 = performance.now();
await con.run(`
  CREATE TABLE events AS SELECT * FROM read_csv(${sqlStr(path.join(dir, 'events.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DECIMAL(18,2)',
               'reason': 'VARCHAR'})`);
await con.run(`
  CREATE TABLE leads AS SELECT lead_id, owner_sdr FROM read_csv(${sqlStr(path.join(dir, 'leads.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {
      'lead_id': 'VARCHAR', 'created_at': 'TIMESTAMP', 'channel': 'VARCHAR',
      'campaign': 'VARCHAR', 'segment': 'VARCHAR', 'industry': 'VARCHAR',
      'employees': 'INTEGER', 'budget_ok': 'TINYINT', 'authority_ok': 'TINYINT',
      'need_ok': 'TINYINT', 'timeline_days': 'INTEGER', 'owner_sdr': 'VARCHAR'})`);
await con.run(`
  CREATE TABLE curve AS SELECT * FROM read_csv(${sqlStr(curve)}, header = true, auto_detect = false,
    columns = {'stage': 'VARCHAR', 'age': 'INTEGER', 'p': 'DOUBLE', 'amount': 'DOUBLE', 'cap': 'INTEGER'})`);
await con.run(`
  CREATE TABLE path AS SELECT * FROM (VALUES ('lead', 0, 'open'), ('mql', 1, 'open'), ('sql', 2, 'open'),
    ('opportunity', 3, 'open'), ('proposal', 4, 'open'), ('negotiation', 5, 'open'),
    ('closed_won', 6, 'won'), ('closed_lost', NULL, 'lost'), ('nurture', NULL, 'nurture')) t(stage, ord, kind)`);
const t1 = performance.now();

await con.run(`
  CREATE TABLE result AS
  WITH e AS (
    SELECT ev.lead_id, ev.stage, ev.amount, p.ord, p.kind, epoch_us(ev.ts) AS us,
           epoch_us(ev.ts)::HUGEINT * 100000000 + ev.rowid AS seq
    FROM events ev JOIN path p USING (stage)
    WHERE ev.ts < ${sqlStr(asOf)}::TIMESTAMP
  ),
  per AS (
    SELECT lead_id,
           bool_or(kind = 'won') AS won,
           arg_max(kind, seq) AS last_kind,
           max(ord) AS furthest,
           arg_max(us, ord * 10000000000000000::HUGEINT - us) AS entered,
           arg_max(amount, seq) FILTER (WHERE amount IS NOT NULL) AS amount,
           max(seq) FILTER (WHERE kind = 'lost') AS last_loss
    FROM e GROUP BY lead_id
  ),
  reopened AS (
    SELECT e.lead_id, arg_min(e.ord, e.seq) AS ord, arg_min(e.us, e.seq) AS us
    FROM e JOIN per USING (lead_id)
    WHERE e.kind = 'open' AND e.ord IS NOT NULL AND e.seq > per.last_loss
    GROUP BY e.lead_id
  ),
  open AS (
    SELECT per.lead_id, path.stage, per.amount,
           (epoch_us(${sqlStr(asOf)}::TIMESTAMP) - coalesce(r.us, per.entered)) // 86400000000 AS age
    FROM per LEFT JOIN reopened r USING (lead_id)
    JOIN path ON path.ord = coalesce(r.ord, per.furthest)
    WHERE NOT per.won AND per.last_kind = 'open' AND per.furthest < 6
  )
  SELECT coalesce(l.owner_sdr, '') AS owner,
         sum(c.p * coalesce(o.amount::DOUBLE, c.amount)) AS expected
  FROM open o
  JOIN curve c ON c.stage = o.stage AND c.age = least(o.age, c.cap)
  JOIN leads l USING (lead_id)
  GROUP BY ALL`);
const t2 = performance.now();

if (out) {
  await con.run(`COPY (SELECT owner, printf('%.4f', expected) AS expected FROM result ORDER BY owner)
                 TO ${sqlStr(out)} (HEADER, DELIMITER ',')`);
}
const rss = process.memoryUsage().rss / 1048576;
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(5)} rss_mb=${rss.toFixed(1)}`);
