// attribute() over a data set's touches, pinned by hand: touches after the
// conversion dropped, out-of-order rows, the lookback window, stage anchors
// of the W-shaped model, conversions without touches, buying groups, and
// campaign costs.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "attribution_fixture.hpp"
#include "modelfunnel/attribution.hpp"

using namespace modelfunnel;
using mf_attribution_test::load_touches;

namespace {

std::map<std::string, double> credits(const Attribution& a, AttributionModel m, bool value = false) {
  std::map<std::string, double> out;
  for (const ChannelCredit& c : a.credits)
    if (c.model == m) out[c.channel] = value ? c.value : c.conversions;
  return out;
}

// L1 walks lead -> mql -> opportunity -> won (1,000) with four touches before
// the win (rows out of order) and one after; L2 wins with no touch; L3 is
// touched and never converts; L4's only touch comes after its win. L5 and L6
// are two contacts of account acme: L5 was touched first, L6 wins (500).
DataSet sample() {
  return load_touches(
      "L1,\nL2,\nL3,\nL4,\nL5,acme\nL6,acme\n",
      "L1,lead,2024-01-02T00:00:00Z,\n"
      "L1,mql,2024-01-04T00:00:00Z,\n"
      "L1,opportunity,2024-01-06T00:00:00Z,\n"
      "L1,closed_won,2024-01-11T00:00:00Z,1000\n"
      "L2,closed_won,2024-01-11T00:00:00Z,300\n"
      "L3,lead,2024-01-02T00:00:00Z,\n"
      "L4,closed_won,2024-01-03T00:00:00Z,200\n"
      "L6,closed_won,2024-01-10T00:00:00Z,500\n",
      "L1,2024-01-05T00:00:00Z,C3,web,\n"
      "L1,2024-01-01T00:00:00Z,C1,email,10\n"
      "L1,2024-01-03T00:00:00Z,C2,search,\n"
      "L1,2024-01-09T00:00:00Z,C4,event,\n"
      "L1,2024-01-13T00:00:00Z,C1,email,10\n"
      "L3,2024-01-01T00:00:00Z,C2,search,\n"
      "L4,2024-01-05T00:00:00Z,C1,email,\n"
      "L5,2024-01-02T00:00:00Z,C1,email,\n"
      "L6,2024-01-03T00:00:00Z,C2,search,\n",
      "C1,email,100\nC2,paid search,\nC3,,50\nC4,event,400\n");
}

}  // namespace

TEST_CASE("data set: conversions, drops and anchors by hand", "[attribution][dataset]") {
  const DataSet data = sample();
  const auto a = attribute(data);
  REQUIRE(a.ok());
  // Converting journeys: L1 (4 touches, 1,000) and L6 (search, 500); L3 and
  // L5 are null journeys. L2 and L4 win with no touch before.
  CHECK(a->totals.conversions == 2);
  CHECK(a->totals.value == 1500);
  CHECK(a->totals.nulls == 2);
  CHECK(a->totals.touches_after_conversion == 2);  // L1's email on the 13th, L4's
  CHECK(a->totals.conversions_without_touches == 2);
  using M = AttributionModel;
  CHECK(credits(*a, M::kFirstTouch) == std::map<std::string, double>{
                                           {"email", 1}, {"search", 1}, {"web", 0}, {"event", 0}});
  CHECK(credits(*a, M::kLastTouch).at("event") == 1);
  CHECK(credits(*a, M::kLastTouch).at("search") == 1);
  // W-shaped on L1: first (email), lead creation = last touch at or before
  // mql (search, the 3rd), opportunity creation = last at or before the
  // opportunity (web, the 5th): 30% each, event 10%. L6's one touch: 100%.
  const auto w = credits(*a, M::kWShaped);
  CHECK(w.at("email") == Approx(0.3));
  CHECK(w.at("search") == Approx(1.3));
  CHECK(w.at("web") == Approx(0.3));
  CHECK(w.at("event") == Approx(0.1));
  CHECK(credits(*a, M::kWShaped, true).at("event") == Approx(100));
  // Time decay on L1: ages 10, 8, 6, 2 days, half-life 7.
  const double s = std::exp2(-10 / 7.0) + std::exp2(-8 / 7.0) + std::exp2(-6 / 7.0) + std::exp2(-2 / 7.0);
  CHECK(credits(*a, M::kTimeDecay).at("event") == Approx(std::exp2(-2 / 7.0) / s));

  SECTION("lookback window") {
    AttributionOptions o;
    o.lookback_days = 7;  // L1's email (10 days) and search (8 days) drop
    const auto b = attribute(data, o);
    REQUIRE(b.ok());
    CHECK(b->totals.touches_outside_lookback == 2);
    CHECK(credits(*b, M::kFirstTouch).at("web") == 1);
  }
  SECTION("by campaign, with costs") {
    AttributionOptions o;
    o.by = AttributionKey::kCampaign;
    o.models = {M::kLinear};
    const auto b = attribute(data, o);
    REQUIRE(b.ok());
    CHECK(credits(*b, M::kLinear).at("C2") == Approx(1.25));
    for (const CampaignCost& c : b->costs) {
      if (c.campaign == "C1") {
        // C1: cost 100; touched L1, L4, L5 (3 leads), L1 reached opportunity;
        // won after a C1 touch: L1 only (L4's touch came after its win).
        CHECK(c.cost == 100);
        CHECK(c.leads == 3);
        CHECK(c.opportunities == 1);
        CHECK(c.wins == 1);
        CHECK(c.attributed_conversions == Approx(0.25));
        CHECK(*c.cost_per_win == Approx(400));
        CHECK(*c.roi == Approx((250 - 100) / 100.0));
      }
      if (c.campaign == "C2") CHECK(!c.cost);  // no cost anywhere
    }
  }
  SECTION("by channel, a touch without a channel takes its campaign's type") {
    const DataSet d = load_touches("L1,\n", "L1,closed_won,2024-01-11T00:00:00Z,10\n",
                                   "L1,2024-01-01T00:00:00Z,C2,,\nL1,2024-01-02T00:00:00Z,C3,,\n",
                                   "C2,paid search,\nC3,,\n");
    const auto b = attribute(d);
    REQUIRE(b.ok());
    CHECK(credits(*b, M::kLinear) == std::map<std::string, double>{{"paid search", 0.5}, {"(unknown)", 0.5}});
  }
  SECTION("buying groups: the account's touches credit its win") {
    AttributionOptions o;
    o.account_attribute = "account";
    o.models = {M::kLinear};
    const auto b = attribute(data, o);
    REQUIRE(b.ok());
    // L6's win now has acme's two touches: L5's email and its own search.
    CHECK(credits(*b, M::kLinear).at("email") == Approx(0.25 + 0.5));
    CHECK(b->totals.nulls == 1);  // L3 alone; acme converted
    o.account_attribute = "nope";
    CHECK(attribute(data, o).status().code() == absl::StatusCode::kInvalidArgument);
  }
  SECTION("another conversion stage") {
    AttributionOptions o;
    o.conversion_stage = "opportunity";
    const auto b = attribute(data, o);
    REQUIRE(b.ok());
    CHECK(b->totals.conversions == 1);  // L1 at the opportunity: email, search, web
    CHECK(credits(*b, M::kLastTouch).at("web") == 1);
  }
}
