/* test_crm.c — modelfunnel/crm.h (experimental): close dates, touches,
 * campaigns, skipped rows and findings of a load of CRM-shaped files. */
#define MF_EXPERIMENTAL
#include "check.h"

static const char kMapping[] =
    "{\"version\": 1, \"tables\": ["
    " {\"name\": \"leads\", \"kind\": \"records\", \"file\": \"crm_leads.csv\", \"id\": \"Id\","
    "  \"links\": [\"Opp\"]},"
    " {\"name\": \"opps\", \"kind\": \"events\", \"file\": \"crm_opps.csv\", \"record\": \"OppId\","
    "  \"stage\": \"Stage\", \"time\": \"At\", \"close_date\": \"Close\", \"unknown_records\": \"skip\"},"
    " {\"name\": \"members\", \"kind\": \"touches\", \"file\": \"crm_members.csv\", \"record\": \"LeadId\","
    "  \"time\": \"At\", \"campaign\": \"CampaignId\", \"cost\": \"Cost\"},"
    " {\"name\": \"campaigns\", \"kind\": \"campaigns\", \"file\": \"crm_campaigns.csv\", \"id\": \"Id\","
    "  \"campaign_name\": \"Name\", \"start\": \"Start\"}]}";

int main(void) {
  mf_mapping *m = NULL;
  mf_dataset *data = NULL;
  mf_load_report *report = NULL;
  mf_touch t;
  mf_campaign c;
  mf_str rule, example;
  uint64_t count = 0, skipped = 0;
  size_t first = 0, last = 0, record = 0;
  int present = -1;
  int64_t close = 0;
  const char *dir;

  write_file(test_path("crm_leads.csv"), "Id,Opp\nL1,O1\nL2,\n");
  write_file(test_path("crm_opps.csv"),
             "OppId,Stage,At,Close\nO1,opportunity,2024-01-02,2024-02-01\nO1,closed_won,2024-01-02,\n"
             "O9,opportunity,2024-01-03,\n");
  write_file(test_path("crm_members.csv"), "LeadId,At,CampaignId,Cost\nL2,2024-01-01,C1,2.5\nL1,2024-01-01,,\n");
  write_file(test_path("crm_campaigns.csv"), "Id,Name,Start\nC1,Webinar,2023-12-01\n");
  dir = test_path("");
  CHECK_OK(mf_mapping_from_json(&m, kMapping, sizeof kMapping - 1, dir, strlen(dir)));
  CHECK_OK(mf_dataset_load(&data, &report, m, NULL));

  /* Close dates: on the first O1 event only; O9 was skipped, not rejected. */
  CHECK(mf_dataset_event_count(data) == 2);
  CHECK_OK(mf_dataset_event_close_date(data, 0, &present, &close));
  CHECK(present == 1 && close == 1706745600000000LL);
  CHECK_OK(mf_dataset_event_close_date(data, 1, &present, &close));
  CHECK(present == 0);
  CHECK_STATUS(mf_dataset_event_close_date(data, 2, &present, &close), MF_ERANGE);
  CHECK_STATUS(mf_dataset_event_close_date(NULL, 0, &present, &close), MF_EINVAL);
  CHECK_STATUS(mf_dataset_event_close_date(data, 0, NULL, &close), MF_EINVAL);
  CHECK_OK(mf_load_report_file_skipped(report, 1, &skipped));
  CHECK(skipped == 1);
  CHECK(mf_load_report_rejected_count(report) == 0);
  CHECK_STATUS(mf_load_report_file_skipped(report, 9, &skipped), MF_ERANGE);

  /* Touches, by record then time. */
  CHECK(mf_dataset_touch_count(data) == 2);
  CHECK(mf_dataset_touch_count(NULL) == 0);
  CHECK_OK(mf_dataset_find_record(data, S("L2"), &record));
  CHECK_OK(mf_dataset_record_touches(data, record, &first, &last));
  CHECK(last - first == 1);
  CHECK_OK(mf_dataset_touch(data, first, &t));
  CHECK(t.has_campaign == 1);
  CHECK_STR(t.campaign, "C1");
  CHECK(t.has_cost == 1 && t.cost == 25000);
  CHECK(t.has_channel == 0 && t.channel.size == 0);
  CHECK_OK(mf_dataset_touch(data, 0, &t));
  CHECK(t.has_campaign == 0);
  CHECK_STATUS(mf_dataset_touch(data, 2, &t), MF_ERANGE);
  CHECK_STATUS(mf_dataset_touch(data, 0, NULL), MF_EINVAL);
  CHECK_STATUS(mf_dataset_record_touches(data, 5, &first, &last), MF_ERANGE);

  /* Campaigns. */
  CHECK(mf_dataset_campaign_count(data) == 1);
  CHECK_OK(mf_dataset_campaign(data, 0, &c));
  CHECK_STR(c.id, "C1");
  CHECK(c.has_name == 1);
  CHECK_STR(c.name, "Webinar");
  CHECK(c.has_type == 0 && c.has_cost == 0 && c.has_start == 1);
  CHECK_STATUS(mf_dataset_campaign(data, 1, &c), MF_ERANGE);

  /* Findings: O1 was won and entered opportunity at the same time — nothing
   * odd; a load report without findings answers 0. */
  CHECK(mf_load_report_finding_count(NULL) == 0);
  if (mf_load_report_finding_count(report) > 0) {
    CHECK_OK(mf_load_report_finding(report, 0, &rule, &count, &example));
    CHECK(count > 0);
  }
  CHECK_STATUS(mf_load_report_finding(report, 99, &rule, &count, &example), MF_ERANGE);
  CHECK_STATUS(mf_load_report_finding(NULL, 0, &rule, &count, &example), MF_EINVAL);

  mf_load_report_free(report);
  mf_dataset_free(data);
  mf_mapping_free(m);
  return check_report();
}
