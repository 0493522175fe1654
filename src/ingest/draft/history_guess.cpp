// Field-history files (Salesforce's LeadHistory, OpportunityFieldHistory):
// one row per change of one field — record, field name, old value, new
// value, time. The draft proposes a `history` table when the fields seen
// include a stage or status (stage events), an amount or a close date
// (event fields); every other field is skipped, and said so.
#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/draft/column_profile.hpp"
#include "ingest/draft/draft_text.hpp"
#include "ingest/draft/guess_steps.hpp"
#include "ingest/draft/table_guess.hpp"

namespace modelfunnel::internal::draft {
namespace {

constexpr std::size_t kMaxStageValues = 40;

std::optional<std::size_t> named(const TableGuess& t, std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < t.sample.header.size(); ++i) {
    if (one_of(normalized(t.sample.header[i]), names)) return i;
  }
  return std::nullopt;
}

// The values one field took in the rows read.
struct FieldValues {
  std::vector<std::string_view> old_values, new_values;
};

// How well a field's name says "stage" (3) or "status" (2); 0 for neither.
int stage_name_score(std::string_view n) {
  if (contains(n, "date") || contains(n, "reason") || contains(n, "probability")) return 0;
  if (contains(n, "stage")) return 3;
  if (contains(n, "status")) return 2;
  return 0;
}

}  // namespace

void find_history(TableGuess& t) {
  t.field = named(t, {"field", "fieldname", "changedfield"});
  t.new_value = named(t, {"newvalue", "new", "newval", "tovalue"});
  t.old_value = named(t, {"oldvalue", "old", "oldval", "fromvalue"});
  if (!t.field || !t.new_value || !t.time || t.sample.rows.empty()) return;
  // The record: a repeating id-like column (find_ids), else the first
  // `…Id` column that is not the row's own `Id` nor who made the change.
  if (!t.record) {
    for (std::size_t i = 0; i < t.profiles.size() && !t.record; ++i) {
      const std::string n = normalized(t.sample.header[i]);
      if (n != "id" && n.ends_with("id") && is_id_type(t.profiles[i]) && t.profiles[i].blanks == 0 &&
          !actor_name(n) && !contains(n, "createdby") && !contains(n, "modifiedby")) {
        t.record = i;
      }
    }
  }
  if (!t.record) return;
  std::vector<std::string> order;
  std::map<std::string, FieldValues, std::less<>> fields;
  for (const auto& row : t.sample.rows) {
    const std::string& f = row[*t.field];
    if (f.empty()) continue;
    auto [it, fresh] = fields.try_emplace(f);
    if (fresh) order.push_back(f);
    if (t.old_value) it->second.old_values.emplace_back(row[*t.old_value]);
    it->second.new_values.emplace_back(row[*t.new_value]);
  }
  int best = 0;
  for (const std::string& f : order) {
    const std::string n = normalized(f);
    const FieldValues& v = fields.at(f);
    const ColumnProfile p = profile_column(v.new_values);
    const int score = stage_name_score(n);
    if (score > best && p.type == "string" && p.values > 0 && p.distinct_count <= kMaxStageValues) {
      best = score;
      t.stage_field = f;
      continue;
    }
    if (t.amount_field.empty() && !amount_reason(n).empty() && p.values > 0 &&
        std::all_of(v.new_values.begin(), v.new_values.end(),
                    [](std::string_view x) { return x.empty() || amount_value(x); })) {
      t.amount_field = f;
      continue;
    }
    if (t.close_date_field.empty() && contains(n, "close") && p.type == "timestamp") {
      t.close_date_field = f;
      t.close_date_format = p.format;
    }
  }
  if (t.stage_field.empty() && t.amount_field.empty() && t.close_date_field.empty()) {
    add_note(t, absl::StrCat("shaped like a field history ('", t.sample.header[*t.field], "', '",
                             t.sample.header[*t.new_value], "'), but none of its fields in the rows read (",
                             absl::StrJoin(order, ", "), ") reads as a stage, an amount or a close date"));
    return;
  }
  for (const std::string& f : order) {
    if (f != t.stage_field && f != t.amount_field && f != t.close_date_field) t.other_fields.push_back(f);
  }
  t.could_be_history = true;
  t.stage.reset();
  t.amount.reset();
  t.aliases.clear();
  t.alias_needed = false;
  if (t.stage_field.empty()) return;
  // The stage values, old and new, in the order met; and the stage a
  // record is at before its first change: the old value of a change that
  // is never a new one (a field history has no row for the creation).
  const FieldValues& v = fields.at(t.stage_field);
  std::map<std::string_view, std::size_t> initial;
  for (std::size_t r = 0; r < v.new_values.size(); ++r) {
    if (!v.old_values.empty() && !v.old_values[r].empty()) add_stage_alias(t, std::string(v.old_values[r]));
    if (!v.new_values[r].empty()) add_stage_alias(t, std::string(v.new_values[r]));
  }
  for (const std::string_view old : v.old_values) {
    if (!old.empty() && std::find(v.new_values.begin(), v.new_values.end(), old) == v.new_values.end()) {
      ++initial[old];
    }
  }
  std::size_t most = 0;
  for (const auto& [raw, count] : initial) {
    if (count > most) {
      most = count;
      t.initial_stage = std::string(raw);
    }
  }
}

void make_history(TableGuess& t, std::size_t record, const std::string& why_record) {
  t.table.kind = "history";
  t.record = record;
  set_role(t, record, "record", why_record);
  set_role(t, *t.field, "field", "named like the changed field's name");
  set_role(t, *t.new_value, "new", "named like the new value");
  if (t.old_value) set_role(t, *t.old_value, "old", "named like the old value (checked in the header only)");
  const std::string& time = t.sample.header[*t.time];
  set_role(t, *t.time, "time",
           absl::StrCat(event_time_name(normalized(time)) ? "named like an event time" : "the first date column",
                        "; ", time_why(t.profiles[*t.time])));
  if (t.reason) set_role(t, *t.reason, "reason", "named like a reason (a loss reason)");
  if (t.actor) set_role(t, *t.actor, "actor", "named like an owner: who moved the record");
  for (DraftColumn& c : t.table.columns) {
    if (c.role == "ignored") c.why = "a history table reads record, field, old, new, time, reason and owner";
  }
}

}  // namespace modelfunnel::internal::draft
