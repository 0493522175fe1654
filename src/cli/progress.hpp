// A progress line on stderr for long loads and generations.
//
// Only when stderr is a terminal: in pipes, files and CI nothing is printed,
// so logs stay clean. Nothing appears for work done within half a second,
// the line is redrawn at most ten times a second, and finish() (or the
// destructor) erases it, leaving the terminal as it was.
//
//   Progress p("loading", Progress::Unit::kBytes);
//   options.progress = p.callback();
//   … long work …
//   p.finish();
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace modelfunnel::cli {

class Progress {
 public:
  /// What the counts passed to update() measure.
  enum class Unit { kBytes, kLeads };

  Progress(std::string label, Unit unit);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Reports @p done of @p total.
  void update(std::uint64_t done, std::uint64_t total);
  /// Erases the line, if one was drawn.
  void finish();
  /// A callback for LoadOptions::progress / GenerateOptions::progress; valid
  /// while this object lives.
  std::function<void(std::uint64_t, std::uint64_t)> callback();

 private:
  std::string label_;
  Unit unit_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace modelfunnel::cli
