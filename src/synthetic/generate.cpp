// generate_csv() and generate_dataset(): two sinks over the one generation
// loop in synthetic_funnel.cpp.
//
// The CSV sink formats rows by hand into a 1 MiB buffer (a million leads are
// ~155 MB of text; stdio formatting would dominate the run). The DataSet sink
// fills a DataSetBuilder through the public API (only reserving capacity in
// its storage first), adding events in the same order a loader reads them
// from events.csv, which is what makes generate_dataset() equal to
// load(Mapping::canonical(dir)) — stage codes and dictionaries included.
#include "modelfunnel/generate.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "util/civil_time.hpp"
#include "model/dataset_impl.hpp"
#include "synthetic/synthetic_accounts.hpp"
#include "synthetic/synthetic_event_log.hpp"
#include "synthetic/synthetic_funnel.hpp"
#include "synthetic/synthetic_touches.hpp"
#include "util/no_throw.hpp"

namespace modelfunnel {
namespace {

namespace fs = std::filesystem;
using internal::kSynthChannels;
using internal::kSynthIndustries;
using internal::kSynthReasons;
using internal::kSynthSegments;
using internal::kSynthStages;
using internal::SynthEvent;
using internal::SynthLead;

// Longest row either file can have (ids of 10 digits, 4-digit years and
// 64-bit numbers included), so a row never straddles a buffer flush.
constexpr std::size_t kMaxRow = 256;

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* put_uint(char* p, std::uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) *p++ = digits[--n];
  return p;
}

char* put_int(char* p, std::int64_t v) {
  if (v < 0) {
    *p++ = '-';
    return put_uint(p, 0 - static_cast<std::uint64_t>(v));
  }
  return put_uint(p, static_cast<std::uint64_t>(v));
}

// @p v zero-padded to at least @p width digits.
char* put_padded(char* p, std::uint64_t v, int width) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (int i = n; i < width; ++i) *p++ = '0';
  while (n > 0) *p++ = digits[--n];
  return p;
}

// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds; remembers the last day because
// consecutive rows are almost always on the same one.
class TimeText {
 public:
  char* put(char* p, std::int64_t ts) {
    std::int64_t day = ts / internal::kSecondsPerDay;
    std::int64_t sec = ts % internal::kSecondsPerDay;
    if (sec < 0) {
      sec += internal::kSecondsPerDay;
      --day;
    }
    if (day != day_) {
      const internal::CivilDay d = internal::civil_from_days(day);
      char* q = put_padded(date_, static_cast<std::uint64_t>(d.year), 4);
      *q++ = '-';
      q = put_padded(q, d.month, 2);
      *q++ = '-';
      put_padded(q, d.day, 2);
      day_ = day;
    }
    p = modelfunnel::put(p, std::string_view(date_, 10));
    *p++ = 'T';
    p = put_padded(p, static_cast<std::uint64_t>(sec / 3600), 2);
    *p++ = ':';
    p = put_padded(p, static_cast<std::uint64_t>(sec / 60 % 60), 2);
    *p++ = ':';
    p = put_padded(p, static_cast<std::uint64_t>(sec % 60), 2);
    *p++ = 'Z';
    return p;
  }

 private:
  std::int64_t day_ = std::numeric_limits<std::int64_t>::min();
  char date_[10] = {};
};

// A file written through one large buffer. The first write error is kept
// and reported by close().
class BufferedFile {
 public:
  absl::Status open(const fs::path& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) return error("cannot create");
    return absl::OkStatus();
  }
  ~BufferedFile() {
    if (file_ != nullptr) std::fclose(file_);
  }

  // Room for one row; finish it with commit().
  char* row() {
    if (used_ + kMaxRow > kSize) flush();
    return buffer_.get() + used_;
  }
  void commit(char* end) { used_ = static_cast<std::size_t>(end - buffer_.get()); }

  absl::Status close() {
    flush();
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0 && errno_ == 0) errno_ = errno;
    if (errno_ != 0) {
      errno = errno_;
      return error("cannot write");
    }
    return absl::OkStatus();
  }

 private:
  static constexpr std::size_t kSize = std::size_t{1} << 20;

  void flush() {
    if (used_ != 0 && errno_ == 0 && std::fwrite(buffer_.get(), 1, used_, file_) != used_) {
      errno_ = errno != 0 ? errno : EIO;
    }
    used_ = 0;
  }
  absl::Status error(const char* what) const {
    const int e = errno;
    return absl::ErrnoToStatus(e, absl::StrCat(what, " ", path_.string()));
  }

  fs::path path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buffer_ = std::make_unique<char[]>(kSize);
  std::size_t used_ = 0;
  int errno_ = 0;
};

// `L` + the 1-based number, zero-padded.
char* put_lead_id(char* p, std::uint64_t index, int width) {
  *p++ = 'L';
  return put_padded(p, index + 1, width);
}

class CsvSink final : public internal::FunnelSink {
 public:
  CsvSink(BufferedFile& leads, BufferedFile& touches, int id_width, std::uint64_t seed)
      : leads_(leads), touches_(touches), id_width_(id_width),
        maker_(seed, [this](const internal::SynthTouch& t) { write_touch(t); }) {}

  void lead(const SynthLead& l) override {
    maker_.lead(l);
    char* p = leads_.row();
    p = put_lead_id(p, l.index, id_width_);
    *p++ = ',';
    p = time_.put(p, l.created);
    *p++ = ',';
    p = put(p, kSynthChannels[l.channel]);
    p = put(p, ",C");
    p = put_padded(p, l.campaign, 3);
    *p++ = ',';
    p = put(p, kSynthSegments[l.segment]);
    *p++ = ',';
    p = put(p, kSynthIndustries[l.industry]);
    *p++ = ',';
    p = put_int(p, l.employees);
    p = put(p, l.budget_ok ? ",1" : ",0");
    p = put(p, l.authority_ok ? ",1" : ",0");
    p = put(p, l.need_ok ? ",1" : ",0");
    *p++ = ',';
    p = put_int(p, l.timeline_days);
    p = put(p, ",SDR");
    p = put_padded(p, l.owner_sdr, 2);
    *p++ = '\n';
    leads_.commit(p);
  }

  void event(const SynthEvent& e) override {
    maker_.event(e);
    log_.add(e);
  }

  /// Writes the last lead's touches; call after the funnel is generated.
  void finish_touches() { maker_.finish(); }

  void write_events(BufferedFile& out) {
    log_.replay_in_time_order([&](const SynthEvent& e) {
      char* p = out.row();
      p = put_lead_id(p, e.lead, id_width_);
      *p++ = ',';
      p = put(p, kSynthStages[e.stage]);
      *p++ = ',';
      p = time_.put(p, e.ts);
      *p++ = ',';
      if (e.cents >= 0) {
        p = put_int(p, e.cents / 100);
        *p++ = '.';
        p = put_padded(p, static_cast<std::uint64_t>(e.cents % 100), 2);
      }
      *p++ = ',';
      if (e.reason >= 0) p = put(p, kSynthReasons[static_cast<std::size_t>(e.reason)]);
      *p++ = '\n';
      out.commit(p);
    });
  }

  /// campaigns.csv's rows: the 200 campaigns, their channel as type, cost, start.
  static void write_campaigns(BufferedFile& out, Timestamp start) {
    TimeText time;
    for (std::uint16_t c = 1; c <= 200; ++c) {
      char* p = out.row();
      p = put(p, "C");
      p = put_padded(p, c, 3);
      p = put(p, ",");
      p = put(p, kSynthChannels[internal::synth_campaign_channel(c)]);
      p = put(p, " ");
      p = put_padded(p, c, 3);
      *p++ = ',';
      p = put(p, kSynthChannels[internal::synth_campaign_channel(c)]);
      *p++ = ',';
      p = put_int(p, internal::synth_campaign_cost(c));
      *p++ = ',';
      p = time.put(p, start.micros() / 1'000'000);
      *p++ = '\n';
      out.commit(p);
    }
  }

 private:
  void write_touch(const internal::SynthTouch& t) {
    char* p = touches_.row();
    p = put_lead_id(p, t.lead, id_width_);
    *p++ = ',';
    p = touch_time_.put(p, t.ts);
    p = put(p, ",C");
    p = put_padded(p, t.campaign, 3);
    *p++ = ',';
    const std::uint8_t ch = internal::synth_campaign_channel(t.campaign);
    p = put(p, kSynthChannels[ch]);
    *p++ = ',';
    p = put(p, internal::kSynthInteractions[ch]);
    *p++ = ',';
    if (t.cents >= 0) {
      p = put_int(p, t.cents / 100);
      *p++ = '.';
      p = put_padded(p, static_cast<std::uint64_t>(t.cents % 100), 2);
    }
    *p++ = '\n';
    touches_.commit(p);
  }

  BufferedFile& leads_;
  BufferedFile& touches_;
  int id_width_;
  TimeText time_;
  TimeText touch_time_;
  internal::SyntheticEventLog log_;
  internal::SynthTouchMaker maker_;
};

// Fills a builder with the columns and types the canonical mapping loads.
class DataSetSink final : public internal::FunnelSink {
 public:
  DataSetSink(std::uint64_t leads, int id_width, std::uint64_t seed, Timestamp start)
      : id_width_(id_width), start_(start),
        maker_(seed, [this](const internal::SynthTouch& t) { add_touch(t); }) {
    static constexpr AttributeType kTypes[] = {
        AttributeType::kTimestamp, AttributeType::kString, AttributeType::kString,
        AttributeType::kString,    AttributeType::kString, AttributeType::kInt64,
        AttributeType::kBool,      AttributeType::kBool,   AttributeType::kBool,
        AttributeType::kInt64,     AttributeType::kString};
    for (std::size_t i = 0; i < internal::kSynthLeadColumns.size(); ++i) {
      // Only running out of memory can fail here; it fails the builder,
      // whose finish() then reports it.
      columns_[i] = builder_.add_attribute(internal::kSynthLeadColumns[i], kTypes[i]).value_or(0);
    }
    // The sizes are known, so grow nothing: only capacity is touched here,
    // the builder keeps filling the storage through its public API.
    internal::DataSetImpl& impl = internal::DataSetAccess::building(builder_);
    impl.record_ids.reserve(leads);
    for (internal::Column& c : impl.columns) {
      if (c.type == AttributeType::kString) {
        c.codes.reserve(leads);
      } else {
        if (c.type == AttributeType::kBool) c.bools.reserve(leads);
        else c.ints.reserve(leads);
        c.present.reserve(leads);
      }
    }
    for (int c = 1; c <= 200; ++c) campaigns_.push_back(absl::StrFormat("C%03d", c));
    for (int s = 1; s <= 40; ++s) sdrs_.push_back(absl::StrFormat("SDR%02d", s));
  }

  void lead(const SynthLead& l) override {
    maker_.lead(l);
    char id[32];
    const RecordIndex r =
        builder_.record(std::string_view(id, put_lead_id(id, l.index, id_width_) - id));
    const AttributeValue values[] = {
        Timestamp::from_seconds(l.created),
        kSynthChannels[l.channel],
        std::string_view(campaigns_[l.campaign - 1]),
        kSynthSegments[l.segment],
        kSynthIndustries[l.industry],
        l.employees,
        l.budget_ok,
        l.authority_ok,
        l.need_ok,
        l.timeline_days,
        std::string_view(sdrs_[l.owner_sdr - 1]),
    };
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      builder_.set_attribute(r, columns_[i], values[i]).IgnoreError();  // types match by construction
    }
  }

  void event(const SynthEvent& e) override {
    maker_.event(e);
    log_.add(e);
  }

  absl::StatusOr<DataSet> finish() && {
    maker_.finish();
    add_campaigns();
    internal::EventStore& store = internal::DataSetAccess::building(builder_).events;
    store.record.reserve(log_.size());
    store.stage.reserve(log_.size());
    store.time.reserve(log_.size());
    absl::Status status;
    log_.replay_in_time_order([&](const SynthEvent& e) {
      Event ev;
      ev.record = static_cast<RecordIndex>(e.lead);
      ev.stage = builder_.stage(kSynthStages[e.stage]);
      ev.time = Timestamp::from_seconds(e.ts);
      if (e.cents >= 0) ev.amount = Amount::from_scaled(e.cents * (Amount::kScale / 100));
      if (e.reason >= 0) ev.reason = kSynthReasons[static_cast<std::size_t>(e.reason)];
      if (status.ok()) status = builder_.add_event(ev);
    });
    if (!status.ok()) return status;
    return std::move(builder_).finish();
  }

 private:
  int id_width_;
  DataSetBuilder builder_;
  std::array<std::size_t, internal::kSynthLeadColumns.size()> columns_{};
  std::vector<std::string> campaigns_;
  std::vector<std::string> sdrs_;
  internal::SyntheticEventLog log_;
  Timestamp start_;
  internal::SynthTouchMaker maker_;

  // Interned in the order load() reads touches.csv (channel, interaction),
  // so that the data set equals the files loaded.
  void add_touch(const internal::SynthTouch& t) {
    internal::DataSetImpl& impl = internal::DataSetAccess::building(builder_);
    internal::TouchStore::Row row;
    row.record = static_cast<std::uint32_t>(t.lead);
    row.time = t.ts * 1'000'000;
    row.campaign = impl.campaigns.intern(campaigns_[t.campaign - 1]);
    const std::uint8_t ch = internal::synth_campaign_channel(t.campaign);
    row.channel = impl.touches.texts.intern(kSynthChannels[ch]);
    row.interaction = impl.touches.texts.intern(internal::kSynthInteractions[ch]);
    if (t.cents >= 0) row.cost = t.cents * (Amount::kScale / 100);
    impl.touches.rows.push_back(row);
  }

  // campaigns.csv, as load() reads it after touches.csv.
  void add_campaigns() {
    internal::DataSetImpl& impl = internal::DataSetAccess::building(builder_);
    for (std::uint16_t c = 1; c <= 200; ++c) {
      const std::uint32_t code = impl.campaigns.intern(campaigns_[c - 1]);
      internal::CampaignStore::Info& info = impl.campaigns.info[code];
      const std::string_view channel = kSynthChannels[internal::synth_campaign_channel(c)];
      info.name = impl.touches.texts.intern(std::string(channel) + " " + campaigns_[c - 1].substr(1));
      info.type = impl.touches.texts.intern(channel);
      info.cost = internal::synth_campaign_cost(c) * Amount::kScale;
      info.start = start_.micros() / 1'000'000 * 1'000'000;
    }
  }
};

}  // namespace

absl::Status generate_csv(const GenerateOptions& options, const fs::path& dir) {
  return internal::no_throw("generate_csv", [&]() -> absl::Status {
    if (absl::Status st = internal::validate(options); !st.ok()) return st;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      return absl::ErrnoToStatus(ec.value(), absl::StrCat("cannot create folder ", dir.string()));
    }
    BufferedFile leads;
    if (absl::Status st = leads.open(dir / "leads.csv"); !st.ok()) return st;
    char* p = leads.row();
    leads.commit(put(p,
                     "lead_id,created_at,channel,campaign,segment,industry,employees,"
                     "budget_ok,authority_ok,need_ok,timeline_days,owner_sdr\n"));
    BufferedFile touches;
    if (absl::Status st = touches.open(dir / "touches.csv"); !st.ok()) return st;
    p = touches.row();
    touches.commit(put(p, "lead_id,ts,campaign,channel,interaction,cost\n"));
    CsvSink sink(leads, touches, internal::lead_id_width(options.leads), options.seed);
    internal::generate_funnel(options, sink);
    sink.finish_touches();
    if (absl::Status st = leads.close(); !st.ok()) return st;
    if (absl::Status st = touches.close(); !st.ok()) return st;
    BufferedFile campaigns;
    if (absl::Status st = campaigns.open(dir / "campaigns.csv"); !st.ok()) return st;
    p = campaigns.row();
    campaigns.commit(put(p, "campaign,name,type,cost,start\n"));
    CsvSink::write_campaigns(campaigns, options.start);
    if (absl::Status st = campaigns.close(); !st.ok()) return st;

    BufferedFile events;
    if (absl::Status st = events.open(dir / "events.csv"); !st.ok()) return st;
    p = events.row();
    events.commit(put(p, "lead_id,stage,ts,amount,reason\n"));
    sink.write_events(events);
    if (absl::Status st = events.close(); !st.ok()) return st;
    return internal::write_synthetic_accounts(options, dir);
  });
}

absl::StatusOr<DataSet> generate_dataset(const GenerateOptions& options) {
  return internal::no_throw("generate_dataset", [&]() -> absl::StatusOr<DataSet> {
    if (absl::Status st = internal::validate(options); !st.ok()) return st;
    DataSetSink sink(options.leads, internal::lead_id_width(options.leads), options.seed, options.start);
    internal::generate_funnel(options, sink);
    return std::move(sink).finish();
  });
}

}  // namespace modelfunnel
