// The converting journeys only (every model without a bootstrap or costs:
// src/attribution/journeys_dataset.cpp's converting_journeys(), with the
// whole set's Markov chain counted on the way) against the whole set of
// journeys (what a run with a bootstrap builds) and against the reference, on seeded messy data
// sets: touch rows out of order, ties in time, blank channels and
// campaigns, records with no touches, no events or several wins, touches
// after the conversion, amounts on earlier events.
// Large enough that the journeys span several model chunks (16,384
// journeys each), so that the chunks' sums are checked to be the same bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "attribution_fixture.hpp"
#include "modelfunnel/attribution.hpp"
#include "reference_attribution.hpp"

using namespace modelfunnel;

namespace {

std::string at(int day, int hour) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2024-%02d-%02dT%02d:00:00Z", 1 + day / 28, 1 + day % 28, hour);
  return buf;
}

// @p records messy records; touches shuffled across the whole file. Few
// channels and campaigns: the reference's Shapley goes over every ordering.
DataSet messy(unsigned seed, int records) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* channels[] = {"email", "search", "social", "", "email"};
  std::string leads, events;
  std::vector<std::string> rows;
  for (int r = 0; r < records; ++r) {
    const std::string id = "R" + std::to_string(r);
    leads += id + ",\n";
    if (pick(8)) {
      if (pick(2)) events += id + ",mql," + at(pick(60), pick(3)) + "," + (pick(3) ? "" : "15") + "\n";
      if (pick(2)) events += id + ",opportunity," + at(20 + pick(60), pick(3)) + "," + (pick(2) ? "70" : "") + "\n";
      const int wins = pick(4) ? 0 : 1 + pick(2);  // a quarter win, some twice
      for (int w = 0; w < wins; ++w)
        events += id + ",closed_won," + at(40 + pick(60), pick(3)) + "," +
                  (pick(3) ? std::to_string(pick(900)) : "") + "\n";
    }
    const int n = pick(5) ? pick(6) : 0;  // a fifth without touches
    const int tie = pick(24);
    for (int t = 0; t < n; ++t) {
      const int day = pick(4) ? tie : pick(110);  // ties in time
      rows.push_back(id + "," + at(day, pick(2)) + "," + (pick(5) ? "C" + std::to_string(1 + pick(4)) : "") + "," +
                     channels[pick(5)] + "," + (pick(2) ? std::to_string(pick(50)) : "") + "\n");
    }
  }
  std::shuffle(rows.begin(), rows.end(), rng);
  std::string touches;
  for (const std::string& row : rows) touches += row;
  return mf_attribution_test::load_touches(leads, events, touches, "C1,webinar,100\nC2,,50\nC3,webinar,\n");
}

constexpr AttributionModel kConverting[] = {
    AttributionModel::kFirstTouch, AttributionModel::kLastTouch, AttributionModel::kLinear,
    AttributionModel::kUShaped,    AttributionModel::kWShaped,   AttributionModel::kFullPath,
    AttributionModel::kTimeDecay,  AttributionModel::kMarkov,    AttributionModel::kShapley};

void same_totals(const AttributionTotals& a, const AttributionTotals& b) {
  CHECK(a.journeys == b.journeys);
  CHECK(a.touches == b.touches);
  CHECK(a.channels == b.channels);
  CHECK(a.conversions == b.conversions);
  CHECK(a.value == b.value);
  CHECK(a.nulls == b.nulls);
  CHECK(a.touches_after_conversion == b.touches_after_conversion);
  CHECK(a.touches_outside_lookback == b.touches_outside_lookback);
  CHECK(a.conversions_without_touches == b.conversions_without_touches);
}

// @p model's rows of @p a, in order.
std::vector<ChannelCredit> rows_of(const Attribution& a, AttributionModel model) {
  std::vector<ChannelCredit> out;
  for (const ChannelCredit& c : a.credits)
    if (c.model == model) out.push_back(c);
  return out;
}

struct Case {
  AttributionKey by;
  std::optional<double> lookback;
  std::string conversion;
};

const Case kCases[] = {{AttributionKey::kChannel, std::nullopt, "closed_won"},
                       {AttributionKey::kCampaign, std::nullopt, "closed_won"},
                       {AttributionKey::kChannel, 9.0, "closed_won"},
                       {AttributionKey::kChannel, std::nullopt, "opportunity"},
                       {AttributionKey::kChannel, std::nullopt, "no_such_stage"}};

}  // namespace

TEST_CASE("converting journeys only: the same bytes as the whole set", "[attribution][converting]") {
  const DataSet data = messy(17, 36'000);
  for (const Case& c : kCases) {
    INFO("by " << static_cast<int>(c.by) << " lookback " << c.lookback.value_or(-1) << " conversion "
               << c.conversion);
    AttributionOptions o;
    o.by = c.by;
    o.lookback_days = c.lookback;
    o.conversion_stage = c.conversion;
    o.costs = false;
    o.threads = 3;
    o.models.assign(std::begin(kConverting), std::end(kConverting));
    o.bootstrap = 1;  // its draws reweight every journey: the whole set built
    const auto whole = attribute(data, o);
    REQUIRE(whole.ok());
    if (c.conversion == "closed_won") REQUIRE(whole->totals.journeys > 16'384);  // two chunks or more
    o.bootstrap = 0;
    o.threads = 1;
    const auto one_thread = attribute(data, o);  // every model at once, on one thread
    REQUIRE(one_thread.ok());
    same_totals(one_thread->totals, whole->totals);
    o.threads = 3;
    for (AttributionModel m : kConverting) {
      INFO(to_string(m));
      o.models = {m};
      const auto converting = attribute(data, o);
      REQUIRE(converting.ok());
      same_totals(converting->totals, whole->totals);
      if (m == AttributionModel::kMarkov) {
        CHECK(converting->markov_conversion_probability == whole->markov_conversion_probability);
        CHECK(one_thread->markov_conversion_probability == whole->markov_conversion_probability);
      }
      const std::vector<ChannelCredit> want = rows_of(*whole, m), got = rows_of(*converting, m),
                                       got1 = rows_of(*one_thread, m);
      REQUIRE(got.size() == want.size());
      REQUIRE(got1.size() == want.size());
      for (std::size_t k = 0; k < want.size(); ++k) {
        INFO(want[k].channel);
        CHECK(got[k].channel == want[k].channel);
        CHECK(got[k].conversions == want[k].conversions);  // exactly
        CHECK(got[k].value == want[k].value);
        CHECK(got[k].share == want[k].share);
        CHECK(got[k].removal_effect == want[k].removal_effect);
        CHECK(got1[k].conversions == want[k].conversions);
        CHECK(got1[k].value == want[k].value);
      }
    }
  }
}

TEST_CASE("converting journeys only: against the reference", "[attribution][converting][differential]") {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const DataSet data = messy(seed, 40);
    for (const Case& c : kCases) {
      INFO("seed " << seed << " by " << static_cast<int>(c.by) << " lookback " << c.lookback.value_or(-1)
                   << " conversion " << c.conversion);
      AttributionOptions o;
      o.by = c.by;
      o.lookback_days = c.lookback;
      o.conversion_stage = c.conversion;
      o.costs = false;
      o.models.assign(std::begin(kConverting), std::end(kConverting));
      const auto a = attribute(data, o);
      REQUIRE(a.ok());
      const mf_reference::Credits want = mf_reference::reference_attribute(data, o);
      for (AttributionModel m : kConverting) {
        double sum_c = 0, sum_v = 0;
        for (const ChannelCredit& cr : rows_of(*a, m)) {
          INFO(to_string(m) << " " << cr.channel);
          sum_c += cr.conversions, sum_v += cr.value;
          const auto it = want.find({std::string(to_string(m)), cr.channel});
          if (it == want.end()) {
            CHECK(cr.conversions == 0);
            continue;
          }
          CHECK(cr.conversions == Approx(it->second.first).margin(1e-9).epsilon(1e-9));
          CHECK(cr.value == Approx(it->second.second).margin(1e-7).epsilon(1e-9));
        }
        CHECK(sum_c == a->totals.conversions);  // exactly
        CHECK(sum_v == a->totals.value);
      }
    }
  }
}
