#!/usr/bin/env node
// The peer of check_coverage() (`modelfunnel tier --contacts --activities
// --owner-by owner`) with examples/tiering/maven_fit.json and the default
// plays: DuckDB tiering the accounts as bench/peer_tier_duckdb.mjs does
// (not timed: check_coverage() is given a tiering too), then counting each
// rep's gaps in SQL — A: fewer than 5 contacts reached, a cadence that
// neither runs (a touch within 30 days of the as-of day, the latest touch)
// nor lasted 6 calendar months; B: no phone touch; C: no campaign touch by
// email or event — with the same cleaning: contacts of unknown accounts and
// touches of unknown contacts left out, repeated rows counted once,
// channels compared ignoring case and spaces.
//
// Usage: node peer_coverage_duckdb.mjs ACCOUNTS.csv CONTACTS.csv ACTIVITIES.csv [--threads N] [--out FILE]
// stderr: load_s=... compute_s=... (compute: the coverage CREATE TABLE ... AS SELECT)
// --out: rep,accounts,with_gaps,contacts,cadence,channel,campaign sorted by
// rep, `(none)` for accounts without one.
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const files = args.filter((a, i) => !a.startsWith('--') && !['--threads', '--out'].includes(args[i - 1]));
if (files.length !== 3) {
  console.error('usage: node peer_coverage_duckdb.mjs ACCOUNTS.csv CONTACTS.csv ACTIVITIES.csv [--threads N] [--out FILE]');
  process.exit(2);
}
const [accountsFile, contactsFile, activitiesFile] = files;
const threads = flag('--threads');
const out = flag('--out');
const sqlStr = (s) => "'" + s.replaceAll("'", "''") + "'";
const csv = (file, columns) => `read_csv(${sqlStr(file)}, header = true, delim = ',', quote = '"',
    auto_detect = false, columns = {${columns}})`;

const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
const con = await instance.connect();

const t0 = performance.now();
await con.run(`CREATE TABLE accounts AS SELECT * FROM ${csv(accountsFile,
  `'account': 'VARCHAR', 'sector': 'VARCHAR', 'year_established': 'INTEGER', 'revenue': 'DOUBLE',
   'employees': 'DOUBLE', 'office_location': 'VARCHAR', 'subsidiary_of': 'VARCHAR', 'owner': 'VARCHAR'`)}`);
await con.run(`CREATE TABLE contacts AS SELECT * FROM ${csv(contactsFile,
  `'account_id': 'VARCHAR', 'contact_id': 'VARCHAR', 'role': 'VARCHAR'`)}`);
await con.run(`CREATE TABLE activities AS SELECT * FROM ${csv(activitiesFile,
  `'contact_id': 'VARCHAR', 'time': 'VARCHAR', 'channel': 'VARCHAR', 'campaign': 'VARCHAR'`)}`);
// The tiers, as peer_tier_duckdb.mjs computes them.
await con.run(`
  CREATE TABLE tiers AS
  WITH s AS (
    SELECT account, coalesce(trim(owner), '') AS rep,
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
  ranked AS (SELECT account, rep, row_number() OVER (ORDER BY score DESC, account) AS rn FROM s)
  SELECT account AS id, rep, (SELECT tier FROM bounds WHERE rn <= upto ORDER BY upto LIMIT 1) AS tier
  FROM ranked`);
const t1 = performance.now();

await con.run(`
  CREATE TABLE coverage AS
  WITH c AS (
    SELECT DISTINCT trim(contact_id) AS contact_id, trim(account_id) AS id
    FROM contacts WHERE trim(account_id) IN (SELECT id FROM tiers)
  ),
  touch AS (
    SELECT DISTINCT c.id, c.contact_id, strptime(trim(a.time), '%Y-%m-%dT%H:%M:%SZ') AS ts,
           lower(trim(coalesce(a.channel, ''))) AS channel, trim(coalesce(a.campaign, '')) AS campaign
    FROM activities a JOIN c ON trim(a.contact_id) = c.contact_id
  ),
  as_of AS (SELECT max(ts)::DATE AS d FROM touch),
  per AS (
    SELECT id, count(DISTINCT contact_id) AS reached, min(ts)::DATE AS first_d, max(ts)::DATE AS last_d,
           bool_or(channel = 'phone') AS phone,
           bool_or(campaign <> '' AND channel IN ('email', 'event')) AS in_campaign
    FROM touch GROUP BY id
  ),
  g AS (
    SELECT t.rep,
      t.tier = 'A' AND coalesce(per.reached, 0) < 5 AS g_contacts,
      t.tier = 'A' AND NOT coalesce((SELECT d FROM as_of) - per.last_d <= 30, false)
                   AND NOT coalesce(per.last_d >= per.first_d + INTERVAL 6 MONTH, false) AS g_cadence,
      t.tier = 'B' AND NOT coalesce(per.phone, false) AS g_channel,
      t.tier = 'C' AND NOT coalesce(per.in_campaign, false) AS g_campaign
    FROM tiers t LEFT JOIN per USING (id)
  )
  SELECT CASE WHEN rep = '' THEN '(none)' ELSE rep END AS rep, count(*) AS accounts,
         count(*) FILTER (g_contacts OR g_cadence OR g_channel OR g_campaign) AS with_gaps,
         count(*) FILTER (g_contacts) AS contacts, count(*) FILTER (g_cadence) AS cadence,
         count(*) FILTER (g_channel) AS channel, count(*) FILTER (g_campaign) AS campaign
  FROM g GROUP BY rep`);
const t2 = performance.now();

if (out) {
  await con.run(`COPY (SELECT * FROM coverage ORDER BY rep) TO ${sqlStr(out)} (HEADER, DELIMITER ',')`);
}
const rss = process.memoryUsage().rss / 1048576;
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(5)} rss_mb=${rss.toFixed(1)}`);
