// Touches and campaigns: the marketing side of a data set, kept beside the
// stage events for attribution to read. Few compared to events (a handful
// per record), so they are rows, sorted once at finish() with a stable
// sort rather than the events' columnar counting sort.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "model/dataset_impl.hpp"
#include "modelfunnel/dataset.hpp"

namespace modelfunnel {
namespace internal {

void sort_touches(DataSetImpl& impl) {
  TouchStore& t = impl.touches;
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const TouchStore::Row& a, const TouchStore::Row& b) {
    return a.record != b.record ? a.record < b.record : a.time < b.time;
  });
  const std::size_t records = impl.record_ids.size();
  t.record_begin.assign(records + 1, 0);
  for (const TouchStore::Row& r : t.rows) ++t.record_begin[r.record + 1];
  for (std::size_t i = 1; i <= records; ++i) t.record_begin[i] += t.record_begin[i - 1];
}

}  // namespace internal

namespace {
std::optional<std::string_view> text(const internal::StringDictionary& d, std::uint32_t code) {
  if (code == internal::kMissingCode) return std::nullopt;
  return std::string_view(d[code]);
}
}  // namespace

std::size_t DataSet::touch_count() const { return impl_->touches.rows.size(); }

Touch DataSet::touch(std::size_t i) const {
  const internal::TouchStore& t = impl_->touches;
  const internal::TouchStore::Row& r = t.rows[i];
  Touch out;
  out.record = r.record;
  out.time = Timestamp::from_micros(r.time);
  if (r.campaign != internal::kMissingCode) out.campaign = std::string_view(impl_->campaigns.ids[r.campaign]);
  out.channel = text(t.texts, r.channel);
  out.interaction = text(t.texts, r.interaction);
  if (r.cost) out.cost = Amount::from_scaled(*r.cost);
  out.utm_source = text(t.texts, r.utm_source);
  out.utm_medium = text(t.texts, r.utm_medium);
  out.utm_campaign = text(t.texts, r.utm_campaign);
  return out;
}

std::pair<std::size_t, std::size_t> DataSet::touches_of(RecordIndex r) const {
  const auto& begin = impl_->touches.record_begin;
  if (begin.empty()) return {0, 0};  // a data set with no records finished
  return {begin[r], begin[r + 1]};
}

std::size_t DataSet::campaign_count() const { return impl_->campaigns.ids.size(); }

Campaign DataSet::campaign(std::size_t i) const {
  const internal::CampaignStore& c = impl_->campaigns;
  const auto code = static_cast<std::uint32_t>(i);
  const internal::CampaignStore::Info& info = c.info[i];
  Campaign out;
  out.id = c.ids[code];
  out.name = text(impl_->touches.texts, info.name);
  out.type = text(impl_->touches.texts, info.type);
  if (info.cost) out.cost = Amount::from_scaled(*info.cost);
  if (info.start) out.start = Timestamp::from_micros(*info.start);
  return out;
}

std::optional<std::size_t> DataSet::find_campaign(std::string_view id) const {
  auto c = impl_->campaigns.ids.find(id);
  if (!c) return std::nullopt;
  return *c;
}

}  // namespace modelfunnel
