#!/usr/bin/env node
// The peer of `modelfunnel tier` with examples/tiering/maven_fit.json:
// DuckDB scoring the same accounts with SQL (CASE for the sector with its
// alias, a capped line for employees, buckets for revenue; a blank scores
// the attribute's lowest points, as the model's default "lowest" does) and
// splitting them with row_number() over the score (ties by account name)
// against the largest-remainder counts, computed in SQL too.
//
// Usage: node peer_tier_duckdb.mjs ACCOUNTS.csv [--threads N] [--out FILE]
// stderr: load_s=... compute_s=... (compute: the CREATE TABLE ... AS SELECT)
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const file = args.find((a, i) => !a.startsWith('--') && !['--threads', '--out'].includes(args[i - 1]));
if (!file) {
  console.error('usage: node peer_tier_duckdb.mjs ACCOUNTS.csv [--threads N] [--out FILE]');
  process.exit(2);
}
const threads = flag('--threads');
const out = flag('--out');
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";

const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await instance.connect();

const t0 = performance.now();
await con.run(`
  CREATE TABLE accounts AS SELECT * FROM read_csv(${sqlStr(file)},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {
      'account': 'VARCHAR', 'sector': 'VARCHAR', 'year_established': 'INTEGER', 'revenue': 'DOUBLE',
      'employees': 'DOUBLE', 'office_location': 'VARCHAR', 'subsidiary_of': 'VARCHAR'})`);
const t1 = performance.now();

// Scores as the model's linear and bucket points, summed in its attribute
// order (sector, employees, revenue) so that the doubles are the same.
await con.run(`
  CREATE TABLE tiers AS
  WITH s AS (
    SELECT account,
      (CASE lower(trim(sector))
         WHEN 'technology' THEN 30 WHEN 'technolgy' THEN 30 WHEN 'software' THEN 30
         WHEN 'telecommunications' THEN 25 WHEN 'finance' THEN 20 WHEN 'medical' THEN 15
         WHEN 'marketing' THEN 10 WHEN 'services' THEN 10
         WHEN 'retail' THEN 5 WHEN 'entertainment' THEN 5 WHEN 'employment' THEN 5
         ELSE 0 END)::DOUBLE
      + CASE WHEN employees IS NULL OR employees <= 100 THEN 0.0
             WHEN employees >= 10000 THEN 40.0
             ELSE 0.0 + (40.0 - 0.0) * (employees - 100) / (10000 - 100) END
      + CASE WHEN revenue IS NULL OR revenue < 500 THEN 0.0 WHEN revenue < 2000 THEN 15.0 ELSE 30.0 END
        AS score
    FROM accounts
  ),
  n AS (SELECT count(*) AS total FROM s),
  quota AS (
    SELECT t.tier, t.ord, floor(t.share * n.total) AS whole, t.share * n.total - floor(t.share * n.total) AS rest
    FROM (VALUES ('A', 0, 0.15), ('B', 1, 0.25), ('C', 2, 0.60)) t(tier, ord, share), n
  ),
  counts AS (
    SELECT tier, ord, whole + CASE WHEN row_number() OVER (ORDER BY rest DESC, ord)
                                    <= (SELECT total FROM n) - (SELECT sum(whole) FROM quota) THEN 1 ELSE 0 END AS cnt
    FROM quota
  ),
  bounds AS (SELECT tier, sum(cnt) OVER (ORDER BY ord) AS upto FROM counts),
  ranked AS (SELECT account, score, row_number() OVER (ORDER BY score DESC, account) AS rn FROM s)
  SELECT account AS id, score,
         (SELECT tier FROM bounds WHERE rn <= upto ORDER BY upto LIMIT 1) AS tier
  FROM ranked`);
const t2 = performance.now();

if (out) {
  await con.run(`COPY (SELECT id, tier FROM tiers ORDER BY id) TO ${sqlStr(out)} (HEADER, DELIMITER ',')`);
}
const rss = process.memoryUsage().rss / 1048576;
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(5)} rss_mb=${rss.toFixed(1)}`);
