// The record ids of a data set: id <-> record index, built for loading
// millions of ids fast and keeping them in little memory.
//
// A StringDictionary would hold a std::string per id in a vector plus
// another in a 40-byte hash slot: ~100 bytes and a cache miss per id, which
// for millions of ids would be most of a load. Here:
//   * the ids are one contiguous arena of entries, each
//     [uint32 record][length: 1 byte, or 0xFF + uint32][bytes][NUL] (the C
//     API hands ids out as NUL-terminated views), and
//     `entries_` maps record -> entry offset (4 bytes per record);
//   * the index is an open-addressing table of 8-byte slots
//     {32 hash bits, entry offset}, at most 3/4 full, on huge pages; a
//     zero offset marks a free slot (the arena starts with one unused
//     byte), so a new table is fresh zero pages that nobody has to fill.
// A lookup touches one slot and one arena entry: the records loader
// prefetches the slots of a block of ids (probe() + prefetch()), the events
// loader matches a batch of ids in two sweeps (candidate(), confirm()).
// About 14 bytes of arena + 4 of offsets + 11-21 of table per 8-byte id,
// instead of ~100.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "util/huge_pages.hpp"
#include "util/string_hash.hpp"

namespace modelfunnel::internal {

class RecordIds {
 public:
  /// Where a lookup for one id starts: its hash, computed once per id.
  struct Probe {
    std::uint64_t hash = 0;
  };

  RecordIds();
  RecordIds(RecordIds&&) noexcept;
  RecordIds& operator=(RecordIds&&) noexcept;
  ~RecordIds();

  static Probe probe(std::string_view id) { return Probe{hash(id)}; }

  /// Starts loading the first slot of @p p into the cache.
  void prefetch(Probe p) const { __builtin_prefetch(&slots_[p.hash & mask_]); }
  /// The record with id @p id (whose probe is @p p), if any.
  std::optional<std::uint32_t> find(std::string_view id, Probe p) const {
    const std::uint32_t tag = tag_of(p);
    for (std::uint64_t i = p.hash & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.entry == kEmpty) return std::nullopt;
      if (s.tag == tag && entry_is(s.entry, id)) return record_at(s.entry);
    }
  }
  std::optional<std::uint32_t> find(std::string_view id) const { return find(id, probe(id)); }

  // find() in halves that touch one structure each: candidate() reads
  // only the slots, confirm() only the arena, so that a batch of lookups
  // can read the slots in address order (the events loader's lookups).

  /// The slot where a lookup for @p p starts; slots are numbered in
  /// address order, 0 to slot_count() - 1.
  std::uint64_t slot_of(Probe p) const { return p.hash & mask_; }
  std::size_t slot_count() const { return capacity_; }
  /// The entry of the first slot, along @p p's probe sequence, whose hash
  /// bits match: the only record the id can be, unless two ids share those
  /// bits (then confirm() fails and find() decides). 0: the id is certainly
  /// absent.
  std::uint32_t candidate(Probe p) const {
    const std::uint32_t tag = tag_of(p);
    for (std::uint64_t i = p.hash & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.entry == kEmpty || s.tag == tag) return s.entry;
    }
  }
  /// Starts loading entry @p entry (from candidate(), not 0) into the cache.
  void prefetch_entry_at(std::uint32_t entry) const { __builtin_prefetch(arena_.data() + entry); }
  /// The record of entry @p entry (from candidate()) if its id is @p id.
  std::optional<std::uint32_t> confirm(std::uint32_t entry, std::string_view id) const {
    if (entry_is(entry, id)) return record_at(entry);
    return std::nullopt;
  }

  /// The record of @p id, adding it as the next record if new; second is
  /// true when it was added.
  std::pair<std::uint32_t, bool> insert(std::string_view id, Probe p) {
    if (slots_for(entries_.size() + 1) > capacity_) grow(slots_for(entries_.size() + 1));
    const std::uint32_t tag = tag_of(p);
    std::uint64_t i = p.hash & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.entry == kEmpty) break;
      if (s.tag == tag && entry_is(s.entry, id)) return {record_at(s.entry), false};
    }
    const auto record = static_cast<std::uint32_t>(entries_.size());
    slots_[i] = Slot{tag, append(id, record)};
    return {record, true};
  }
  /// The record of @p id, adding it if new.
  std::uint32_t intern(std::string_view id) { return insert(id, probe(id)).first; }

  /// The id of record @p r. @pre r < size().
  std::string_view operator[](std::uint32_t r) const { return id_at(entries_[r]); }
  std::size_t size() const { return entries_.size(); }
  /// Makes room for @p n ids of about @p id_bytes bytes each.
  void reserve(std::size_t n, std::size_t id_bytes = 8);
  std::size_t heap_bytes() const;
  /// The id store's buffers (arena, offsets, table), to populate().
  std::vector<PageRange> buffers() const;

 private:
  struct Slot {
    std::uint32_t tag;    // high hash bits
    std::uint32_t entry;  // offset of the entry in arena_; kEmpty: free slot
  };
  static constexpr std::uint32_t kEmpty = 0;
  static constexpr unsigned char kLongLength = 0xFF;

  static std::uint64_t hash(std::string_view id) { return hash_string(id); }
  static std::uint32_t tag_of(Probe p) { return static_cast<std::uint32_t>(p.hash >> 32); }

  std::uint32_t record_at(std::uint32_t entry) const {
    std::uint32_t r;
    std::memcpy(&r, arena_.data() + entry, sizeof r);
    return r;
  }
  std::string_view id_at(std::uint32_t entry) const {
    const char* p = arena_.data() + entry + sizeof(std::uint32_t);
    std::size_t n = static_cast<unsigned char>(*p++);
    if (n == kLongLength) {
      std::uint32_t long_n;
      std::memcpy(&long_n, p, sizeof long_n);
      n = long_n;
      p += sizeof long_n;
    }
    return {p, n};
  }
  bool entry_is(std::uint32_t entry, std::string_view id) const {
    const std::string_view e = id_at(entry);
    return e.size() == id.size() && same_bytes(e.data(), id.data(), id.size());
  }
  std::uint32_t append(std::string_view id, std::uint32_t record);
  void grow(std::size_t min_capacity);
  /// Slots needed to hold @p n ids at most 3/4 full. Linear probing stays
  /// short at that load (a miss reads ~3 slots of one cache line at 0.6),
  /// and a table kept at most half full would be twice the size (268 MB
  /// instead of 134 MB at 10M records): memory faulted in, and missed in
  /// cache and TLB, on every lookup of a load.
  static std::size_t slots_for(std::size_t n) { return n + (n + 2) / 3; }

  std::vector<char> arena_;
  std::vector<std::uint32_t> entries_;  // record -> offset of its entry in arena_
  // Until the first insert: one shared empty slot, so that an empty or
  // moved-from store can be searched without allocating anything.
  static Slot* no_slots();
  static Slot* allocate_slots(std::size_t capacity);
  static void free_slots(Slot* slots, std::size_t capacity);
  Slot* slots_;
  std::size_t capacity_ = 1;  // slots, a power of two
  std::uint64_t mask_ = 0;
};

}  // namespace modelfunnel::internal
