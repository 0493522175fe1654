// libFuzzer target for the re-engagement policy file. The input is a
// policy's text; whatever it is, parsing must neither crash nor trip a
// sanitizer, and a policy that parses must run over a small fixed data set
// (losses with every kind of reason text, a re-open, a win) and give a
// queue ranked by expected value then id, every lost record accounted for
// once by reason, and CSV and JSON that can be written.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined);
// see scripts/fuzz. Seeds: tests/fuzz/corpus/reengage_policy.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "modelfunnel/reengage.hpp"

namespace mf = modelfunnel;

namespace {

[[noreturn]] void finding(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s\ninput:\n%.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

mf::DataSet fixed_data() {
  mf::DataSetBuilder b;
  (void)b.add_attribute("timeline_days", mf::AttributeType::kInt64);
  (void)b.add_attribute("segment", mf::AttributeType::kString);
  (void)b.set_attribute(b.record("a"), 0, std::int64_t{30});
  (void)b.set_attribute(b.record("b"), 1, std::string_view("smb"));
  const char* reasons[] = {"budget", "Timing", " competitor ", "no_decision", "fit", "Champion left", "", "?"};
  std::int64_t t = 1'700'000'000;
  int k = 0;
  for (const char* id : {"a", "b", "c", "d", "e", "f", "g", "h"}) {
    mf::Event e;
    e.record = b.record(id);
    e.stage = b.stage("closed_lost");
    e.time = mf::Timestamp::from_seconds(t += 86'400 * 7);
    if (*reasons[k]) e.reason = reasons[k];
    if (k % 2) e.amount = mf::Amount::from_scaled(k * 10'000'000);
    (void)b.add_event(e);
    ++k;
  }
  mf::Event reopen;
  reopen.record = b.record("a");
  reopen.stage = b.stage("opportunity");
  reopen.time = mf::Timestamp::from_seconds(t += 86'400 * 30);
  (void)b.add_event(reopen);
  reopen.stage = b.stage("closed_won");
  reopen.time = mf::Timestamp::from_seconds(t += 86'400 * 30);
  reopen.amount = mf::Amount::from_scaled(50'000'000);
  (void)b.add_event(reopen);
  return *std::move(b).finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  static const mf::DataSet data = fixed_data();
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  auto policy = mf::ReengagePolicy::parse(input);
  if (!policy.ok()) {
    if (policy.status().code() != absl::StatusCode::kInvalidArgument) finding("parse: not InvalidArgument", input);
    return 0;
  }
  for (std::string_view raw : {"", "x", "BUDGET", " no decision "}) (void)policy->canonical_reason(raw);
  auto r = mf::reengagement_queue(data, *policy, mf::Timestamp::from_seconds(1'800'000'000));
  if (!r.ok()) return 0;  // a column the data lacks
  for (std::size_t i = 1; i < r->queue.size(); ++i) {
    const auto& a = r->queue[i - 1];
    const auto& b = r->queue[i];
    if (a.expected_value < b.expected_value || (a.expected_value == b.expected_value && a.id >= b.id))
      finding("queue not ranked by expected value then id", input);
  }
  std::uint64_t accounted = 0;
  for (const auto& c : r->reasons)
    accounted += c.due + c.not_yet_due + c.cooling_down + c.never + c.skipped_lost_twice + c.expired + c.no_policy;
  std::uint64_t unmapped_dropped = 0;
  for (const auto& c : r->reasons) unmapped_dropped += c.lost_records;
  if (unmapped_dropped != r->lost_records) finding("reason counts do not add up to the lost records", input);
  if (accounted != r->lost_records) finding("a lost record not in exactly one status", input);
  for (auto t : {mf::ReengageTable::kQueue, mf::ReengageTable::kReasons, mf::ReengageTable::kWindows,
                 mf::ReengageTable::kFunnel})
    if (!mf::reengage_csv(*r, t).ok()) finding("csv failed", input);
  if (!mf::reengage_json(*r).ok()) finding("json failed", input);
  return 0;
}
