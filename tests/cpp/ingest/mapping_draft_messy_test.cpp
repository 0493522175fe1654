// The mapping draft against the loader on seeded random messy files: ids
// that repeat or not, stages with blanks, dates in one format, mixed or
// ambiguous, numbers, bools, quoted fields, blank cells. Every file is read
// whole (it is small), so every guess was checked against every row: a
// draft must parse as a mapping, and unless a note says a load rejects
// rows, it must load strictly — the loader is the reference for the
// sniffer's types and formats.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "modelfunnel/load.hpp"
#include "modelfunnel/mapping_draft.hpp"
#include "support/load_fixture.hpp"

namespace {

using mf_test::TempDir;

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// One date in the column's style; `mixed` switches style now and then.
std::string date(std::mt19937_64& rng, int style) {
  const int y = 2020 + static_cast<int>(rng() % 5), m = 1 + static_cast<int>(rng() % 12),
            d = 1 + static_cast<int>(rng() % 28);
  switch (style) {
    case 0: return std::to_string(y) + "-" + two(m) + "-" + two(d);
    case 1: return std::to_string(y) + "-" + two(m) + "-" + two(d) + "T" + two(static_cast<int>(rng() % 24)) + ":15:00Z";
    case 2: return two(d) + "-" + two(m) + "-" + std::to_string(y);
    case 3: return two(m) + "/" + two(d) + "/" + std::to_string(y) + " " + two(static_cast<int>(rng() % 24)) + ":30";
    case 4: return two(1 + static_cast<int>(rng() % 12)) + "/" + two(m) + "/" + std::to_string(y);  // ambiguous
    default: return std::to_string(m) + "/" + std::to_string(d) + "/" + std::to_string(y % 100) + " 9:30 AM";
  }
}

std::string messy_file(std::mt19937_64& rng, bool events) {
  const std::vector<std::string> stages = {"Lead", "MQL", "Closed Won", "Lost", "Engaging"};
  const int rows = static_cast<int>(rng() % 25);
  const int date_style = static_cast<int>(rng() % 6);
  const bool mixed = rng() % 4 == 0;
  const bool stage_blanks = rng() % 5 == 0;
  std::string s = events ? "record_id,stage,ts,amount,note\n" : "id,status,created_date,score,flag,name,amount\n";
  for (int r = 0; r < rows; ++r) {
    const int style = mixed && rng() % 3 == 0 ? (date_style + 1) % 6 : date_style;
    const std::string blank_date = rng() % 6 == 0 ? "" : date(rng, style);
    const std::string stage = stage_blanks && rng() % 4 == 0 ? "" : stages[rng() % stages.size()];
    if (events) {
      s += "R" + std::to_string(rng() % 8) + "," + stage + "," + blank_date + "," +
           (rng() % 2 ? std::to_string(rng() % 5000) + "." + std::to_string(rng() % 100) : "") + "," +
           (rng() % 3 ? "\"a, \"\"quoted\"\" note\"" : "") + "\n";
    } else {
      s += (rng() % 10 == 0 ? std::string("R1") : "R" + std::to_string(r)) + "," + stage + "," + blank_date + "," +
           (rng() % 2 ? std::to_string(static_cast<double>(rng() % 1000) / 8) : std::to_string(rng() % 9)) + "," +
           (rng() % 2 ? "1" : "0") + "," + (rng() % 5 ? "name " + std::to_string(rng() % 4) : "") + "," +
           (rng() % 3 ? std::to_string(rng() % 90) : "") + "\n";
    }
  }
  return s;
}

bool says_a_load_rejects(const modelfunnel::MappingDraft& d) {
  for (const auto& t : d.tables) {
    for (const auto& n : t.notes) {
      if (n.find("a load rejects") != std::string::npos || n.find("cannot load") != std::string::npos) return true;
    }
    for (const auto& c : t.columns) {
      if (c.why.find("will be rejected") != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("mapping draft: random messy files load as drafted", "[draft][messy]") {
  std::mt19937_64 rng(20261203);
  int loaded = 0;
  for (int round = 0; round < 250; ++round) {
    TempDir dir;
    std::vector<std::filesystem::path> files;
    files.push_back(dir.write("records.csv", messy_file(rng, false)));
    if (rng() % 2) files.push_back(dir.write("events.csv", messy_file(rng, true)));
    modelfunnel::DraftOptions options;
    options.base_dir = dir.path();
    const auto draft = modelfunnel::draft_mapping(files, options);
    if (!draft.ok()) {
      INFO(draft.status());
      CHECK(draft.status().code() == absl::StatusCode::kInvalidArgument);
      continue;
    }
    INFO(draft->text);
    const auto mapping = modelfunnel::Mapping::from_json(draft->text, dir.path());
    INFO(mapping.status());
    REQUIRE(mapping.ok());
    if (says_a_load_rejects(*draft)) continue;
    const auto result = modelfunnel::load(*mapping);
    INFO(result.status());
    CHECK(result.ok());
    loaded += result.ok();
  }
  CHECK(loaded > 40);  // the property was tested, not skipped
}
