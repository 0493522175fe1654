// Scenario files (docs/revenue.md, "Scenario files"): JSON with comments,
// strict keys, every error naming its JSON path and rule id; and applying a
// scenario over a base model.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "modelfunnel/revenue.hpp"
#include "util/json_path.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

using Json = nlohmann::json;
using internal::json_index_path;
using internal::json_key_path;

/// A problem at a JSON path; thrown inside this file only.
struct ScenarioError {
  std::string path, rule, message;
};

[[noreturn]] void fail(std::string path, std::string rule, std::string message) {
  throw ScenarioError{std::move(path), std::move(rule), std::move(message)};
}

void only_keys(const Json& j, const std::string& path, std::initializer_list<std::string_view> keys) {
  if (!j.is_object()) fail(path, "scenario.type", absl::StrCat("expected an object, found ", j.type_name()));
  for (const auto& item : j.items())
    if (std::find(keys.begin(), keys.end(), item.key()) == keys.end())
      fail(json_key_path(path, item.key()), "scenario.unknown_key",
           absl::StrCat("unknown key (expected one of ", absl::StrJoin(std::vector<std::string>(keys.begin(), keys.end()), ", "), ")"));
}

double number(const Json& j, const std::string& path) {
  if (!j.is_number()) fail(path, "scenario.type", absl::StrCat("expected a number, found ", j.type_name()));
  const double v = j.get<double>();
  if (!std::isfinite(v)) fail(path, "scenario.finite", "expected a finite number");
  return v;
}

std::uint64_t count(const Json& j, const std::string& path) {
  if (!j.is_number_unsigned()) fail(path, "scenario.type", "expected a whole number, 0 or more");
  return j.get<std::uint64_t>();
}

std::string text(const Json& j, const std::string& path) {
  if (!j.is_string() || j.get_ref<const std::string&>().empty())
    fail(path, "scenario.type", absl::StrCat("expected a non-empty string, found ", j.type_name()));
  return j.get<std::string>();
}

/// A number or a non-empty list of numbers, each in [lo, ∞).
std::vector<double> numbers(const Json& j, const std::string& path, double lo, bool open_low,
                            const char* rule, const char* what) {
  std::vector<double> out;
  auto one = [&](const Json& v, const std::string& p) {
    const double x = number(v, p);
    if (open_low ? !(x > lo) : !(x >= lo))
      fail(p, rule, absl::StrCat(what, " must be ", open_low ? "above " : "at least ", lo, "; got ", x));
    out.push_back(x);
  };
  if (j.is_array()) {
    if (j.empty()) fail(path, rule, absl::StrCat("expected at least one ", what));
    if (j.size() > 10'000'000) fail(path, rule, "too many values");
    for (std::size_t i = 0; i < j.size(); ++i) one(j[i], json_index_path(path, i));
  } else {
    one(j, path);
  }
  return out;
}

/// A segment mix: an object of segment name -> share in [0, 1], the shares
/// summing to 1 within 1e-9.
std::vector<std::pair<std::string, double>> read_mix(const Json& j, const std::string& path) {
  if (!j.is_object() || j.empty())
    fail(path, "scenario.mix", absl::StrCat("expected an object of segment: share, found ", j.is_object() ? "an empty one" : j.type_name()));
  std::vector<std::pair<std::string, double>> mix;
  double sum = 0;
  for (const auto& item : j.items()) {
    const std::string p = json_key_path(path, item.key());
    const double share = number(item.value(), p);
    if (!(share >= 0 && share <= 1)) fail(p, "scenario.mix", absl::StrCat("a share must be in [0, 1]; got ", share));
    mix.emplace_back(item.key(), share);
    sum += share;
  }
  if (std::abs(sum - 1) > 1e-9)
    fail(path, "scenario.mix", absl::StrCat("the shares sum to ", sum, "; they must sum to 1 (within 1e-9)"));
  return mix;
}

RevenueScenario read(const Json& root) {
  only_keys(root, "$", {"version", "name", "steps", "deal_size", "lag_days", "pipeline", "uncertainty", "mix"});
  if (!root.contains("version")) fail("$", "scenario.version", "missing key \"version\" (this reader reads version 1)");
  if (!root["version"].is_number_unsigned() || root["version"].get<std::uint64_t>() != 1)
    fail("$.version", "scenario.version", "unsupported version (this reader reads version 1)");
  RevenueScenario s;
  if (root.contains("name")) s.name = text(root["name"], "$.name");
  if (root.contains("steps")) {
    const Json& steps = root["steps"];
    if (!steps.is_array() || steps.empty()) fail("$.steps", "scenario.steps", "expected a non-empty list of steps");
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string p = json_index_path("$.steps", i);
      const Json& j = steps[i];
      only_keys(j, p, {"from", "to", "rate", "converted", "of"});
      RevenueStep st;
      if (!j.contains("from") || !j.contains("to")) fail(p, "scenario.step_stages", "a step needs \"from\" and \"to\"");
      st.from = text(j["from"], p + ".from");
      st.to = text(j["to"], p + ".to");
      const bool rate = j.contains("rate"), counts = j.contains("converted") || j.contains("of");
      if (rate == counts)
        fail(p, "scenario.step_rate", "give either \"rate\" or \"converted\" and \"of\"");
      if (rate) {
        st.rate = number(j["rate"], p + ".rate");
        if (!(st.rate > 0 && st.rate <= 1)) fail(p + ".rate", "scenario.rate_range", absl::StrCat("a rate must be in (0, 1]; got ", st.rate));
      } else {
        if (!j.contains("converted") || !j.contains("of")) fail(p, "scenario.step_rate", "give both \"converted\" and \"of\"");
        st.converted = count(j["converted"], p + ".converted");
        st.trials = count(j["of"], p + ".of");
        if (st.trials == 0 || st.converted == 0 || st.converted > st.trials)
          fail(p, "scenario.rate_range", "need 0 < converted <= of");
        st.rate = static_cast<double>(st.converted) / static_cast<double>(st.trials);
      }
      for (std::size_t k = 0; k < s.steps.size(); ++k)
        if (s.steps[k].from == st.from && s.steps[k].to == st.to)
          fail(p, "scenario.duplicate_step", absl::StrCat("the step ", st.from, " -> ", st.to, " is given twice"));
      s.steps.push_back(std::move(st));
    }
  }
  if (root.contains("deal_size"))
    s.deal_sizes = numbers(root["deal_size"], "$.deal_size", 0, true, "scenario.deal_size", "a deal size");
  if (root.contains("lag_days")) {
    const Json& lags = root["lag_days"];
    if (!lags.is_object()) fail("$.lag_days", "scenario.type", "expected an object of stage: days");
    for (const auto& item : lags.items()) {
      const std::string path = json_key_path("$.lag_days", item.key());
      std::vector<double> days = numbers(item.value(), path, 0, false, "scenario.lag", "a lag");
      // A century: beyond it a date window is no plan (and overflows a timestamp).
      for (std::size_t i = 0; i < days.size(); ++i)
        if (days[i] > 36'500)
          fail(item.value().is_array() ? json_index_path(path, i) : path, "scenario.lag",
               absl::StrCat("a lag must be at most 36500 days (a century); got ", days[i]));
      s.lag_days.emplace_back(item.key(), std::move(days));
    }
  }
  if (root.contains("pipeline")) {
    const Json& pipe = root["pipeline"];
    if (!pipe.is_array()) fail("$.pipeline", "scenario.type", "expected a list of open deals");
    std::vector<OpenDeal> deals;
    for (std::size_t i = 0; i < pipe.size(); ++i) {
      const std::string p = json_index_path("$.pipeline", i);
      const Json& j = pipe[i];
      only_keys(j, p, {"stage", "amount", "age_days", "probability", "count"});
      if (!j.contains("stage") || !j.contains("amount"))
        fail(p, "scenario.deal", "an open deal needs \"stage\" and \"amount\"");
      OpenDeal d;
      d.stage = text(j["stage"], p + ".stage");
      d.amount = number(j["amount"], p + ".amount");
      if (!(d.amount >= 0)) fail(p + ".amount", "scenario.deal", "an amount must be 0 or more");
      if (j.contains("age_days")) {
        d.age_days = number(j["age_days"], p + ".age_days");
        if (d.age_days < 0) fail(p + ".age_days", "scenario.deal", "an age must be 0 or more");
      }
      if (j.contains("probability")) {
        d.probability = number(j["probability"], p + ".probability");
        if (d.probability < 0 || d.probability > 1)
          fail(p + ".probability", "scenario.deal", "a probability must be in [0, 1]");
      }
      std::uint64_t n = 1;
      if (j.contains("count")) {
        n = count(j["count"], p + ".count");
        if (n == 0 || n > 10'000'000) fail(p + ".count", "scenario.deal", "a count must be 1 to 10,000,000");
      }
      if (deals.size() + n > 10'000'000) fail(p, "scenario.deal", "more than 10,000,000 open deals");
      deals.insert(deals.end(), n, d);
    }
    s.pipeline = std::move(deals);
  }
  if (root.contains("uncertainty")) {
    if (!root["uncertainty"].is_boolean()) fail("$.uncertainty", "scenario.type", "expected true or false");
    s.uncertainty = root["uncertainty"].get<bool>();
  }
  if (root.contains("mix")) s.mix = read_mix(root["mix"], "$.mix");
  return s;
}

absl::Status syntax_error(std::string_view json, const Json::parse_error& e) {
  const std::size_t offset = std::min(e.byte == 0 ? 0 : e.byte - 1, json.size());
  const std::string_view before = json.substr(0, offset);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t nl = before.rfind('\n');
  const std::size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
  std::string what = e.what();
  const std::size_t colon = what.find(": ", what.find("column"));
  if (colon != std::string::npos) what = what.substr(colon + 2);
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ", column ", offset - line_start + 1, ": ", what));
}

void dismantle(Json& j) noexcept {
  if (j.is_object()) {
    for (auto& item : j.items()) dismantle(item.value());
    j.get_ref<Json::object_t&>().clear();
  } else if (j.is_array()) {
    for (Json& child : j) dismantle(child);
    j.get_ref<Json::array_t&>().clear();
  }
}

struct Dismantled {
  Json& j;
  ~Dismantled() { dismantle(j); }
};

template <class Reader>
auto parse_with(std::string_view text, Reader reader) -> absl::StatusOr<decltype(reader(Json()))> {
  try {
    Json root;
    const Dismantled dismantled{root};
    try {
      internal::JsonPathTracker guard([](const std::string& path, internal::JsonProblem problem) {
        if (problem == internal::JsonProblem::kTooDeep)
          fail(path, "scenario.depth", "nested too deeply for a scenario file");
        fail(path, "scenario.duplicate_key", "duplicate key");
      }, 8);
      root = Json::parse(text.begin(), text.end(), std::ref(guard), true, true);
    } catch (const Json::parse_error& e) {
      return syntax_error(text, e);
    } catch (const Json::exception& e) {
      std::string what = e.what();
      const std::size_t start = what.find("] ");
      return absl::InvalidArgumentError("invalid JSON: " + (start == std::string::npos ? what : what.substr(start + 2)));
    }
    return reader(root);
  } catch (const ScenarioError& e) {
    return absl::InvalidArgumentError(absl::StrCat(e.path, ": ", e.message, " [", e.rule, "]"));
  }
}

absl::StatusOr<RevenueScenario> parse(std::string_view text) { return parse_with(text, read); }

absl::StatusOr<RevenueModel> apply(const std::optional<RevenueModel>& base, const RevenueScenario& s,
                                   const StageGraph& graph) {
  const auto bad = [](std::string m) { return absl::InvalidArgumentError(std::move(m)); };
  RevenueModel m;
  if (base) {
    m = *base;
    for (const RevenueStep& st : s.steps) {
      auto it = std::find_if(m.steps.begin(), m.steps.end(),
                             [&](const RevenueStep& x) { return x.from == st.from && x.to == st.to; });
      if (it == m.steps.end())
        return bad(absl::StrCat("scenario ", s.name, ": the step ", st.from, " -> ", st.to,
                                " is not on the measured main path (", absl::StrJoin(m.stages, " -> "), ")"));
      *it = st;
    }
    m.source = absl::StrCat(m.source, ", scenario ", s.name.empty() ? "(unnamed)" : s.name);
  } else {
    if (s.steps.empty()) return bad(absl::StrCat("scenario ", s.name, ": without data it must give \"steps\""));
    if (s.deal_sizes.empty()) return bad(absl::StrCat("scenario ", s.name, ": without data it must give \"deal_size\""));
    m.stages.push_back(s.steps[0].from);
    for (std::size_t i = 0; i < s.steps.size(); ++i) {
      if (s.steps[i].from != m.stages.back())
        return bad(absl::StrCat("scenario ", s.name, ": $.steps[", i, "] starts at ", s.steps[i].from,
                                " but the previous step ended at ", m.stages.back(), " (steps must form a chain)"));
      if (std::find(m.stages.begin(), m.stages.end(), s.steps[i].to) != m.stages.end())
        return bad(absl::StrCat("scenario ", s.name, ": $.steps[", i, "] returns to ", s.steps[i].to));
      m.stages.push_back(s.steps[i].to);
    }
    m.steps = s.steps;
    for (const std::string& id : m.stages) m.teams.push_back(absl::StrJoin(graph.teams_of(id), "|"));
    m.lag_days.assign(m.stages.size(), {});
    m.source = absl::StrCat("scenario ", s.name.empty() ? "(unnamed)" : s.name);
  }
  if (!s.deal_sizes.empty()) m.deal_sizes = s.deal_sizes;
  for (const auto& [stage, lags] : s.lag_days) {
    auto it = std::find(m.stages.begin(), m.stages.end(), stage);
    if (it == m.stages.end())
      return bad(absl::StrCat("scenario ", s.name, ": $.lag_days.", stage, ": no such stage on the path (",
                              absl::StrJoin(m.stages, " -> "), ")"));
    m.lag_days[static_cast<std::size_t>(it - m.stages.begin())] = lags;
  }
  if (s.pipeline) {
    for (std::size_t i = 0; i < s.pipeline->size(); ++i)
      if (std::find(m.stages.begin(), m.stages.end() - 1, (*s.pipeline)[i].stage) == m.stages.end() - 1)
        return bad(absl::StrCat("scenario ", s.name, ": $.pipeline[", i, "].stage: '", (*s.pipeline)[i].stage,
                                "' is not an open stage of the path"));
    m.pipeline = *s.pipeline;
  }
  if (s.uncertainty) m.uncertainty = *s.uncertainty;
  return m;
}

}  // namespace

absl::StatusOr<RevenueScenario> parse_revenue_scenario(std::string_view json) {
  return internal::no_throw("parse_revenue_scenario", [&] { return parse(json); });
}

absl::StatusOr<std::vector<std::pair<std::string, double>>> parse_revenue_mix(std::string_view json) {
  return internal::no_throw("parse_revenue_mix", [&] {
    return parse_with(json, [](const Json& root) { return read_mix(root, "$"); });
  });
}

absl::StatusOr<RevenueScenario> load_revenue_scenario_file(const std::filesystem::path& path) {
  return internal::no_throw("load_revenue_scenario_file", [&]() -> absl::StatusOr<RevenueScenario> {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) return absl::NotFoundError(absl::StrCat(path.string(), ": no such file"));
      return absl::FailedPreconditionError(absl::StrCat(path.string(), ": cannot be read"));
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    auto s = parse(buf.str());
    if (!s.ok()) return absl::InvalidArgumentError(absl::StrCat(path.string(), ": ", s.status().message()));
    if (s->name.empty()) s->name = path.stem().string();
    return s;
  });
}

absl::StatusOr<RevenueModel> apply_scenario(const std::optional<RevenueModel>& base, const RevenueScenario& scenario,
                                            const StageGraph& graph) {
  return internal::no_throw("apply_scenario", [&] { return apply(base, scenario, graph); });
}

}  // namespace modelfunnel
