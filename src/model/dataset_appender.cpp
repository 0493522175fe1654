// The out-of-line calls of DataSetAppender (model/dataset_appender.hpp):
// reserving room ahead, once per table.
#include "model/dataset_appender.hpp"

#include "absl/strings/str_cat.h"

namespace modelfunnel::internal {

std::vector<PageRange> DataSetAppender::reserve_records(std::size_t n, std::size_t id_bytes,
                                                        const std::vector<std::size_t>& columns) {
  data_.record_ids.reserve(n, id_bytes);
  std::vector<PageRange> ranges = data_.record_ids.buffers();
  for (const std::size_t index : columns) {
    Column& c = data_.columns[index];
    if (c.type == AttributeType::kString) {
      reserve_huge(c.codes, n);
      ranges.push_back(range_of(c.codes));
      continue;
    }
    reserve_huge(c.present, n);
    ranges.push_back(range_of(c.present));
    if (c.type == AttributeType::kDouble) {
      reserve_huge(c.doubles, n);
      ranges.push_back(range_of(c.doubles));
    } else if (c.type == AttributeType::kBool) {
      reserve_huge(c.bools, n);
      ranges.push_back(range_of(c.bools));
    } else {
      reserve_huge(c.ints, n);
      ranges.push_back(range_of(c.ints));
    }
  }
  return ranges;
}

std::vector<PageRange> DataSetAppender::reserve_events(std::size_t n) {
  EventStore& ev = data_.events;
  reserve_huge(ev.record, n);
  reserve_huge(ev.stage, n);
  reserve_huge(ev.time, n);
  return {range_of(ev.record), range_of(ev.stage), range_of(ev.time)};
}

std::vector<PageRange> DataSetAppender::reserve_sort(std::size_t events, std::size_t records) {
  EventStore& ev = data_.events;
  reserve_huge(ev.sort_perm, events);
  reserve_huge(ev.sort_begin, records + 2);  // sort_events() counts in records + 2 slots
  return {range_of(ev.sort_perm), range_of(ev.sort_begin)};
}

absl::Status DataSetAppender::has_room_for_events(std::size_t n) const {
  constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
  if (data_.events.size() + n <= kMax) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat("a data set holds at most ", kMax, " events"));
}

}  // namespace modelfunnel::internal
