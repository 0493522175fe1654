// A streaming JSON writer for the library's own output documents: pretty
// printed with two-space indents (the layout nlohmann::json's dump(2)
// gives, so documents read the same as before), strings escaped, bytes that
// are not UTF-8 replaced by U+FFFD, doubles shortest round-trip and NaN or
// infinity as null. It builds no tree: a report with tens of thousands of
// groups costs its text and nothing more, and no destructor allocates (a
// tree's does), so running out of memory is an exception the caller can
// catch rather than a terminate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace modelfunnel::internal {

class JsonWriter {
 public:
  /// Opens an object (`{`); as a member of an object, after key().
  void begin_object() { open('{'); }
  /// Closes the innermost object.
  void end_object() { close('}'); }
  /// Opens an array (`[`).
  void begin_array() { open('['); }
  /// Closes the innermost array.
  void end_array() { close(']'); }
  /// The next member's key (inside an object).
  void key(std::string_view k);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(std::uint64_t v);
  void value(std::int64_t v);
  void value(double v);  ///< null when NaN or infinite
  void value(bool v);
  void null();

  /// The document so far (complete once every object and array is closed),
  /// with a final line end.
  std::string finish() &&;

 private:
  void open(char c);
  void close(char c);
  void before_value();
  void newline();

  std::string out_;
  // Per open container: whether it has a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

/// Appends @p s to @p out as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view s);

/// Appends the JSON text of @p v (finite) to @p out, as nlohmann::json
/// writes doubles: fixed notation for decimal exponents from -4 to 15 (with
/// ".0" on whole numbers), scientific otherwise, shortest round-trip digits.
void append_json_double(std::string& out, double v);

}  // namespace modelfunnel::internal
