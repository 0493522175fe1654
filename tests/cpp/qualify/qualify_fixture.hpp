// Small hand-made lead tables for qualification tests: the canonical BANT
// attributes (channel, budget_ok, authority_ok, need_ok, timeline_days) and
// a few more of other types, any of them missing.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/qualify.hpp"

namespace mf_qualify_test {

namespace mf = modelfunnel;

/// One lead; std::nullopt is a missing value.
struct Lead {
  const char* id;
  std::optional<const char*> channel = std::nullopt;
  std::optional<bool> budget = std::nullopt;
  std::optional<bool> authority = std::nullopt;
  std::optional<bool> need = std::nullopt;
  std::optional<std::int64_t> timeline = std::nullopt;
  std::optional<double> revenue = std::nullopt;           // "revenue_musd", double
  std::optional<std::int64_t> created_day = std::nullopt;  // "created", days after the epoch
};

/// One stage event, `day` days after the epoch.
struct Ev {
  const char* record;
  const char* stage;
  std::int64_t day;
  std::optional<const char*> amount = std::nullopt;
};

inline mf::DataSet leads(const std::vector<Lead>& rows, const std::vector<Ev>& events = {}) {
  mf::DataSetBuilder b;
  const auto channel = *b.add_attribute("channel", mf::AttributeType::kString);
  const auto budget = *b.add_attribute("budget_ok", mf::AttributeType::kBool);
  const auto authority = *b.add_attribute("authority_ok", mf::AttributeType::kBool);
  const auto need = *b.add_attribute("need_ok", mf::AttributeType::kBool);
  const auto timeline = *b.add_attribute("timeline_days", mf::AttributeType::kInt64);
  const auto revenue = *b.add_attribute("revenue_musd", mf::AttributeType::kDouble);
  const auto created = *b.add_attribute("created", mf::AttributeType::kTimestamp);
  for (const Lead& l : rows) {
    const mf::RecordIndex r = b.record(l.id);
    if (l.channel) REQUIRE(b.set_attribute(r, channel, std::string_view(*l.channel)).ok());
    if (l.budget) REQUIRE(b.set_attribute(r, budget, *l.budget).ok());
    if (l.authority) REQUIRE(b.set_attribute(r, authority, *l.authority).ok());
    if (l.need) REQUIRE(b.set_attribute(r, need, *l.need).ok());
    if (l.timeline) REQUIRE(b.set_attribute(r, timeline, *l.timeline).ok());
    if (l.revenue) REQUIRE(b.set_attribute(r, revenue, *l.revenue).ok());
    if (l.created_day)
      REQUIRE(b.set_attribute(r, created, mf::Timestamp::from_seconds(*l.created_day * 86'400)).ok());
  }
  for (const Ev& e : events) {
    mf::Event ev;
    ev.record = b.record(e.record);
    ev.stage = b.stage(e.stage);
    ev.time = mf::Timestamp::from_seconds(e.day * 86'400);
    if (e.amount) ev.amount = *mf::parse_amount(*e.amount);
    REQUIRE(b.add_event(ev).ok());
  }
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  return *ds;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// examples/qualify/bant.json.
inline const std::string& bant_json() {
  static const std::string text = read_file(std::string(MF_SOURCE_DIR) + "/examples/qualify/bant.json");
  return text;
}

/// The rules @p json checked against @p data; the test fails if they are refused.
inline mf::QualifyRules rules(const std::string& json, const mf::DataSet& data) {
  auto r = mf::QualifyRules::parse(json, data);
  INFO((r.ok() ? std::string() : std::string(r.status().message())));
  REQUIRE(r.ok());
  return *r;
}

/// The message of the error @p json gives against @p data ("" if accepted).
inline std::string error_of(const std::string& json, const mf::DataSet& data) {
  auto r = mf::QualifyRules::parse(json, data);
  return r.ok() ? std::string() : std::string(r.status().message());
}

/// Decisions of every record: "id set decision reason [track] [ask=a;b] c1=v c2=v".
inline std::vector<std::string> describe(const mf::QualifyResult& result) {
  std::vector<std::string> out;
  mf::RecordDecision d;
  for (mf::RecordIndex r = 0; r < result.record_count(); ++r) {
    result.decision(r, d);
    std::string line = std::string(result.data().record_id(r)) + " " +
                       (d.rule_set < 0 ? std::string("-") : std::string(d.rule_set_id)) + " " +
                       std::string(mf::to_string(d.decision)) + " " +
                       (d.rule < 0 ? std::string("-") : std::string(d.rule_id));
    if (!d.track.empty()) line += " track=" + std::string(d.track);
    if (!d.ask.empty()) {
      line += " ask=";
      const auto& info = result.rules().rule_sets()[static_cast<std::size_t>(d.rule_set)];
      for (std::size_t i = 0; i < d.ask.size(); ++i)
        line += (i ? ";" : "") + info.criteria[d.ask[i]].id;
    }
    if (d.rule_set >= 0) {
      const auto& info = result.rules().rule_sets()[static_cast<std::size_t>(d.rule_set)];
      for (std::size_t c = 0; c < d.criteria.size(); ++c)
        line += " " + info.criteria[c].id + "=" + std::string(mf::to_string(d.criteria[c]));
    }
    out.push_back(line);
  }
  return out;
}

}  // namespace mf_qualify_test
