// The synthetic accounts; see synthetic_accounts.hpp. The shapes follow
// bench/gen_accounts.py (which the tiering benchmark uses): Maven's sector
// misspelling (`technolgy`) and odd case, about 2% blank sectors, employees
// and revenue, lognormal sizes, owners rep1..repK; contacts with roles in
// odd case and a few blank, touches by email, phone, event or linkedin.
// Some rows are wrong on purpose (an account or contact that does not
// exist, a repeated row: about 1% each) so that check_coverage() has
// something to count and leave out.
#include "synthetic/synthetic_accounts.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "util/civil_time.hpp"
#include "util/random.hpp"

namespace modelfunnel::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 12> kSectors = {
    "technolgy", "software", "Software", "telecommunications", "finance", "medical",
    "marketing", "services", "retail", "entertainment", "employment", "mining"};
constexpr std::array<std::string_view, 8> kCountries = {
    "United States", "Kenya", "Norway", "Chile", "Japan", "Germany", "Brazil", "India"};
constexpr std::array<std::string_view, 6> kRoles = {
    "decision maker", "Decision Maker", "champion", "influencer", "user", "User "};
// Email twice: the commonest touch.
constexpr std::array<std::string_view, 6> kChannels = {"email", "email", "phone", "event", "linkedin", "Phone"};
constexpr std::array<std::string_view, 5> kCampaigns = {
    "spring_launch", "webinar_q2", "industry_news", "summit_invite", "newsletter"};

// A file written through a buffer; the first error is kept for close().
class TextFile {
 public:
  absl::Status open(const fs::path& path) {
    path_ = path;
    file_.reset(std::fopen(path.c_str(), "wb"));
    if (!file_) return absl::ErrnoToStatus(errno, absl::StrCat("cannot create ", path.string()));
    buffer_.reserve(kFlushAt + 256);
    return absl::OkStatus();
  }
  std::string& text() { return buffer_; }
  // Call after each row.
  void row_done() {
    if (buffer_.size() >= kFlushAt) flush();
  }
  absl::Status close() {
    flush();
    if (std::fclose(file_.release()) != 0 && errno_ == 0) errno_ = errno != 0 ? errno : EIO;
    if (errno_ != 0) return absl::ErrnoToStatus(errno_, absl::StrCat("cannot write ", path_.string()));
    return absl::OkStatus();
  }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  void flush() {
    if (!buffer_.empty() && errno_ == 0 &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get()) != buffer_.size()) {
      errno_ = errno != 0 ? errno : EIO;
    }
    buffer_.clear();
  }
  fs::path path_;
  std::unique_ptr<std::FILE, Closer> file_;
  std::string buffer_;
  int errno_ = 0;
};

template <std::size_t N>
std::string_view pick(Random& rng, const std::array<std::string_view, N>& values) {
  return values[rng.below(N)];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// `acct` + the 0-based index, zero-padded to @p width.
std::string account_id(std::uint64_t index, int width) { return absl::StrFormat("acct%0*d", width, index); }

}  // namespace

absl::Status write_synthetic_accounts(const GenerateOptions& options, const fs::path& dir) {
  const std::uint64_t n = options.accounts;
  if (n == 0) return absl::OkStatus();
  int width = 7;
  for (std::uint64_t v = n; v >= 10'000'000; v /= 10) ++width;
  // One rep per 50 accounts, 1 to 200 of them.
  const std::uint64_t reps = std::clamp<std::uint64_t>((n + 49) / 50, 1, 200);

  std::uint64_t state = options.seed ^ 0xACC0'0A7C'0000'0000ull;
  Random rng(splitmix64(state));

  TextFile accounts;
  if (absl::Status st = accounts.open(dir / "accounts.csv"); !st.ok()) return st;
  accounts.text() += "account,sector,year_established,revenue,employees,office_location,subsidiary_of,owner\n";
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string& t = accounts.text();
    const std::string id = account_id(i, width);
    t += id;
    t += ',';
    if (rng.uniform() >= 0.02) t += pick(rng, kSectors);
    absl::StrAppend(&t, ",", 1950 + rng.below(71), ",");
    // Revenue in millions; employees a head count.
    if (rng.uniform() >= 0.02) absl::StrAppendFormat(&t, "%.2f", rng.lognormal(6.5, 1.2));
    t += ',';
    if (rng.uniform() >= 0.02) absl::StrAppend(&t, static_cast<std::uint64_t>(rng.lognormal(7.0, 1.5)));
    t += ',';
    t += pick(rng, kCountries);
    t += ',';
    // About 5% are subsidiaries of an earlier account (no loops).
    if (i > 0 && rng.uniform() < 0.05) t += account_id(rng.below(i), width);
    t += ',';
    if (rng.uniform() >= 0.02) absl::StrAppend(&t, "rep", 1 + rng.below(reps));
    t += '\n';
    accounts.row_done();
  }
  if (absl::Status st = accounts.close(); !st.ok()) return st;

  // Contacts and their touches are written in one pass: a contact's touches
  // follow it in activities.csv.
  TextFile contacts;
  if (absl::Status st = contacts.open(dir / "contacts.csv"); !st.ok()) return st;
  contacts.text() += "account_id,contact_id,role\n";
  TextFile activities;
  if (absl::Status st = activities.open(dir / "activities.csv"); !st.ok()) return st;
  activities.text() += "contact_id,time,channel,campaign\n";
  const std::int64_t first_day = floor_div(options.start.micros(), 1'000'000 * kSecondsPerDay);
  std::string contact;
  std::string row;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t count = rng.below(9);  // 0..8 contacts
    for (std::uint64_t k = 0; k < count; ++k) {
      contact = absl::StrCat("c", account_id(i, width).substr(4), "_", k);
      row.clear();
      if (rng.uniform() >= 0.01) {
        row += account_id(i, width);
      } else {
        absl::StrAppendFormat(&row, "gone%04d", rng.below(100));
      }
      absl::StrAppend(&row, ",", contact, ",");
      if (rng.uniform() >= 0.05) row += pick(rng, kRoles);
      row += '\n';
      contacts.text() += row;
      if (rng.uniform() < 0.01) contacts.text() += row;
      contacts.row_done();

      const std::uint64_t touches = rng.below(7);  // 0..6 touches
      for (std::uint64_t j = 0; j < touches; ++j) {
        row.clear();
        row += rng.uniform() >= 0.01 ? std::string_view(contact) : std::string_view("unknown_contact");
        const std::int64_t day = first_day + static_cast<std::int64_t>(rng.below(options.span_days));
        const CivilDay d = civil_from_days(day);
        absl::StrAppendFormat(&row, ",%04d-%02d-%02dT%02d:00:00Z,", d.year, d.month, d.day, 8 + rng.below(10));
        const std::string_view channel = pick(rng, kChannels);
        row += channel;
        row += ',';
        if ((channel == "email" || channel == "event") && rng.uniform() < 0.7) row += pick(rng, kCampaigns);
        row += '\n';
        activities.text() += row;
        if (rng.uniform() < 0.01) activities.text() += row;
        activities.row_done();
      }
    }
  }
  if (absl::Status st = contacts.close(); !st.ok()) return st;
  return activities.close();
}

}  // namespace modelfunnel::internal
