#!/usr/bin/env node
// The peer of `modelfunnel qualify` with examples/qualify/bant.json: DuckDB
// computing the same decisions (rule set, decision, deciding rule) with SQL
// CASE over leads.csv loaded into a typed table, the columns read as
// ../shared/bench/peer_duckdb.mjs reads them. SQL's NULL logic is Kleene's,
// so a blank field is unknown here too: a disqualify rule that is NULL keeps
// a lead from being qualified, as docs/qualify.md says.
//
// Usage: node peer_qualify_duckdb.mjs DIR [--threads N] [--out FILE]
// stderr: load_s=... compute_s=... (compute: the CREATE TABLE ... AS SELECT)
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const dir = args.find((a, i) => !a.startsWith('--') && !['--threads', '--out'].includes(args[i - 1]));
if (!dir) {
  console.error('usage: node peer_qualify_duckdb.mjs DIR [--threads N] [--out FILE]');
  process.exit(2);
}
const threads = flag('--threads');
const out = flag('--out');
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
const t1 = performance.now();

// Criteria (pass = TRUE, fail = FALSE, unknown = NULL), then the rules in
// their order: the first disqualify rule that passes; qualify only when no
// disqualify rule is unknown; otherwise the first nurture rule that passes.
await con.run(`
  CREATE TABLE decisions AS
  WITH c AS (
    SELECT lead_id, channel = 'outbound' AS outbound,
           authority_ok = 1 AS authority, need_ok = 1 AS need, budget_ok = 1 AS budget,
           timeline_days <= 180 AS within_180, timeline_days <= 90 AS within_90
    FROM leads
  )
  SELECT lead_id,
    CASE WHEN outbound THEN 'bdr' ELSE 'sdr' END AS rule_set,
    CASE WHEN outbound THEN
      CASE WHEN NOT authority AND NOT need THEN 'disqualified:no_authority_no_need'
           WHEN (NOT authority AND NOT need) IS NULL THEN
             CASE WHEN authority AND need AND NOT within_180 THEN 'nurture:buying_later' ELSE 'nurture:bdr_develop' END
           WHEN authority AND need AND within_180 THEN 'qualified:authority_need_timeline'
           WHEN authority AND need AND NOT within_180 THEN 'nurture:buying_later'
           ELSE 'nurture:bdr_develop' END
    ELSE
      CASE WHEN NOT need THEN 'disqualified:no_need'
           WHEN need IS NULL THEN 'nurture:sdr_discovery'
           WHEN budget AND within_90 THEN 'qualified:need_budget_timeline'
           WHEN budget AND NOT within_90 THEN 'nurture:buying_later'
           ELSE 'nurture:sdr_discovery' END
    END AS outcome
  FROM c`);
const t2 = performance.now();

if (out) {
  await con.run(`COPY (SELECT lead_id AS record_id, rule_set, split_part(outcome, ':', 1) AS decision,
                              split_part(outcome, ':', 2) AS reason
                       FROM decisions ORDER BY lead_id)
                 TO ${sqlStr(out)} (HEADER, DELIMITER ',')`);
}
const rss = process.memoryUsage().rss / 1048576;
console.error(`load_s=${((t1 - t0) / 1000).toFixed(4)} compute_s=${((t2 - t1) / 1000).toFixed(5)} rss_mb=${rss.toFixed(1)}`);
