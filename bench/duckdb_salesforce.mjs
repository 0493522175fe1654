// DuckDB doing what the Salesforce mapping does, in SQL: read_csv of every
// file of `modelfunnel generate --layout salesforce`, then the reshaping
// the library does without a script — lead status history and opportunity
// history unioned into one events table, opportunity rows joined to their
// lead through Lead.ConvertedOpportunityId, close-date pushes and campaign
// members read beside. Timing covers reading and reshaping.
//   node duckdb_salesforce.mjs DIR
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = process.argv[2];
const f = (name) => "'" + path.join(dir, name).replaceAll("'", "''") + "'";
const csv = (name, columns) => `read_csv(${f(name)}, header = true, delim = ',', quote = '"',
  auto_detect = false, columns = {${columns}})`;
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const t0 = performance.now();
await con.run(`CREATE TABLE lead AS SELECT * FROM ${csv('Lead.csv',
  `'Id': 'VARCHAR', 'CreatedDate': 'TIMESTAMP', 'Status': 'VARCHAR', 'LeadSource': 'VARCHAR',
   'Primary_Campaign__c': 'VARCHAR', 'Segment__c': 'VARCHAR', 'Industry': 'VARCHAR',
   'NumberOfEmployees': 'INTEGER', 'Budget_Confirmed__c': 'BOOLEAN', 'Authority_Confirmed__c': 'BOOLEAN',
   'Need_Confirmed__c': 'BOOLEAN', 'Timeline_Days__c': 'INTEGER', 'OwnerId': 'VARCHAR',
   'IsConverted': 'BOOLEAN', 'ConvertedDate': 'DATE', 'ConvertedOpportunityId': 'VARCHAR'`)}`);
await con.run(`CREATE TABLE events AS
  SELECT Id AS lead_id, 'lead' AS stage, CreatedDate AS ts, NULL::DECIMAL(18,2) AS amount,
         NULL::DATE AS close_date, NULL::VARCHAR AS reason FROM lead
  UNION ALL
  SELECT LeadId, CASE NewValue WHEN 'New' THEN 'lead' WHEN 'Marketing Qualified' THEN 'mql'
           WHEN 'Sales Qualified' THEN 'sql' WHEN 'Nurturing' THEN 'nurture' ELSE 'closed_lost' END,
         CreatedDate, NULL, NULL, Unqualified_Reason__c
    FROM ${csv('LeadHistory.csv', `'LeadId': 'VARCHAR', 'Field': 'VARCHAR', 'OldValue': 'VARCHAR',
      'NewValue': 'VARCHAR', 'CreatedDate': 'TIMESTAMP', 'Unqualified_Reason__c': 'VARCHAR'`)}
    WHERE Field = 'Status'
  UNION ALL
  SELECT l.Id, CASE h.StageName WHEN 'Qualification' THEN 'opportunity'
           WHEN 'Proposal/Price Quote' THEN 'proposal' WHEN 'Negotiation/Review' THEN 'negotiation'
           WHEN 'Closed Won' THEN 'closed_won' ELSE 'closed_lost' END,
         h.CreatedDate, h.Amount, h.CloseDate, h.Loss_Reason__c
    FROM ${csv('OpportunityHistory.csv', `'OpportunityId': 'VARCHAR', 'StageName': 'VARCHAR',
      'Amount': 'DECIMAL(18,2)', 'CloseDate': 'DATE', 'Probability': 'INTEGER',
      'ForecastCategory': 'VARCHAR', 'CreatedDate': 'TIMESTAMP', 'Loss_Reason__c': 'VARCHAR'`)} h
    JOIN lead l ON l.ConvertedOpportunityId = h.OpportunityId`);
await con.run(`CREATE TABLE pushes AS SELECT * FROM ${csv('OpportunityFieldHistory.csv',
  `'OpportunityId': 'VARCHAR', 'Field': 'VARCHAR', 'OldValue': 'VARCHAR', 'NewValue': 'VARCHAR',
   'CreatedDate': 'TIMESTAMP'`)} WHERE Field = 'CloseDate'`);
await con.run(`CREATE TABLE touches AS SELECT * FROM ${csv('CampaignMember.csv',
  `'CampaignId': 'VARCHAR', 'LeadId': 'VARCHAR', 'Status': 'VARCHAR', 'CreatedDate': 'TIMESTAMP',
   'FirstRespondedDate': 'DATE'`)}`);
await con.run(`CREATE TABLE campaigns AS SELECT * FROM ${csv('Campaign.csv',
  `'Id': 'VARCHAR', 'Name': 'VARCHAR', 'Type': 'VARCHAR', 'ActualCost': 'DECIMAL(18,2)', 'StartDate': 'DATE'`)}`);
await con.run(`CREATE TABLE opportunity AS SELECT * FROM ${csv('Opportunity.csv',
  `'Id': 'VARCHAR', 'AccountId': 'VARCHAR', 'StageName': 'VARCHAR', 'Amount': 'DECIMAL(18,2)',
   'CloseDate': 'DATE', 'CreatedDate': 'TIMESTAMP', 'LeadSource': 'VARCHAR', 'OwnerId': 'VARCHAR',
   'IsWon': 'BOOLEAN', 'IsClosed': 'BOOLEAN'`)}`);
const seconds = (performance.now() - t0) / 1000;
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`load_s=${seconds.toFixed(3)} rss_mb=${rssMb.toFixed(0)}`);
