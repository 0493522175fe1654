// How the files fit together: which is the records table and its linked
// ids, which the sources of events (events and history tables keyed to the
// records, else one events or wide table), which side tables join by a
// column of the same name, and what is left out and why; see table_guess.hpp.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/draft/draft_text.hpp"
#include "ingest/draft/guess_steps.hpp"
#include "ingest/draft/table_guess.hpp"

namespace modelfunnel::internal::draft {
namespace {

// "; could also be 'A' or 'B'": the other columns @p fits accepts, at most three.
template <class Fits>
std::string alternatives(const TableGuess& t, std::size_t chosen, Fits&& fits) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < t.profiles.size() && names.size() < 3; ++i) {
    if (i != chosen && fits(i)) names.push_back(absl::StrCat("'", t.sample.header[i], "'"));
  }
  return names.empty() ? std::string() : absl::StrCat("; could also be ", absl::StrJoin(names, " or "));
}

std::string id_alternatives(const TableGuess& t, std::size_t chosen) {
  return alternatives(t, chosen, [&](std::size_t i) {
    const std::string n = normalized(t.sample.header[i]);
    return t.profiles[i].unique() && is_id_type(t.profiles[i]) &&
           (n.ends_with("id") || contains(n, "key") || contains(n, "number") || contains(n, "code"));
  });
}

std::string time_alternatives(const TableGuess& t, std::size_t chosen) {
  return alternatives(t, chosen, [&](std::size_t i) { return t.profiles[i].type == "timestamp"; });
}

// Makes @p t the events table of the mapping.
void make_events(TableGuess& t, std::size_t rec, const std::string& why_record) {
  t.table.kind = "events";
  t.record = rec;
  set_role(t, rec, "record", why_record);
  set_role(t, *t.stage, "stage",
           absl::StrCat("named like a stage; ", stage_values_text(t.aliases, t.profiles[*t.stage], t.sample.truncated)));
  const ColumnProfile& tp = t.profiles[*t.time];
  set_role(t, *t.time, "time",
           absl::StrCat(event_time_name(normalized(t.sample.header[*t.time])) ? "named like an event time"
                                                                              : "the first date column",
                        "; ", tp.mixed_dates ? absl::StrCat("MIXED formats (", mixed_text(tp),
                                                            "): the other rows will be rejected")
                                             : time_why(tp),
                        time_alternatives(t, *t.time)));
  if (t.amount) set_role(t, *t.amount, "amount", amount_reason(normalized(t.sample.header[*t.amount])));
  if (t.reason) set_role(t, *t.reason, "reason", "named like a reason (a loss reason)");
  if (t.actor) set_role(t, *t.actor, "actor", "named like an owner: who moved the record");
  for (const std::size_t required : {*t.record, *t.stage, *t.time}) {
    if (t.profiles[required].blanks > 0) {
      add_note(t, absl::StrCat(count_text(t.profiles[required].blanks), " of the rows read have no '",
                               t.sample.header[required], "': a load rejects them (value.required)"));
    }
  }
  for (DraftColumn& c : t.table.columns) {
    if (c.role == "ignored") c.why = "an events table has no attributes";
  }
  // The expected close date in force at each event (OpportunityHistory's
  // CloseDate): the first date column other than the time named like one.
  for (std::size_t i = 0; i < t.profiles.size() && !t.close_date; ++i) {
    const std::string n = normalized(t.sample.header[i]);
    if (i == *t.time || !contains(n, "close") || t.profiles[i].type != "timestamp") continue;
    t.close_date = i;
    set_role(t, i, "close_date",
             absl::StrCat("named like a close date: the expected close date at each event (pushed and pulled "
                          "deals); ", time_why(t.profiles[i])));
  }
}

void make_wide(TableGuess& t) {
  t.table.kind = "wide";
  set_role(t, *t.id, "id",
           absl::StrCat(normalized(t.sample.header[*t.id]) == "id" ? "named Id" : "named like an id",
                        ", distinct and never blank in the ", count_text(t.sample.rows.size()), " rows read",
                        id_alternatives(t, *t.id)));
  set_role(t, *t.stage, "stage",
           absl::StrCat("the current stage (named like a stage); ",
                        stage_values_text(t.aliases, t.profiles[*t.stage], t.sample.truncated)));
  guess_stage_dates(t);
  if (t.profiles[*t.stage].blanks > 0) {
    add_note(t, absl::StrCat(count_text(t.profiles[*t.stage].blanks), " of the rows read have no '",
                             t.sample.header[*t.stage], "': a load rejects them (value.required)"));
  }
  if (t.amount) set_role(t, *t.amount, "amount", amount_reason(normalized(t.sample.header[*t.amount])));
  if (t.reason) set_role(t, *t.reason, "reason", "named like a reason (a loss reason)");
  if (t.actor) set_role(t, *t.actor, "actor", "named like an owner: on every event of the row");
  choose_attributes(t);
}

// `ConvertedOpportunityId` -> `opportunityid`: the id a link column's name
// says it holds (the name itself, normalized, without `converted`).
std::string link_target(std::string_view column) {
  const std::string n = normalized(column);
  return n.starts_with("converted") ? n.substr(9) : n;
}

// A field history has no row for a record's creation: the stage a record
// is at before its first change is dated by the records table's creation
// date, when a history keyed by the records' own id (not a linked id) has a
// stage. That first stage: the old value of changes that is never a new one
// (initial_stage), else the most common current status of the records the
// history read has no change for.
void propose_creation_date(TableGuess& rec, const std::vector<TableGuess*>& sources) {
  // HubSpot contacts date their stages themselves: `Became a Lead Date`.
  for (std::size_t i = 0; i < rec.profiles.size(); ++i) {
    const std::string label = entered_label(rec.sample.header[i]);
    if (label.empty() || (rec.profiles[i].type != "timestamp" && rec.profiles[i].values > 0)) continue;
    const std::string stage = stage_id_for(label);
    rec.stage_dates.push_back({i, {stage}, false});
    set_role(rec, i, "stage_date",
             absl::StrCat("the date ", quote_value(label), " was entered (stage ", stage, "); ",
                          time_why(rec.profiles[i])));
    col(rec, i).stage = stage;
  }
  if (!rec.stage_dates.empty()) return;
  const TableGuess* history = nullptr;
  for (const TableGuess* s : sources) {
    // Only a history has a record column to read here (a wide source has none).
    if (history || s->table.kind != "history" || s->stage_field.empty() || !s->record) continue;
    const std::string key = normalized(s->sample.header[*s->record]);
    const bool by_link = std::any_of(rec.links.begin(), rec.links.end(), [&](std::size_t l) {
      return link_target(rec.sample.header[l]) == key;
    });
    if (!by_link) history = s;
  }
  if (!history) return;
  std::string first = history->initial_stage;
  if (first.empty() && rec.stage) {
    std::vector<std::string_view> changed;
    for (const auto& row : history->sample.rows) changed.emplace_back(row[*history->record]);
    std::sort(changed.begin(), changed.end());
    std::map<std::string_view, std::size_t> unchanged;
    for (const auto& row : rec.sample.rows) {
      if (!row[*rec.stage].empty() && !std::binary_search(changed.begin(), changed.end(), std::string_view(row[*rec.id]))) {
        ++unchanged[row[*rec.stage]];
      }
    }
    std::size_t most = 0;
    for (const auto& [raw, count] : unchanged) {
      if (count > most) {
        most = count;
        first = std::string(raw);
      }
    }
  }
  if (first.empty()) return;
  std::string stage = stage_id_for(first);
  for (const StageAlias& a : history->aliases) {
    if (a.raw == first) stage = a.id;
  }
  for (std::size_t i = 0; i < rec.profiles.size(); ++i) {
    const std::string n = normalized(rec.sample.header[i]);
    if (rec.profiles[i].type != "timestamp" || !one_of(n, {"createddate", "createdat", "created", "createdon",
                                                           "datecreated", "createdtime", "createtime"})) {
      continue;
    }
    rec.stage_dates.push_back({i, {stage}, false});
    set_role(rec, i, "stage_date",
             absl::StrCat("the creation dates the first stage, ", quote_value(first), " (", stage, "): '",
                          history->table.name, "' holds changes only; ", time_why(rec.profiles[i])));
    col(rec, i).stage = stage;
    return;
  }
}

void make_records(TableGuess& t) {
  t.table.kind = "records";
  set_role(t, *t.id, "id",
           absl::StrCat(normalized(t.sample.header[*t.id]) == "id" ? "named Id" : "named like an id",
                        ", distinct and never blank in the ", count_text(t.sample.rows.size()), " rows read",
                        id_alternatives(t, *t.id)));
  const std::optional<std::size_t> status = t.stage;
  t.stage.reset();
  t.amount.reset();
  t.actor.reset();
  t.reason.reset();
  choose_attributes(t);
  if (status) {
    col(t, *status).why += "; a current stage or status: the events table gives the stages";
  }
}

// A column of @p main that @p side's key is looked up in: same name, or
// `AccountId` for the `Id` of accounts.csv.
std::optional<std::size_t> join_column(const TableGuess& main, const TableGuess& side, std::size_t key) {
  const std::string k = normalized(side.sample.header[key]);
  const std::string owner = singular(normalized(side.sample.path.stem().string()));
  for (const std::size_t a : main.attributes) {
    const std::string n = normalized(main.sample.header[a]);
    // ConvertedOpportunityId holds an Opportunity's Id: a link is joined by.
    if (n == k || (k == "id" && (n == owner + "id" || n == "converted" + owner + "id"))) return a;
  }
  return std::nullopt;
}

bool try_side(TableGuess& side, std::vector<TableGuess*>& joined) {
  // The key: a column distinct on every row whose name a joined table has.
  for (std::size_t key = 0; key < side.profiles.size(); ++key) {
    if (!side.profiles[key].unique() && !side.sample.rows.empty()) continue;
    if (!side.sample.rows.empty() && !is_id_type(side.profiles[key])) continue;  // not a date, a number
    for (TableGuess* main : joined) {
      const std::optional<std::size_t> a = join_column(*main, side, key);
      if (!a) continue;
      side.table.kind = "side";
      side.key = key;
      side.join = main->renamed.count(*a) ? main->renamed.at(*a) : main->sample.header[*a];
      main->forced[*a] = "string";
      main->table.columns[*a].type = "string";
      set_role(side, key, "key",
               absl::StrCat("distinct on every row read, and table '", main->table.name, "' has a column '",
                            main->sample.header[*a], "': looked up by it"));
      side.id.reset();
      side.stage.reset();
      choose_attributes(side);
      return true;
    }
  }
  return false;
}

// The first column whose normalized name passes @p fits, skipping @p not_this.
template <class Fits>
std::optional<std::size_t> first_column(const TableGuess& t, Fits&& fits,
                                        std::optional<std::size_t> not_this = std::nullopt) {
  for (std::size_t i = 0; i < t.profiles.size(); ++i) {
    if (i != not_this && fits(normalized(t.sample.header[i]), t.profiles[i])) return i;
  }
  return std::nullopt;
}

// A file of marketing touches (Salesforce's CampaignMember, a form-fill
// log): no stage, a column naming the records table's id, a date, and a
// campaign column. @p record is the column naming the records' id.
bool try_touches(TableGuess& t, std::size_t record) {
  // A member's `Status` (Sent, Responded) is how it was touched, not a stage.
  if (t.stage && contains(normalized(t.sample.header[*t.stage]), "stage")) return false;
  const auto campaign = first_column(t, [](const std::string& n, const ColumnProfile&) {
    return contains(n, "campaign") && !contains(n, "member") && !contains(n, "utm");
  });
  const auto time = first_column(t, [](const std::string& n, const ColumnProfile& p) {
    return p.type == "timestamp" && (one_of(n, {"createddate", "createdat", "date", "time", "ts", "timestamp"}) ||
                                     contains(n, "touch") || contains(n, "responded") || contains(n, "created") ||
                                     contains(n, "submitted") || contains(n, "occurred") || contains(n, "sent"));
  });
  if (!campaign || !time || *campaign == record) return false;
  t.table.kind = "touches";
  t.stage.reset();
  t.record = record;
  t.time = time;
  t.campaign = campaign;
  set_role(t, record, "record", "names the records table's id: whose touch it is");
  set_role(t, *time, "time", absl::StrCat("named like a date; ", time_why(t.profiles[*time])));
  set_role(t, *campaign, "campaign", "named like a campaign: which campaign touched the record");
  t.interaction = first_column(t, [](const std::string& n, const ColumnProfile& p) {
    return p.type == "string" && (one_of(n, {"status", "type", "interaction", "interactiontype", "action", "form",
                                             "formname"}));
  });
  if (t.interaction) set_role(t, *t.interaction, "interaction", "named like a status or type: the kind of interaction");
  auto text_named = [&](std::initializer_list<std::string_view> names) {
    return first_column(t, [&](const std::string& n, const ColumnProfile& p) {
      return (p.type == "string" || p.values == 0) && one_of(n, names);
    });
  };
  t.channel = text_named({"channel", "source", "originalsource", "leadsource", "medium"});
  if (t.channel && t.channel != campaign) set_role(t, *t.channel, "channel", "named like a channel: how the touch came");
  else t.channel.reset();
  t.utm_source = text_named({"utmsource"});
  if (t.utm_source) set_role(t, *t.utm_source, "utm_source", "named like a UTM source");
  t.utm_medium = text_named({"utmmedium"});
  if (t.utm_medium) set_role(t, *t.utm_medium, "utm_medium", "named like a UTM medium");
  t.utm_campaign = text_named({"utmcampaign"});
  if (t.utm_campaign) set_role(t, *t.utm_campaign, "utm_campaign", "named like a UTM campaign");
  t.cost = first_column(t, [](const std::string& n, const ColumnProfile& p) {
    return contains(n, "cost") && (p.type == "int64" || p.type == "double" || p.values == 0);
  });
  if (t.cost) set_role(t, *t.cost, "cost", "named like a cost: the cost of this touch");
  for (DraftColumn& c : t.table.columns) {
    if (c.role == "ignored" && c.why.empty()) c.why = "a touches table reads who, when, which campaign, how and cost";
  }
  return true;
}

// The campaigns the touches name (Salesforce's Campaign): its id is what a
// touches table's campaign column holds (`CampaignId` for Campaign.csv's `Id`).
bool try_campaigns(TableGuess& t, const TableGuess& touches) {
  if (!t.id || t.stage) return false;
  const std::string c = normalized(touches.sample.header[*touches.campaign]);
  const std::string id = normalized(t.sample.header[*t.id]);
  const std::string owner = singular(normalized(t.sample.path.stem().string()));
  if (!(c == id || (id == "id" && c == owner + "id"))) return false;
  t.table.kind = "campaigns";
  set_role(t, *t.id, "id", absl::StrCat("table '", touches.table.name, "' names it in '",
                                        touches.sample.header[*touches.campaign], "'"));
  auto named = [&](std::initializer_list<std::string_view> names) {
    return first_column(t, [&](const std::string& n, const ColumnProfile&) { return one_of(n, names); }, t.id);
  };
  t.campaign_name = named({"name", "campaignname", "title"});
  if (t.campaign_name) set_role(t, *t.campaign_name, "campaign_name", "the campaign's name, for people");
  t.campaign_type = named({"type", "campaigntype", "channel"});
  if (t.campaign_type) set_role(t, *t.campaign_type, "type", "the campaign's type");
  t.cost = first_column(t, [](const std::string& n, const ColumnProfile& p) {
    return contains(n, "cost") && (p.type == "int64" || p.type == "double" || p.values == 0);
  });
  if (t.cost) set_role(t, *t.cost, "cost", "named like a cost: what the campaign cost");
  t.start = first_column(t, [](const std::string& n, const ColumnProfile& p) {
    return p.type == "timestamp" && contains(n, "start");
  });
  if (t.start) set_role(t, *t.start, "start", absl::StrCat("named like a start date; ", time_why(t.profiles[*t.start])));
  for (DraftColumn& col_ : t.table.columns) {
    if (col_.role == "ignored" && col_.why.empty()) col_.why = "a campaigns table reads id, name, type, cost, start";
  }
  return true;
}

// Whether column @p c of @p rec holds ids of @p other (its column @p key,
// else its id): most of the values read are among the ids read — all of
// them when @p other was read whole — and at least one is.
bool holds_ids_of(const TableGuess& rec, std::size_t c, const TableGuess& other,
                  std::optional<std::size_t> key = std::nullopt) {
  if (!key) key = other.id;
  if (!key) return false;
  std::vector<std::string_view> ids;
  for (const auto& row : other.sample.rows) ids.emplace_back(row[*key]);
  std::sort(ids.begin(), ids.end());
  std::uint64_t found = 0, values = 0;
  for (const auto& row : rec.sample.rows) {
    if (row[c].empty()) continue;
    ++values;
    found += std::binary_search(ids.begin(), ids.end(), std::string_view(row[c])) ? 1 : 0;
  }
  if (found == 0) return false;
  return other.sample.truncated ? found * 2 >= values : found == values;
}

/// @p base, or `<base>_2`, `<base>_3`…: the first that is not in @p used.
std::string unused_name(const std::vector<std::string>& used, const std::string& base) {
  std::string name = base;
  for (int k = 2; std::find(used.begin(), used.end(), name) != used.end(); ++k) name = absl::StrCat(base, "_", k);
  return name;
}

void unique_names(std::vector<TableGuess>& tables) {
  std::vector<std::string> used;
  for (TableGuess& t : tables) {
    std::string base;
    for (const char c : t.sample.path.stem().string()) {
      base += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
    if (base.empty()) base = "table";
    t.table.name = unused_name(used, base);
    used.push_back(t.table.name);
  }
}

}  // namespace

void guess_mapping(std::vector<TableGuess>& tables) {
  unique_names(tables);
  // Unique ids of the files that could be records, by name, for the events
  // tables to point at.
  auto references = [&](const TableGuess& ev, const TableGuess& rec) -> std::optional<std::size_t> {
    if (!rec.id || &ev == &rec) return std::nullopt;
    const std::string rid = normalized(rec.sample.header[*rec.id]);
    if (!rid.ends_with("id")) return std::nullopt;  // only an id named as one is pointed at
    const std::string owner = singular(normalized(rec.sample.path.stem().string()));
    for (std::size_t i = 0; i < ev.profiles.size(); ++i) {
      if (ev.id == i && !ev.record && normalized(ev.sample.header[i]) == "id") continue;
      const std::string n = normalized(ev.sample.header[i]);
      // `Contact ID` names contacts.csv's id, whatever its header says.
      if (n != "id" && (n == rid || n == owner + "id")) return i;
    }
    return std::nullopt;
  };

  // 0. A file of campaign members has a `Status` (Sent, Responded) beside
  // its campaign: touches (3a below), never a source of stage events.
  for (TableGuess& t : tables) {
    const bool campaign = std::any_of(t.sample.header.begin(), t.sample.header.end(), [](const std::string& h) {
      const std::string n = normalized(h);
      return contains(n, "campaign") && !contains(n, "member");
    });
    if (campaign && t.stage && !contains(normalized(t.sample.header[*t.stage]), "stage")) {
      t.could_be_events = t.could_be_wide = false;
    }
  }
  // 1. The records table. First one with linked ids: a column of a file
  // with an id that holds the ids of another source of events — by name
  // (`Converted<X>Id` while another file's events or field history are
  // keyed by `<X>Id`: a lead converted into an opportunity under a new id),
  // else by content (HubSpot's `Associated Deal` holding the ids of a wide
  // deals file). Else the records table is the one the first events file
  // points at by name.
  TableGuess* records = nullptr;
  std::vector<std::pair<TableGuess*, std::size_t>> link_keyed;  // sources keyed by a link, and their column
  for (TableGuess& rec : tables) {
    if (!rec.could_be_records || rec.could_be_events || records) continue;
    for (std::size_t i = 0; i < rec.profiles.size(); ++i) {
      const std::string n = normalized(rec.sample.header[i]);
      if (i == *rec.id || !is_id_type(rec.profiles[i]) || rec.profiles[i].values == 0) continue;
      std::vector<std::pair<TableGuess*, std::size_t>> keyed;
      if (n.starts_with("converted") && n.ends_with("id") && n.size() > 11) {
        const std::string target = n.substr(9);
        for (TableGuess& e : tables) {
          if (&e == &rec || !(e.could_be_events || e.could_be_history)) continue;
          for (std::size_t c = 0; c < e.sample.header.size(); ++c) {
            if (normalized(e.sample.header[c]) == target) {
              keyed.emplace_back(&e, c);
              break;
            }
          }
        }
      }
      if (keyed.empty() && !n.starts_with("converted")) {
        for (TableGuess& w : tables) {
          if (&w == &rec || !w.could_be_wide || w.could_be_events || !w.id || w.sample.rows.empty()) continue;
          // `LeadId` in a file of campaign members points at its parent
          // lead: a reference by name, not the record's other id.
          const std::string owner = singular(normalized(w.sample.path.stem().string()));
          if (n == owner + "id" || n == normalized(w.sample.header[*w.id])) continue;
          if (holds_ids_of(rec, i, w)) keyed.emplace_back(&w, *w.id);
        }
      }
      if (keyed.empty()) continue;
      rec.links.push_back(i);
      link_keyed.insert(link_keyed.end(), keyed.begin(), keyed.end());
    }
    if (!rec.links.empty()) records = &rec;
  }
  for (TableGuess& ev : tables) {
    if (records || !ev.could_be_events) continue;
    for (TableGuess& rec : tables) {
      if (references(ev, rec) && rec.could_be_records) {
        records = &rec;
        break;
      }
    }
  }
  // 2. The sources of events. With a records table: every events and
  // history file keyed by its id or a linked id, in the order given. Without
  // one: the first events file (its records created on sight), else the
  // first wide file.
  std::vector<TableGuess*> sources;
  auto is_source = [&](const TableGuess* t) { return std::find(sources.begin(), sources.end(), t) != sources.end(); };
  if (records) {
    for (TableGuess& t : tables) {
      const bool wide_by_link = std::any_of(link_keyed.begin(), link_keyed.end(), [&](const auto& k) {
        return k.first == &t && !t.could_be_events && !t.could_be_history;
      });
      if (&t == records || !(t.could_be_events || t.could_be_history || wide_by_link)) continue;
      // SIZE_MAX: none yet (a sentinel, not an optional: g++ 12 warns, wrongly,
      // that an optional read after its check may be uninitialized).
      std::size_t key = wide_by_link ? SIZE_MAX : references(t, *records).value_or(SIZE_MAX);
      std::string why = key != SIZE_MAX ? absl::StrCat("the id of table '", records->table.name, "' ('",
                                                       records->sample.header[*records->id], "'), by name")
                                        : std::string();
      for (const auto& keyed_by : link_keyed) {
        const std::size_t column = keyed_by.second;  // a plain name: lambdas below capture it
        if (key != SIZE_MAX || keyed_by.first != &t) continue;
        key = column;
        const auto link = std::find_if(records->links.begin(), records->links.end(), [&](std::size_t l) {
          return holds_ids_of(*records, l, t, column) ||
                 link_target(records->sample.header[l]) == normalized(t.sample.header[column]);
        });
        why = absl::StrCat("a linked id: table '", records->table.name, "' links its records to it",
                           link == records->links.end() ? std::string()
                                                        : absl::StrCat(" in '", records->sample.header[*link], "'"));
      }
      if (key == SIZE_MAX) continue;
      if (wide_by_link) {
        make_wide(t);
        col(t, *t.id).why = why;
        add_note(t, "wide: one row per record with its current stage (and a date column per stage reached)");
      } else if (t.could_be_history) {
        make_history(t, key, why);
        add_note(t, "history: one row per change of one field (a stage, an amount or a close date become the "
                    "record's events and event fields)");
      } else {
        make_events(t, key, why);
        add_note(t, "events: one row per stage event (a stage, a time and the record's id on each row)");
      }
      sources.push_back(&t);
    }
  } else {
    TableGuess* source = nullptr;
    for (TableGuess& t : tables) {
      if (!source && t.could_be_events) source = &t;
    }
    if (source) {
      make_events(*source, *(source->record ? source->record : source->id),
                  source->record ? "named like an id, and repeated: several events per record"
                                 : "named like an id (distinct in the rows read, but this is a file of events)");
      add_note(*source, "events: one row per stage event (a stage, a time and the record's id on each row)");
    } else {
      for (TableGuess& t : tables) {
        if (!source && t.could_be_wide) source = &t;
      }
      if (source) {
        make_wide(*source);
        add_note(*source, "wide: one row per record with its current stage (and a date column per stage reached)");
      }
    }
    if (source) sources.push_back(source);
  }
  const TableGuess* wide = sources.size() == 1 && sources[0]->table.kind == "wide" ? sources[0] : nullptr;
  // With no source of events, the records table is the first file with an id.
  if (!records && sources.empty()) {
    for (TableGuess& t : tables) {
      if (!records && t.could_be_records) records = &t;
    }
  }
  if (records) {
    propose_creation_date(*records, sources);
    for (const std::size_t link : records->links) {
      set_role(*records, link, "link",
               "a linked id: the record this one became (a lead converted into an opportunity under another "
               "id); events keyed by it are this record's");
    }
    make_records(*records);
    add_note(*records, "records: one row per record, by its id");
  }
  for (TableGuess& t : tables) {
    for (std::size_t i = 0; i < t.profiles.size(); ++i) {
      const std::string n = normalized(t.sample.header[i]);
      if (!contains(n, "converted") || !n.ends_with("id") ||
          std::find(t.links.begin(), t.links.end(), i) != t.links.end()) {
        continue;
      }
      add_note(t, absl::StrCat("'", t.sample.header[i], "' names the record this one became (a lead converted into an "
                               "opportunity under another id): the draft keeps it as an attribute; to follow the record "
                               "across both, add \"links\": [\"", t.sample.header[i],
                               "\"] to the records table by hand (docs/mapping.md)"));
    }
  }
  if (records) {
    // Are the sources' records all in the records table (as far as read)?
    std::vector<std::string_view> ids;
    for (const auto& row : records->sample.rows) {
      ids.emplace_back(row[*records->id]);
      for (const std::size_t link : records->links) {
        if (!row[link].empty()) ids.emplace_back(row[link]);
      }
    }
    std::sort(ids.begin(), ids.end());
    for (TableGuess* source : sources) {
      if (source->table.kind == "wide") continue;
      std::uint64_t missing = 0;
      std::string example;
      for (const auto& row : source->sample.rows) {
        const std::string& id = row[*source->record];
        if (id.empty() || std::binary_search(ids.begin(), ids.end(), std::string_view(id))) continue;
        if (missing++ == 0) example = id;
      }
      if (missing == 0) {
        source->unknown_records = "error";
        source->unknown_why = "every row read is of a record in the records table; a row of another is an error "
                              "(\"create\" would add the record)";
      } else {
        source->unknown_records = "create";
        source->unknown_why = absl::StrCat(count_text(missing), " rows read are of records not in the rows of '",
                                           records->table.name, "' read (e.g. ", quote_value(example), ")",
                                           records->sample.truncated ? ", perhaps only further down" : "",
                                           ": they create their records (\"error\" would reject them)");
      }
    }
  }
  // 3. Side tables, joined by a column of the same name.
  std::vector<TableGuess*> joined;
  if (records) joined.push_back(records);
  if (wide) joined.push_back(const_cast<TableGuess*>(wide));
  // 3a. Touches, by a column naming the records' id, and the campaigns
  // they name.
  const TableGuess* touches = nullptr;
  const TableGuess* touched = records ? records : wide;
  for (TableGuess& t : tables) {
    if (!touched || touches || is_source(&t) || &t == records || !t.sample.problem.empty() || t.table.columns.empty())
      continue;
    if (auto r = references(t, *touched); r && try_touches(t, *r)) {
      touches = &t;
      add_note(t, absl::StrCat("touches: one row per marketing touch of a record of '", touched->table.name, "'"));
    }
  }
  for (TableGuess& t : tables) {
    if (!touches || is_source(&t) || &t == records || &t == touches || !t.sample.problem.empty() ||
        t.table.columns.empty())
      continue;
    if (try_campaigns(t, *touches)) {
      add_note(t, "campaigns: one row per campaign the touches name");
      break;
    }
  }
  for (TableGuess& t : tables) {
    if (is_source(&t) || &t == records || !t.sample.problem.empty() || t.table.columns.empty()) continue;
    if (t.table.kind == "touches" || t.table.kind == "campaigns") continue;
    const bool other_source = t.could_be_events || t.could_be_wide;
    if (t.could_be_history) {
      add_note(t, absl::StrCat("left out: a field history, but its record column '", t.sample.header[*t.record],
                               "' names no drafted table's id nor a linked id: add it by hand as a history "
                               "table (docs/mapping.md)"));
      continue;
    }
    if (!joined.empty() && try_side(t, joined)) {
      add_note(t, "side: attributes looked up by a key");
      if (other_source) {
        add_note(t, "it could also be a source of events, but no column names the records' id or a linked id: "
                    "to read its stages, add it as another events or wide table (docs/mapping.md)");
      }
      joined.push_back(&t);
      continue;
    }
    if (other_source) {
      add_note(t, absl::StrCat("left out: it has stages too ('", t.sample.header[*t.stage],
                               "'), but no column names the records' id or a linked id: add it by hand as "
                               "another events or wide table (or `links` on the records table for ids that "
                               "link leads to opportunities, docs/mapping.md)"));
    } else if (!sources.empty() && sources[0]->table.kind == "events" && !records && t.could_be_records) {
      add_note(t, absl::StrCat("left out: the events table's record column '",
                               sources[0]->sample.header[*sources[0]->record],
                               "' does not name its id '", t.sample.header[*t.id],
                               "'; if it holds these ids, add this file as the records table"));
    } else if (t.could_be_records || t.id) {
      add_note(t, "left out: no column of the drafted tables names its key, so nothing joins it");
    } else {
      add_note(t, "left out: no column is a distinct id on every row read, and none names a stage");
    }
  }
  // Attribute names are unique across a mapping: the later table's repeat
  // is renamed `<table>_<column>` (or `<table>_<column>_2`… when another
  // table has a column of that name already).
  std::vector<std::string> names;
  std::vector<TableGuess*> order;
  if (records) order.push_back(records);
  for (TableGuess& t : tables) {
    if (t.table.kind == "wide") order.push_back(&t);
  }
  for (TableGuess& t : tables) {
    if (t.table.kind == "side") order.push_back(&t);
  }
  for (TableGuess* t : order) {
    for (const std::size_t a : t->attributes) {
      std::string name = t->sample.header[a];
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        name = unused_name(names, absl::StrCat(t->table.name, "_", name));
        t->renamed[a] = name;
        t->table.columns[a].why += absl::StrCat("; renamed: '", t->sample.header[a], "' is already an attribute");
      }
      names.push_back(name);
    }
  }
  for (TableGuess& t : tables) {
    for (std::size_t i = 0; i < t.table.columns.size(); ++i) {
      if (auto f = t.forced.find(i); f != t.forced.end()) t.table.columns[i].type = f->second;
    }
  }
}

std::string attribute_type(const TableGuess& t, std::size_t i) { return type_of(t, i); }

}  // namespace modelfunnel::internal::draft
