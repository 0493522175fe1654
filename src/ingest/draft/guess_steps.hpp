// guess_steps.hpp — the steps shared by the two halves of the guesser:
// table_guess.cpp (what each column of one file could be) and
// table_kinds.cpp (how the files fit together). Name matching is on
// normalized() names: lower-case letters and digits only.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "ingest/draft/column_profile.hpp"
#include "ingest/draft/table_guess.hpp"

namespace modelfunnel::internal::draft {

bool contains(std::string_view s, std::string_view part);
bool one_of(std::string_view s, std::initializer_list<std::string_view> names);
/// "leads" -> "lead", "opportunities" -> "opportunity": for `<file>Id` names.
std::string singular(std::string s);
/// A type an id can have: string or int64.
bool is_id_type(const ColumnProfile& p);
/// Names that say "an event's time" (ts, time, CreatedDate, changed_at, ...).
bool event_time_name(std::string_view normalized_name);
/// Why a normalized name looks like an amount, or empty.
std::string amount_reason(std::string_view normalized_name);
/// Names that say who: owner, agent, rep.
bool actor_name(std::string_view normalized_name);
/// As the loader reads amounts: a plain decimal, at most 4 fractional digits.
bool amount_value(std::string_view v);
/// The stage label a column name says was entered, or empty: HubSpot's
/// `Date entered "Appointment Scheduled (Sales Pipeline)"` and
/// `Became a Marketing Qualified Lead Date`.
std::string entered_label(std::string_view column);
/// The stage id proposed for a raw value, and whether any differs (aliases).
void add_stage_alias(TableGuess& t, const std::string& raw);

/// Field history (history_guess.cpp): recognises record, field, old, new
/// and time columns and the fields that read as a stage, an amount or a
/// close date; sets could_be_history.
void find_history(TableGuess& t);
/// Makes @p t a history table keyed by column @p record.
void make_history(TableGuess& t, std::size_t record, const std::string& why_record);

void add_note(TableGuess& t, std::string note);
DraftColumn& col(TableGuess& t, std::size_t i);
void set_role(TableGuess& t, std::size_t i, std::string role, std::string why);
/// Every column but the id, key, stage and stage dates becomes an attribute.
void choose_attributes(TableGuess& t);
/// The type column @p i is declared with: a forced one (a join is a string) or the profiled one.
std::string type_of(const TableGuess& t, std::size_t i);
/// Wide tables: the stage each date column says was entered.
void guess_stage_dates(TableGuess& t);

}  // namespace modelfunnel::internal::draft
