// Small hand-made data sets for funnel report tests: events given in days
// after the epoch, with optional amounts and reasons, and a `channel`
// attribute.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "modelfunnel/dataset.hpp"
#include "modelfunnel/funnel_report.hpp"
#include "modelfunnel/stage_graph.hpp"

namespace mf_funnel_test {

namespace mf = modelfunnel;

inline constexpr std::int64_t kDaySeconds = 86'400;

struct Ev {
  const char* record;
  const char* stage;
  double day;  // days after the epoch (fractions allowed)
  std::optional<const char*> amount = std::nullopt;
  std::optional<const char*> reason = std::nullopt;
};

struct Rec {
  const char* id;
  std::optional<const char*> channel = std::nullopt;
};

inline mf::Timestamp day(double d) {
  return mf::Timestamp::from_seconds(static_cast<std::int64_t>(d * kDaySeconds));
}

inline mf::DataSet build(const std::vector<Rec>& records, const std::vector<Ev>& events) {
  mf::DataSetBuilder b;
  auto channel = b.add_attribute("channel", mf::AttributeType::kString);
  REQUIRE(channel.ok());
  for (const Rec& r : records) {
    const mf::RecordIndex i = b.record(r.id);
    if (r.channel) REQUIRE(b.set_attribute(i, *channel, std::string_view(*r.channel)).ok());
  }
  for (const Ev& e : events) {
    mf::Event ev;
    ev.record = b.record(e.record);
    ev.stage = b.stage(e.stage);
    ev.time = day(e.day);
    if (e.amount) ev.amount = *mf::parse_amount(*e.amount);
    if (e.reason) ev.reason = *e.reason;
    REQUIRE(b.add_event(ev).ok());
  }
  auto ds = std::move(b).finish();
  REQUIRE(ds.ok());
  return *ds;
}

inline const mf::StageRow& stage(const mf::FunnelGroup& g, const std::string& id) {
  for (const mf::StageRow& s : g.stages)
    if (s.stage == id) return s;
  FAIL("no stage " << id);
  return g.stages.front();
}

inline const mf::TeamRow& team(const mf::FunnelGroup& g, const std::string& id) {
  for (const mf::TeamRow& t : g.teams)
    if (t.team == id) return t;
  FAIL("no team " << id);
  return g.teams.front();
}

inline mf::FunnelReport run(const mf::DataSet& data, const mf::FunnelOptions& options = {}) {
  auto r = mf::funnel_report(data, mf::StageGraph::the_model(), options);
  INFO(r.status());
  REQUIRE(r.ok());
  return *r;
}

/// The five drop-off columns of a stage row: advanced, lost, nurture, open, expired.
inline std::vector<std::uint64_t> fates(const mf::StageRow& s) {
  return {s.advanced, s.lost, s.nurture, s.open, s.expired};
}

}  // namespace mf_funnel_test
