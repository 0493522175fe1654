// Guessing what each file is and how the files fit together; see table_guess.hpp.
//
// Every guess is made by name first (the names CRMs export: Id, StageName,
// deal_stage, CreatedDate, "Date entered <stage>") and checked against the
// values read (an id is distinct on every row, a stage has few values, a
// time column reads as dates). Each leaves a `why` for the comment beside it.
#include "ingest/draft/table_guess.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/draft/draft_text.hpp"
#include "ingest/draft/guess_steps.hpp"

namespace modelfunnel::internal::draft {

constexpr std::size_t kMaxStageValues = 40;

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

bool one_of(std::string_view s, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// "leads" -> "lead", "opportunities" -> "opportunity": for `<file>Id` names.
std::string singular(std::string s) {
  if (s.ends_with("ies")) return s.substr(0, s.size() - 3) + "y";
  if (s.ends_with("s") && !s.ends_with("ss")) s.pop_back();
  return s;
}

bool is_id_type(const ColumnProfile& p) { return p.type == "string" || p.type == "int64"; }

// Names that say "an event's time" in an events table.
bool event_time_name(std::string_view n) {
  return one_of(n, {"ts", "time", "timestamp", "eventtime", "eventdate", "occurredat", "changedat",
                    "createddate", "createdat", "date", "enteredat", "changedate", "updatedat"});
}

std::string amount_reason(std::string_view n) {
  if (contains(n, "amount")) return "named like an amount";
  if (one_of(n, {"closevalue", "dealvalue", "value", "dealamount", "revenue", "price"})) {
    return "named like a deal's value";
  }
  return {};
}

bool actor_name(std::string_view n) {
  return contains(n, "owner") || contains(n, "agent") || one_of(n, {"rep", "salesrep", "actor", "user",
                                                                   "changedby", "assignedto", "seller"});
}

// The stage a column name such as `engage_date` or
// `Date entered "Closed Won (Sales Pipeline)"` names, among the raw values.
static std::optional<std::size_t> stage_named_by(std::string_view column, const std::vector<StageAlias>& aliases) {
  const std::string n = normalized(column);
  std::optional<std::size_t> best;
  std::size_t best_len = 0;
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    std::string v = normalized(aliases[i].raw);
    std::vector<std::string> stems = {v};
    for (const std::string_view suffix : {"ing", "ed", "s", "e"}) {
      if (v.ends_with(suffix) && v.size() - suffix.size() >= 4) stems.push_back(v.substr(0, v.size() - suffix.size()));
    }
    for (const std::string& s : stems) {
      if (s.size() >= 3 && contains(n, s) && s.size() > best_len) {
        best = i;
        best_len = s.size();
      }
    }
  }
  return best;
}

std::string entered_label(std::string_view column) {
  std::string lower(column);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // HubSpot contacts: `Became a Marketing Qualified Lead Date`.
  for (const std::string_view became : {"became a ", "became an "}) {
    if (lower.starts_with(became) && lower.ends_with(" date") && lower.size() > became.size() + 5) {
      return std::string(column.substr(became.size(), column.size() - became.size() - 5));
    }
  }
  const std::size_t at = lower.find("date entered ");
  if (at == std::string::npos) return {};
  std::string label(column.substr(at + 13));
  std::erase(label, '"');
  if (const std::size_t paren = label.rfind(" ("); paren != std::string::npos && label.ends_with(")")) {
    label.resize(paren);
  }
  return label;
}

void add_note(TableGuess& t, std::string note) { t.table.notes.push_back(std::move(note)); }

DraftColumn& col(TableGuess& t, std::size_t i) { return t.table.columns[i]; }

// Finds the stage column: a name that says stage or status, and few values.
static void find_stage(TableGuess& t) {
  int best_score = 0;
  for (std::size_t i = 0; i < t.profiles.size(); ++i) {
    const std::string n = normalized(t.sample.header[i]);
    const ColumnProfile& p = t.profiles[i];
    if (contains(n, "date") || contains(n, "entered") || contains(n, "exited") || contains(n, "time") ||
        contains(n, "probability") || contains(n, "id")) {
      continue;
    }
    int score = 0;
    if (contains(n, "stage")) score = 3;
    else if (contains(n, "status")) score = 2;
    if (score == 0 || p.type != "string" || p.distinct_count > kMaxStageValues) continue;
    if (score > best_score) {
      best_score = score;
      t.stage = i;
    }
  }
  if (!t.stage) return;
  for (const std::string& raw : t.profiles[*t.stage].distinct) add_stage_alias(t, raw);
}

void add_stage_alias(TableGuess& t, const std::string& raw) {
  for (const StageAlias& a : t.aliases) {
    if (a.raw == raw) return;
  }
  t.aliases.push_back({raw, stage_id_for(raw)});
  t.alias_needed = t.alias_needed || t.aliases.back().id != raw;
}

static void find_ids(TableGuess& t) {
  const std::string stem = singular(normalized(t.sample.path.stem().string()));
  int best_unique = 0;
  int best_repeated = 0;
  for (std::size_t i = 0; i < t.profiles.size(); ++i) {
    const std::string n = normalized(t.sample.header[i]);
    const ColumnProfile& p = t.profiles[i];
    if (!is_id_type(p)) continue;
    int score = 0;
    if (n == "id") score = 100;
    else if (!stem.empty() && n == stem + "id") score = 90;
    else if (n.ends_with("id")) score = 60;
    else if (contains(n, "key") || contains(n, "number") || contains(n, "code")) score = 40;
    if (i == 0) score += 20;
    const bool no_rows = t.sample.rows.empty();
    if ((p.unique() || (no_rows && score >= 60)) && score > best_unique) {
      best_unique = score;
      t.id = i;
    }
    // An owner's id repeats too, but names who, not what.
    if (!p.unique() && p.blanks == 0 && p.values > 0 && score >= 60 && score > best_repeated && !actor_name(n) &&
        !contains(n, "createdby") && !contains(n, "modifiedby")) {
      best_repeated = score;
      t.record = i;
    }
  }
}

static void find_time(TableGuess& t) {
  std::optional<std::size_t> first;
  for (std::size_t i = 0; i < t.profiles.size(); ++i) {
    const ColumnProfile& p = t.profiles[i];
    if (p.type != "timestamp" && !p.mixed_dates) continue;
    if (!first) first = i;
    if (event_time_name(normalized(t.sample.header[i]))) {
      t.time = i;
      return;
    }
  }
  t.time = first;
}

bool amount_value(std::string_view v) {
  if (v.starts_with('-') || v.starts_with('+')) v.remove_prefix(1);
  const std::size_t dot = v.find('.');
  const std::string_view whole = v.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : v.substr(dot + 1);
  const auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return !whole.empty() && whole.size() <= 15 && digits(whole) && digits(frac) && frac.size() <= 4 &&
         (dot == std::string_view::npos || !frac.empty());
}

static void find_amount_actor_reason(TableGuess& t) {
  for (std::size_t i = 0; i < t.profiles.size(); ++i) {
    const std::string n = normalized(t.sample.header[i]);
    const ColumnProfile& p = t.profiles[i];
    bool numeric = p.type == "int64" || p.type == "double" || p.values == 0;
    for (const auto& row : t.sample.rows) {
      if (!numeric) break;
      numeric = row[i].empty() || amount_value(row[i]);
    }
    if (!t.amount && numeric && !amount_reason(n).empty()) t.amount = i;
    if (!t.actor && p.type == "string" && actor_name(n)) t.actor = i;
    if (!t.reason && p.type == "string" && contains(n, "reason")) t.reason = i;
  }
}

static std::string values_text(const ColumnProfile& p, std::uint64_t rows) {
  if (p.values == 0) return absl::StrCat("blank in all ", count_text(rows), " rows read");
  std::string s = absl::StrCat(count_text(p.distinct_count), " distinct in ", count_text(p.values), " values");
  if (p.blanks > 0) absl::StrAppend(&s, " (", count_text(p.blanks), " blank)");
  absl::StrAppend(&s, ", e.g. ", quote_value(p.example()));
  return s;
}

// The comment of an attribute: its type, and what else it could be.
static std::string attribute_why(const TableGuess& t, std::size_t i) {
  const ColumnProfile& p = t.profiles[i];
  const std::uint64_t rows = t.sample.rows.size();
  const std::string n = normalized(t.sample.header[i]);
  std::string why;
  if (p.values == 0) {
    why = absl::StrCat(values_text(p, rows), ": string until the values say otherwise");
  } else if (p.type == "timestamp") {
    why = time_why(p);
  } else if (p.mixed_dates) {
    why = absl::StrCat("dates in more than one format (", mixed_text(p),
                       "): kept as a string, since the loader reads one format per column; "
                       "make them one format, then declare a timestamp");
  } else if (p.unreadable_dates) {
    why = absl::StrCat("looks like dates (", quote_value(p.odd_example),
                       ") in a format the loader cannot read (12-hour clock, 2-digit year or month "
                       "names): kept as a string");
  } else if (p.thousands) {
    why = absl::StrCat("numbers with thousands separators (", quote_value(p.example()),
                       "): the loader cannot read them as numbers, so a string");
  } else if (p.type == "bool") {
    why = p.only_01 ? "only 0 and 1: a bool, or int64 if it counts something" : values_text(p, rows);
  } else if (p.type == "int64" && (contains(n, "date") || n.ends_with("at") || n.ends_with("time") ||
                                     contains(n, "timestamp") || contains(n, "epoch"))) {
    why = absl::StrCat("whole numbers in a date-named column (", quote_value(p.example()),
                       "): epoch times? The loader does not read them as times");
  } else {
    why = values_text(p, rows);
  }
  return why;
}

void set_role(TableGuess& t, std::size_t i, std::string role, std::string why) {
  col(t, i).role = std::move(role);
  col(t, i).why = std::move(why);
}

// The columns of a records, wide or side table that become attributes.
void choose_attributes(TableGuess& t) {
  for (std::size_t i = 0; i < t.table.columns.size(); ++i) {
    DraftColumn& c = col(t, i);
    if (i == t.id || i == t.key || c.role == "stage" || c.role == "stage_date") continue;
    t.attributes.push_back(i);
    const std::string why = attribute_why(t, i);
    if (c.role == "ignored" || c.role.empty()) {
      c.role = "attribute";
      c.why = c.why.empty() ? why : absl::StrCat(c.why, "; kept as an attribute: ", why);
    } else {
      c.why = absl::StrCat(c.why, "; also an attribute: ", why);
    }
  }
}

std::string type_of(const TableGuess& t, std::size_t i) {
  if (auto it = t.forced.find(i); it != t.forced.end()) return it->second;
  const ColumnProfile& p = t.profiles[i];
  return p.values == 0 ? "string" : p.type;
}

// Wide tables: which stage each date column says was entered.
void guess_stage_dates(TableGuess& t) {
  const std::uint64_t rows = t.sample.rows.size();
  for (std::size_t i = 0; i < t.profiles.size(); ++i) {
    const ColumnProfile& p = t.profiles[i];
    const std::string& name = t.sample.header[i];
    const std::string label = entered_label(name);
    const std::string n = normalized(name);
    if (contains(n, "dateexited") || contains(n, "timein")) {
      set_role(t, i, "ignored", "a stage's exit date or time in stage, not a stage entry");
      continue;
    }
    if (p.type != "timestamp" && !(p.values == 0 && !label.empty())) continue;
    std::optional<std::size_t> named = stage_named_by(name, t.aliases);
    if (named) {
      t.stage_dates.push_back({i, {t.aliases[*named].id}, false});
      set_role(t, i, "stage_date",
               absl::StrCat("named after the stage ", quote_value(t.aliases[*named].raw),
                            ": the date it was entered; ", time_why(p)));
      col(t, i).stage = t.aliases[*named].id;
      continue;
    }
    if (!label.empty()) {
      const std::string id = stage_id_for(label);
      t.stage_dates.push_back({i, {id}, false});
      set_role(t, i, "stage_date",
               absl::StrCat("the date ", quote_value(label), " was entered; no row read is at that stage, "
                            "so its id is made from the column name: check it against the stage column's values; ",
                            p.values == 0 ? absl::StrCat("blank in all ", count_text(rows), " rows read, iso8601 assumed")
                                          : time_why(p)));
      col(t, i).stage = id;
      continue;
    }
    // Not named after a stage: at which current stages does it have a date?
    std::vector<std::string> at;
    for (const auto& row : t.sample.rows) {
      if (row[i].empty()) continue;
      const std::string id = stage_id_for(row[*t.stage]);
      if (std::find(at.begin(), at.end(), id) == at.end()) at.push_back(id);
    }
    std::vector<std::string> all_ids;
    for (const StageAlias& a : t.aliases) {
      if (std::find(all_ids.begin(), all_ids.end(), a.id) == all_ids.end()) all_ids.push_back(a.id);
    }
    if (at.size() == 1 && all_ids.size() > 1) {
      // One stage: the date that stage was entered, wherever the record is now.
      t.stage_dates.push_back({i, at, false});
      set_role(t, i, "stage_date",
               absl::StrCat("has a date only on rows whose current stage is ", at[0],
                            ": the date that stage was entered; ", time_why(p)));
      col(t, i).stage = at[0];
      continue;
    }
    if (!at.empty() && at.size() < all_ids.size()) {
      std::sort(at.begin(), at.end());
      t.stage_dates.push_back({i, at, true});
      set_role(t, i, "stage_date",
               absl::StrCat("has a date only on rows whose current stage is ", absl::StrJoin(at, " or "),
                            ": the date that stage was entered (a row with a date at another stage would be "
                            "rejected, rule wide.date_for_other_stage); ",
                            time_why(p)));
      col(t, i).stage = absl::StrJoin(at, "|");
      continue;
    }
    if (contains(n, "close")) {
      add_note(t, absl::StrCat("'", name, "' is dated at every stage: an expected close date. A mapping "
                               "cannot give events a close date yet; kept as an attribute"));
    }
  }
}

std::string normalized(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
  }
  return out;
}

std::string stage_id_for(std::string_view raw) {
  const std::string n = normalized(raw);
  if (one_of(n, {"won", "closedwon", "win", "closewon", "dealwon"})) return "closed_won";
  if (one_of(n, {"lost", "closedlost", "closelost", "deallost"})) return "closed_lost";
  if (n == "marketingqualifiedlead") return "mql";
  if (n == "salesqualifiedlead") return "sql";
  std::string id;
  bool gap = false;
  for (const char c : raw) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      if (gap && !id.empty()) id += '_';
      id += u < 0x80 ? static_cast<char>(std::tolower(u)) : c;
      gap = false;
    } else {
      gap = true;
    }
  }
  return id.empty() ? "stage" : id;
}

TableGuess guess_file(FileSample sample, const std::string& file_in_mapping) {
  TableGuess t;
  t.file_in_mapping = file_in_mapping;
  t.table.file = sample.path.string();
  t.table.delimiter = sample.delimiter;
  t.table.bom = sample.bom;
  t.table.rows = sample.rows.size();
  t.table.truncated = sample.truncated;
  t.table.bad_rows = sample.bad_rows;
  t.table.kind = "none";
  t.sample = std::move(sample);
  if (!t.sample.problem.empty()) {
    add_note(t, t.sample.problem);
    return t;
  }
  const std::size_t n = t.sample.header.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string_view> values;
    values.reserve(t.sample.rows.size());
    for (const auto& row : t.sample.rows) values.emplace_back(row[i]);
    t.profiles.push_back(profile_column(values));
    DraftColumn c;
    c.name = t.sample.header[i];
    c.index = i;
    const ColumnProfile& p = t.profiles.back();
    c.type = p.values == 0 ? "string" : p.type;
    c.format = p.type == "timestamp" ? p.format : std::string();
    c.also_reads = p.also_reads;
    c.values = p.values;
    c.distinct = p.distinct_count;
    c.example = p.example();
    c.role = "ignored";
    t.table.columns.push_back(std::move(c));
  }
  find_ids(t);
  find_stage(t);
  find_time(t);
  find_amount_actor_reason(t);
  find_history(t);
  const std::string stem = normalized(t.sample.path.stem().string());
  const bool event_file = contains(stem, "event") || contains(stem, "history") || contains(stem, "activit") ||
                          contains(stem, "change") || contains(stem, "log");
  const bool event_time = t.time && event_time_name(normalized(t.sample.header[*t.time])) &&
                          !one_of(normalized(t.sample.header[*t.time]), {"createddate", "createdat", "date"});
  // A file with its own id (`Id`, `<file>Id`) and a stage is one row per
  // record (wide), unless its name says events or history.
  const bool own_id = t.id && (normalized(t.sample.header[*t.id]) == "id" ||
                               normalized(t.sample.header[*t.id]) == singular(stem) + "id");
  t.could_be_events = t.stage && t.time && ((t.record && (!own_id || event_file)) || ((event_file || event_time) && t.id));
  t.could_be_wide = t.stage && t.id && !t.could_be_history;
  t.could_be_records = t.id.has_value() && !t.could_be_history;
  if (t.could_be_history) t.could_be_events = false;
  if (t.sample.rows.empty()) {
    add_note(t, "a header and no rows: every guess is by column name alone, every type a string");
  }
  if (t.sample.delimiter != ',') {
    add_note(t, absl::StrCat("fields are separated by ", delimiter_name(t.sample.delimiter),
                             ", and the loader reads only ','. It cannot load this file as it is: "
                             "save it with ',' as the delimiter first. The table below is drafted as it "
                             "would be then"));
  }
  if (t.sample.bad_rows > 0) {
    add_note(t, absl::StrCat(count_text(t.sample.bad_rows), " of the rows read could not be split (first at ",
                             t.sample.first_bad, "): a load rejects them"));
  }
  return t;
}

}  // namespace modelfunnel::internal::draft
