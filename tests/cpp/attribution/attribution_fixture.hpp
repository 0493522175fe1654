// Data sets with touches for the attribution tests: hand-written CSV files
// (leads, events, touches, campaigns) loaded through one mapping.
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/load.hpp"
#include "support/load_fixture.hpp"

namespace mf_attribution_test {

inline constexpr const char* kMapping = R"({
  "version": 1,
  "tables": [
    {"name": "leads", "kind": "records", "file": "leads.csv", "id": "lead_id",
     "attributes": {"account": "string"}},
    {"name": "events", "kind": "events", "file": "events.csv", "record": "lead_id", "stage": "stage",
     "time": {"column": "ts", "format": "iso8601"}, "amount": "amount"},
    {"name": "touches", "kind": "touches", "file": "touches.csv", "record": "lead_id",
     "time": {"column": "ts", "format": "iso8601"}, "campaign": "campaign", "channel": "channel", "cost": "cost"},
    {"name": "campaigns", "kind": "campaigns", "file": "campaigns.csv", "id": "campaign", "type": "type",
     "cost": "cost"}
  ]
})";

/// Loads the four files (each with its header) from a scratch folder.
inline modelfunnel::DataSet load_touches(const std::string& leads, const std::string& events,
                                         const std::string& touches, const std::string& campaigns) {
  mf_test::TempDir dir;
  dir.write("leads.csv", "lead_id,account\n" + leads);
  dir.write("events.csv", "lead_id,stage,ts,amount\n" + events);
  dir.write("touches.csv", "lead_id,ts,campaign,channel,cost\n" + touches);
  dir.write("campaigns.csv", "campaign,type,cost\n" + campaigns);
  auto r = mf_test::load_json(dir, kMapping);
  if (!r.ok()) FAIL(r.status().message());
  REQUIRE(r->report.rejected.empty());
  return std::move(r->data);
}

}  // namespace mf_attribution_test
