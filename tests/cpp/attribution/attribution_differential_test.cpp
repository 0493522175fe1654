// attribute() and attribute_paths() against the reference
// (reference_attribution.cpp) on seeded random messy inputs: touch rows out
// of order, ties in time, blank channels and campaigns, records with no
// touches or no events, touches after the conversion, paths through one
// channel only; every model, by channel and by campaign, with and without a
// lookback window. Also the invariant: each model's credits sum to the
// totals exactly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "attribution_fixture.hpp"
#include "modelfunnel/attribution.hpp"
#include "reference_attribution.hpp"

using namespace modelfunnel;

namespace {

std::string day(int d, int hour) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2024-02-%02dT%02d:00:00Z", 1 + d, hour);
  return buf;
}

DataSet messy(unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* channels[] = {"email", "search", "social", "", "email"};
  std::string leads, events, touches;
  std::vector<std::string> rows;
  for (int r = 0; r < 30; ++r) {
    const std::string id = "R" + std::to_string(r);
    leads += id + "," + (pick(3) ? "" : "acct" + std::to_string(pick(5))) + "\n";
    const int won_day = pick(3) ? 10 + pick(10) : -1;
    if (pick(6)) {
      if (pick(2)) events += id + ",mql," + day(pick(12), pick(3)) + ",\n";
      if (pick(2)) events += id + ",opportunity," + day(5 + pick(12), pick(3)) + "," + (pick(2) ? "70" : "") + "\n";
      if (won_day >= 0) events += id + ",closed_won," + day(won_day, 1) + "," + (pick(4) ? std::to_string(pick(900)) : "") + "\n";
    }
    const int n = r == 0 ? 3 : pick(6);  // R0: a path through one channel only
    for (int t = 0; t < n; ++t) {
      const std::string channel = r == 0 ? "search" : channels[pick(5)];
      const std::string campaign = pick(5) ? "C" + std::to_string(1 + pick(4)) : "";
      rows.push_back(id + "," + day(pick(22), pick(3)) + "," + campaign + "," + channel + "," +
                     (pick(2) ? std::to_string(pick(50)) : "") + "\n");
    }
  }
  std::shuffle(rows.begin(), rows.end(), rng);  // out of order
  for (const std::string& row : rows) touches += row;
  return mf_attribution_test::load_touches(leads, events, touches, "C1,webinar,100\nC2,,50\nC3,webinar,\n");
}

void compare(const Attribution& a, const mf_reference::Credits& want) {
  std::size_t compared = 0;
  for (AttributionModel m : kAttributionModels) {
    double c = 0, v = 0;
    for (const ChannelCredit& cr : a.credits) {
      if (cr.model != m) continue;
      c += cr.conversions, v += cr.value;
      const auto it = want.find({std::string(to_string(m)), cr.channel});
      if (it == want.end()) {  // a channel only dropped touches had: no credit
        CHECK(cr.conversions == 0);
        continue;
      }
      INFO(to_string(m) << " " << cr.channel);
      CHECK(cr.conversions == Approx(it->second.first).margin(1e-9).epsilon(1e-9));
      CHECK(cr.value == Approx(it->second.second).margin(1e-7).epsilon(1e-9));
      ++compared;
    }
    INFO(to_string(m));
    CHECK(c == a.totals.conversions);  // exactly
    CHECK(v == a.totals.value);
  }
  CHECK(compared > 0);
}

}  // namespace

TEST_CASE("differential: data sets against the reference", "[attribution][differential]") {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const DataSet data = messy(seed);
    AttributionOptions o;
    o.by = seed % 2 ? AttributionKey::kChannel : AttributionKey::kCampaign;
    if (seed % 3 == 0) o.lookback_days = 9;
    if (seed % 4 == 0) o.half_life_days = 2.5;
    INFO("seed " << seed);
    const auto a = attribute(data, o);
    REQUIRE(a.ok());
    compare(*a, mf_reference::reference_attribute(data, o));
  }
}

TEST_CASE("differential: paths against the reference", "[attribution][differential]") {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    std::mt19937 rng(seed);
    std::vector<AttributionPath> paths;
    const char* names[] = {"a", "b", "c", "d", "e", "f"};
    const int rows = 1 + static_cast<int>(rng() % 20);
    for (int r = 0; r < rows; ++r) {
      AttributionPath p;
      const int n = 1 + static_cast<int>(rng() % 5);
      for (int t = 0; t < n; ++t) p.channels.push_back(names[rng() % (seed % 2 ? 6 : 3)]);
      p.conversions = rng() % 4;
      p.value = p.conversions * (rng() % 1000) / 3.0;
      p.nulls = rng() % 6;
      paths.push_back(p);
    }
    INFO("seed " << seed);
    const auto a = attribute_paths(paths);
    REQUIRE(a.ok());
    compare(*a, mf_reference::reference_attribute_paths(paths, {}));
  }
}
