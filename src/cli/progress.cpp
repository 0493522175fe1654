// The progress line; see progress.hpp.
#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace modelfunnel::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kDelay = std::chrono::milliseconds(500);
constexpr auto kInterval = std::chrono::milliseconds(100);

}  // namespace

Progress::Progress(std::string label, Unit unit)
    : label_(std::move(label)), unit_(unit), enabled_(isatty(STDERR_FILENO) == 1),
      start_(Clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < kDelay || (drawn_ && now - last_draw_ < kInterval)) return;
  last_draw_ = now;
  drawn_ = true;
  const double pct = total == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total);
  // \r and "erase to end of line" redraw in place whatever the previous line was.
  if (unit_ == Unit::kBytes) {
    std::fprintf(stderr, "\r\033[K%s %3.0f%% (%.1f of %.1f MB)", label_.c_str(), pct,
                 static_cast<double>(done) / 1e6, static_cast<double>(total) / 1e6);
  } else {
    std::fprintf(stderr, "\r\033[K%s %3.0f%% (%llu of %llu leads)", label_.c_str(), pct,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  }
  std::fflush(stderr);
}

void Progress::finish() {
  enabled_ = false;
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

std::function<void(std::uint64_t, std::uint64_t)> Progress::callback() {
  return [this](std::uint64_t done, std::uint64_t total) { update(done, total); };
}

}  // namespace modelfunnel::cli
