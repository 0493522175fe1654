// Helpers for the loading tests: a scratch folder for hand-made CSV files,
// and a readable text form of records and events to compare against.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <variant>
#include <vector>

#include "modelfunnel/amount.hpp"
#include "modelfunnel/load.hpp"
#include "modelfunnel/timestamp.hpp"

namespace mf_test {

/// A fresh folder under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("mf_load_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// Writes @p content byte for byte (no newline translation) to @p name.
  std::filesystem::path write(const std::string& name, std::string_view content) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  /// The path of @p name in this folder, as load() reports it.
  std::string file(const std::string& name) const { return (path_ / name).lexically_normal().string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Parses @p json with @p dir as the mapping's folder and loads it.
inline absl::StatusOr<modelfunnel::LoadResult> load_json(const TempDir& dir, std::string_view json,
                                                        const modelfunnel::LoadOptions& options = {}) {
  auto mapping = modelfunnel::Mapping::from_json(json, dir.path());
  if (!mapping.ok()) return mapping.status();
  return modelfunnel::load(*mapping, options);
}

/// `stage@time` (ISO, or `-` when undated), then ` $amount`, ` why=reason`,
/// ` by=actor` when present.
inline std::string describe(const modelfunnel::DataSet& ds, const modelfunnel::Event& e) {
  std::string s = ds.stage_names()[e.stage] + "@" +
                  (e.time ? modelfunnel::format_timestamp(*e.time) : std::string("-"));
  if (e.amount) s += " $" + modelfunnel::format_amount(*e.amount);
  if (e.reason) s += " why=" + std::string(*e.reason);
  if (e.actor) s += " by=" + std::string(*e.actor);
  return s;
}

/// The events of record @p id, described, in data-set order.
inline std::vector<std::string> events_of(const modelfunnel::DataSet& ds, std::string_view id) {
  std::vector<std::string> out;
  auto r = ds.find_record(id);
  if (!r) return {"<no record>"};
  auto [first, last] = ds.events_of(*r);
  for (std::size_t i = first; i < last; ++i) out.push_back(describe(ds, ds.event(i)));
  return out;
}

/// Attribute @p name of record @p id as text: `<missing>`, `<no record>`,
/// `<no attribute>`, or the value (timestamps ISO, bools true/false).
inline std::string attr(const modelfunnel::DataSet& ds, std::string_view name, std::string_view id) {
  auto r = ds.find_record(id);
  if (!r) return "<no record>";
  auto col = ds.find_attribute(name);
  if (!col) return "<no attribute>";
  const modelfunnel::AttributeValue v = col->value(*r);
  if (std::holds_alternative<std::monostate>(v)) return "<missing>";
  if (auto s = std::get_if<std::string_view>(&v)) return std::string(*s);
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) {
    std::ostringstream o;
    o << *d;
    return o.str();
  }
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return modelfunnel::format_timestamp(std::get<modelfunnel::Timestamp>(v));
}

}  // namespace mf_test
