// DuckDB's read_csv on the same files, with the same column types as the
// shared peer (../shared/bench/peer_duckdb.mjs), timing only the load.
// Runs from a folder where `npm ci` installed @duckdb/node-api (run_ingest.sh
// copies it there).
//   node duckdb_read_csv.mjs DIR [--events-only]
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = process.argv[2];
const eventsOnly = process.argv.includes('--events-only');
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const t0 = performance.now();
if (!eventsOnly) {
  await con.run(`CREATE TABLE leads AS SELECT * FROM read_csv(${q(path.join(dir, 'leads.csv'))},
    header = true, delim = ',', quote = '"', auto_detect = false,
    columns = {'lead_id': 'VARCHAR', 'created_at': 'TIMESTAMP', 'channel': 'VARCHAR',
      'campaign': 'VARCHAR', 'segment': 'VARCHAR', 'industry': 'VARCHAR',
      'employees': 'INTEGER', 'budget_ok': 'TINYINT', 'authority_ok': 'TINYINT',
      'need_ok': 'TINYINT', 'timeline_days': 'INTEGER', 'owner_sdr': 'VARCHAR'})`);
}
await con.run(`CREATE TABLE events AS SELECT * FROM read_csv(${q(path.join(dir, 'events.csv'))},
  header = true, delim = ',', quote = '"', auto_detect = false,
  columns = {'lead_id': 'VARCHAR', 'stage': 'VARCHAR', 'ts': 'TIMESTAMP',
    'amount': 'DECIMAL(18,2)', 'reason': 'VARCHAR'})`);
const seconds = (performance.now() - t0) / 1000;
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`load_s=${seconds.toFixed(3)} rss_mb=${rssMb.toFixed(0)}`);
