// Writing a mapping draft: JSON with `//` comments, one member per line so
// that each guess has its comment beside (or, when long, above) it.
#include "ingest/draft/draft_text.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "ingest/draft/table_guess.hpp"
#include "util/json_writer.hpp"

namespace modelfunnel::internal::draft {
namespace {

constexpr std::size_t kTrailingComment = 60;  // longer comments go on lines above
constexpr std::size_t kCommentWidth = 96;

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// One member of an object or element of an array: its text (which may span
// lines), the comment beside it, and comment lines above it.
struct Member {
  std::string text;
  std::string comment;
  std::vector<std::string> above = {};
};

std::string clean(std::string_view s) {
  std::string out;
  for (const char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

void comment_lines(std::string& out, const std::string& pad, std::string_view text) {
  std::string line;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    if (!line.empty() && line.size() + 1 + word.size() > kCommentWidth) {
      absl::StrAppend(&out, pad, "// ", line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", std::string(word));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  if (!line.empty()) absl::StrAppend(&out, pad, "// ", line, "\n");
}

void emit(std::string& out, const std::vector<Member>& members, std::size_t indent) {
  const std::string pad(indent, ' ');
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    for (const std::string& a : m.above) comment_lines(out, pad, clean(a));
    const std::string comment = clean(m.comment);
    const bool beside = !comment.empty() && comment.size() <= kTrailingComment;
    if (!comment.empty() && !beside) comment_lines(out, pad, comment);
    absl::StrAppend(&out, pad, m.text, i + 1 < members.size() ? "," : "");
    if (beside) absl::StrAppend(&out, "  // ", comment);
    out += '\n';
  }
}

std::string block(const std::vector<Member>& members, std::size_t indent, char open, char close) {
  std::string out(1, open);
  out += '\n';
  emit(out, members, indent + 2);
  absl::StrAppend(&out, std::string(indent, ' '), std::string(1, close));
  return out;
}

std::string column_name(const TableGuess& t, std::size_t i) { return t.sample.header[i]; }

std::string time_spec(const TableGuess& t, std::size_t i) {
  const ColumnProfile& p = t.profiles[i];
  const std::string format = p.format.empty() ? "iso8601" : p.format;
  if (format == "iso8601") return json(column_name(t, i));
  return absl::StrCat("{\"column\": ", json(column_name(t, i)), ", \"format\": ", json(format), "}");
}

std::string stage_spec(const TableGuess& t, std::size_t indent) {
  const std::string column = json(column_name(t, *t.stage));
  if (!t.alias_needed) return column;
  std::vector<Member> values;
  for (const StageAlias& a : t.aliases) {
    values.push_back({absl::StrCat(json(a.raw), ": ", json(a.id)),
                      a.id == a.raw ? "" : "the proposed stage id: edit it to your graph's"});
  }
  return absl::StrCat("{\"column\": ", column, ",\n", std::string(indent + 2, ' '),
                      "\"values\": ", block(values, indent + 2, '{', '}'), "}");
}

std::string why(const TableGuess& t, std::size_t i) { return t.table.columns[i].why; }

// A history table's columns and the fields it reads.
void history_members(const TableGuess& t, std::size_t indent, std::vector<Member>& m) {
  m.push_back({absl::StrCat("\"field\": ", json(column_name(t, *t.field))), why(t, *t.field)});
  if (t.old_value) m.push_back({absl::StrCat("\"old\": ", json(column_name(t, *t.old_value))), why(t, *t.old_value)});
  m.push_back({absl::StrCat("\"new\": ", json(column_name(t, *t.new_value))), why(t, *t.new_value)});
  m.push_back({absl::StrCat("\"time\": ", time_spec(t, *t.time)), why(t, *t.time)});
  if (!t.stage_field.empty()) {
    std::string spec = absl::StrCat("{\"field\": ", json(t.stage_field));
    if (t.alias_needed) {
      std::vector<Member> values;
      for (const StageAlias& a : t.aliases) {
        values.push_back({absl::StrCat(json(a.raw), ": ", json(a.id)),
                          a.id == a.raw ? "" : "the proposed stage id: edit it to your graph's"});
      }
      absl::StrAppend(&spec, ",\n", std::string(indent + 4, ' '), "\"values\": ", block(values, indent + 4, '{', '}'));
    }
    spec += "}";
    std::vector<std::string> raw;
    for (const StageAlias& a : t.aliases) raw.push_back(quote_value(a.raw));
    m.push_back({absl::StrCat("\"stage\": ", spec),
                 absl::StrCat("a change of '", t.stage_field, "' is a stage event at its new value; values in the "
                              "rows read: ", absl::StrJoin(raw, ", "),
                              t.sample.truncated ? "; values first met further down pass through unchanged" : "")});
  }
  if (!t.amount_field.empty()) {
    m.push_back({absl::StrCat("\"amount\": {\"field\": ", json(t.amount_field), "}"),
                 "changes of the amount: every later event carries the amount in force"});
  }
  if (!t.close_date_field.empty()) {
    std::string spec = absl::StrCat("{\"field\": ", json(t.close_date_field));
    if (!t.close_date_format.empty() && t.close_date_format != "iso8601") {
      absl::StrAppend(&spec, ", \"format\": ", json(t.close_date_format));
    }
    spec += "}";
    m.push_back({absl::StrCat("\"close_date\": ", spec),
                 "pushes and pulls of the expected close date: every later event carries the date in force"});
  }
  if (t.reason) m.push_back({absl::StrCat("\"reason\": ", json(column_name(t, *t.reason))), "named like a reason"});
  if (t.actor) m.push_back({absl::StrCat("\"actor\": ", json(column_name(t, *t.actor))), "named like an owner"});
  std::vector<std::string> other;
  for (const std::string& f : t.other_fields) other.push_back(quote_value(f));
  m.push_back({"\"other_fields\": \"skip\"",
               absl::StrCat("changes of other fields are skipped and counted",
                            other.empty() ? std::string() : absl::StrCat(" (in the rows read: ", absl::StrJoin(other, ", "), ")"),
                            "; \"error\" would reject them")});
}

std::vector<Member> attribute_members(const TableGuess& t) {
  std::vector<Member> out;
  for (const std::size_t a : t.attributes) {
    const std::string type = attribute_type(t, a);
    const auto renamed = t.renamed.find(a);
    const std::string name = renamed == t.renamed.end() ? column_name(t, a) : renamed->second;
    const ColumnProfile& p = t.profiles[a];
    const bool pattern = type == "timestamp" && p.format != "iso8601";
    std::string spec;
    if (!pattern && renamed == t.renamed.end()) {
      spec = json(type);
    } else {
      spec = absl::StrCat("{\"type\": ", json(type));
      if (renamed != t.renamed.end()) absl::StrAppend(&spec, ", \"column\": ", json(column_name(t, a)));
      if (pattern) absl::StrAppend(&spec, ", \"format\": ", json(p.format));
      spec += "}";
    }
    out.push_back({absl::StrCat(json(name), ": ", spec), why(t, a)});
  }
  return out;
}

std::vector<Member> table_members(const TableGuess& t, bool has_records, std::size_t indent) {
  std::vector<Member> m;
  m.push_back({absl::StrCat("\"name\": ", json(t.table.name)), ""});
  m.push_back({absl::StrCat("\"kind\": ", json(t.table.kind)), ""});
  m.push_back({absl::StrCat("\"file\": ", json(t.file_in_mapping)), ""});
  const std::string& kind = t.table.kind;
  if (kind == "records" || kind == "wide") {
    m.push_back({absl::StrCat("\"id\": ", json(column_name(t, *t.id))), why(t, *t.id)});
  }
  if (kind == "records" && !t.links.empty()) {
    std::vector<std::string> names;
    for (const std::size_t l : t.links) names.push_back(json(column_name(t, l)));
    m.push_back({absl::StrCat("\"links\": [", absl::StrJoin(names, ", "), "]"),
                 "ids the record has in other files: their events are its own"});
  }
  if (kind == "events" || kind == "history") {
    m.push_back({absl::StrCat("\"record\": ", json(column_name(t, *t.record))), why(t, *t.record)});
  }
  if (kind == "history") history_members(t, indent, m);
  if (kind == "events" || kind == "wide") {
    m.push_back({absl::StrCat("\"stage\": ", stage_spec(t, indent + 2)), why(t, *t.stage)});
  }
  if (kind == "events") {
    m.push_back({absl::StrCat("\"time\": ", time_spec(t, *t.time)), why(t, *t.time)});
  }
  if ((kind == "wide" || kind == "records") && !t.stage_dates.empty()) {
    std::vector<Member> dates;
    for (const StageDate& d : t.stage_dates) {
      const ColumnProfile& p = t.profiles[d.column];
      std::string text = absl::StrCat("{\"column\": ", json(column_name(t, d.column)));
      if (d.current) {
        std::vector<std::string> ids;
        for (const std::string& s : d.stages) ids.push_back(json(s));
        absl::StrAppend(&text, ", \"stages\": [", absl::StrJoin(ids, ", "), "]");
      } else {
        absl::StrAppend(&text, ", \"stage\": ", json(d.stages[0]));
      }
      if (!p.format.empty() && p.format != "iso8601") absl::StrAppend(&text, ", \"format\": ", json(p.format));
      text += "}";
      dates.push_back({text, why(t, d.column)});
    }
    m.push_back({absl::StrCat("\"stage_dates\": ", block(dates, indent + 2, '[', ']')), ""});
  }
  if (kind == "events" || kind == "wide") {
    if (t.amount) {
      m.push_back({absl::StrCat("\"amount\": ", json(column_name(t, *t.amount))),
                   absl::StrCat(why(t, *t.amount).substr(0, why(t, *t.amount).find(';')),
                                ": exact decimal, at most 4 fractional digits")});
    }
    if (t.reason) m.push_back({absl::StrCat("\"reason\": ", json(column_name(t, *t.reason))), "named like a reason"});
    if (t.actor) m.push_back({absl::StrCat("\"actor\": ", json(column_name(t, *t.actor))), "named like an owner"});
  }
  if (kind == "events" && t.close_date) {
    m.push_back({absl::StrCat("\"close_date\": ", time_spec(t, *t.close_date)), why(t, *t.close_date)});
  }
  if ((kind == "events" || kind == "history") && has_records && !t.unknown_records.empty()) {
    m.push_back({absl::StrCat("\"unknown_records\": ", json(t.unknown_records)), t.unknown_why});
  }
  if (kind == "touches") {
    m.push_back({absl::StrCat("\"record\": ", json(column_name(t, *t.record))), why(t, *t.record)});
    m.push_back({absl::StrCat("\"time\": ", time_spec(t, *t.time)), why(t, *t.time)});
    m.push_back({absl::StrCat("\"campaign\": ", json(column_name(t, *t.campaign))), why(t, *t.campaign)});
    if (t.interaction) {
      m.push_back({absl::StrCat("\"interaction\": ", json(column_name(t, *t.interaction))), why(t, *t.interaction)});
    }
    for (const auto& [key, column] : {std::pair{"channel", t.channel}, std::pair{"utm_source", t.utm_source},
                                      std::pair{"utm_medium", t.utm_medium}, std::pair{"utm_campaign", t.utm_campaign}}) {
      if (column) m.push_back({absl::StrCat("\"", key, "\": ", json(column_name(t, *column))), why(t, *column)});
    }
    if (t.cost) m.push_back({absl::StrCat("\"cost\": ", json(column_name(t, *t.cost))), why(t, *t.cost)});
  }
  if (kind == "campaigns") {
    m.push_back({absl::StrCat("\"id\": ", json(column_name(t, *t.id))), why(t, *t.id)});
    if (t.campaign_name) {
      m.push_back({absl::StrCat("\"campaign_name\": ", json(column_name(t, *t.campaign_name))),
                   why(t, *t.campaign_name)});
    }
    if (t.campaign_type) {
      m.push_back({absl::StrCat("\"type\": ", json(column_name(t, *t.campaign_type))), why(t, *t.campaign_type)});
    }
    if (t.cost) m.push_back({absl::StrCat("\"cost\": ", json(column_name(t, *t.cost))), why(t, *t.cost)});
    if (t.start) m.push_back({absl::StrCat("\"start\": ", time_spec(t, *t.start)), why(t, *t.start)});
  }
  if (kind == "side") {
    m.push_back({absl::StrCat("\"key\": ", json(column_name(t, *t.key))), why(t, *t.key)});
    m.push_back({absl::StrCat("\"join\": ", json(t.join)), "the attribute whose value is looked up among the keys"});
  }
  if (kind == "records" || kind == "wide" || kind == "side") {
    if (!t.attributes.empty()) {
      m.push_back({absl::StrCat("\"attributes\": ", block(attribute_members(t), indent + 2, '{', '}')), ""});
    }
  }
  // Columns the table does not read, and why, above the table's last member.
  // Grouped by reason: "Not read (an events table has no attributes): 'a', 'b'".
  std::vector<std::pair<std::string, std::vector<std::string>>> unread;
  for (const DraftColumn& c : t.table.columns) {
    if (c.role != "ignored") continue;
    auto it = std::find_if(unread.begin(), unread.end(), [&](const auto& u) { return u.first == c.why; });
    if (it == unread.end()) it = unread.insert(unread.end(), {c.why, {}});
    it->second.push_back(absl::StrCat("'", c.name, "'"));
  }
  for (const auto& [reason, names] : unread) {
    m.back().above.push_back(absl::StrCat("Not read", reason.empty() ? "" : absl::StrCat(" (", reason, ")"), ": ",
                                          absl::StrJoin(names, ", ")));
  }
  return m;
}

std::string file_heading(const TableGuess& t) {
  std::string s = absl::StrCat(t.sample.path.filename().string(), ": ");
  if (!t.sample.problem.empty()) return s + "could not be drafted";
  absl::StrAppend(&s, count_text(t.sample.rows.size()), t.sample.rows.size() == 1 ? " row" : " rows", " read",
                  t.sample.truncated ? " (more follow: the guesses rest on these)" : " (the whole file)");
  if (t.sample.bom) s += "; starts with a UTF-8 byte order mark (the loader skips it)";
  return s;
}

}  // namespace

std::string count_text(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

std::string quote_value(std::string_view v) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < v.size() && i < kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 || c == 0x7F) {
      absl::StrAppendFormat(&out, "\\x%02X", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (v.size() > kMax) out += "...";
  out += "'";
  return out;
}

std::string delimiter_name(char d) {
  switch (d) {
    case ',': return "',' (comma)";
    case ';': return "';' (semicolon)";
    case '\t': return "tabs";
    default: return absl::StrCat("'", std::string(1, d), "'");
  }
}

std::string time_why(const ColumnProfile& p) {
  if (p.values == 0) return "blank in every row read: ISO 8601 assumed";
  std::string s = p.format == "iso8601" ? "ISO 8601" : absl::StrCat("dates as ", p.format);
  absl::StrAppend(&s, ", e.g. ", quote_value(p.example()));
  if (!p.also_reads.empty()) {
    absl::StrAppend(&s, ". AMBIGUOUS: every value read also reads as ", absl::StrJoin(p.also_reads, " or "),
                    ", as other dates (no row settles it, e.g. no day above 12): check which the export uses");
  }
  return s;
}

std::string mixed_text(const ColumnProfile& p) {
  std::string s = absl::StrCat(count_text(p.format_reads), " of ", count_text(p.values), " read as ", p.format);
  if (!p.other_format.empty()) absl::StrAppend(&s, ", others as ", p.other_format);
  absl::StrAppend(&s, ", e.g. ", quote_value(p.odd_example));
  return s;
}

std::string stage_values_text(const std::vector<StageAlias>& aliases, const ColumnProfile& p, bool truncated) {
  std::vector<std::string> raw;
  for (const StageAlias& a : aliases) raw.push_back(quote_value(a.raw));
  std::string s = absl::StrCat(count_text(p.distinct_count), " values in the rows read: ", absl::StrJoin(raw, ", "));
  if (p.distinct_count > aliases.size()) s += ", ...";
  if (truncated) s += "; values first met further down pass through unchanged";
  return s;
}

std::string write_mapping(const std::vector<TableGuess>& tables, const DraftOptions& options) {
  std::string out;
  comment_lines(
      out, "",
      absl::StrCat("A mapping drafted by `modelfunnel mapping draft` from ", tables.size(),
                   tables.size() == 1 ? " file" : " files", ", reading at most the first ", count_text(options.max_rows),
                   " rows (about ", count_text(options.max_bytes), " bytes) of each. Every guess has a comment saying "
                   "why, and what else it could be: read them and fix what is wrong before loading it with "
                   "`modelfunnel load --map FILE`. Nothing has been loaded with these guesses. docs/mapping.md "
                   "describes every key."));
  bool has_records = false;
  std::vector<const TableGuess*> drafted;
  for (const TableGuess& t : tables) {
    if (t.table.kind == "records") has_records = true;
  }
  // Tables in the order the loader reads them: records, events or wide, sides.
  for (const char* kind : {"records", "events", "wide", "history", "side", "touches", "campaigns"}) {
    for (const TableGuess& t : tables) {
      if (t.table.kind == kind) drafted.push_back(&t);
    }
  }
  std::vector<Member> top;
  top.push_back({"\"version\": 1", ""});
  std::vector<Member> list;
  for (const TableGuess* t : drafted) {
    Member m{block(table_members(*t, has_records, 4), 4, '{', '}'), ""};
    m.above.push_back(absl::StrCat("---- ", file_heading(*t)));
    for (const std::string& note : t->table.notes) m.above.push_back(note);
    list.push_back(std::move(m));
  }
  Member tables_member{absl::StrCat("\"tables\": ", block(list, 2, '[', ']')), ""};
  tables_member.above.push_back(
      "\"graph\": \"stages.json\" would name a stage graph (docs/stage-graph.md) to check every stage id "
      "against; without one, stage values pass through as ids unchecked.");
  top.push_back(std::move(tables_member));
  out += "{\n";
  emit(out, top, 2);
  for (const TableGuess& t : tables) {
    if (t.table.kind != "none") continue;
    out += "\n";
    comment_lines(out, "  ", absl::StrCat("---- ", file_heading(t), ", left out of the mapping"));
    for (const std::string& note : t.table.notes) comment_lines(out, "  ", clean(note));
  }
  out += "}\n";
  return out;
}

}  // namespace modelfunnel::internal::draft
