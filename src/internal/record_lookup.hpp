// Record id -> record index for the events loader, built so that lookups
// can be prefetched.
//
// Matching an events row to its record is a hash lookup into a table of a
// million ids: a cache miss (and a TLB miss) per row, which done one row at
// a time costs more than parsing the row. The loader therefore reads rows in
// batches, prefetches every row's slot when it reads the row, and resolves
// the batch once the slots are in cache. StringDictionary's own table offers
// no prefetch and keeps 40-byte slots, hence this compact side index:
// 16-byte slots on huge pages holding the first 8 bytes of the id, a hash
// tag and the record. Ids of at most 8 bytes are compared in the slot alone;
// longer ones are confirmed against the dictionary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "internal/dataset_impl.hpp"

namespace modelfunnel::internal {

class RecordLookup {
 public:
  /// Where a lookup for one id starts.
  struct Probe {
    std::uint64_t hash = 0;  // low bits pick the slot
    std::uint64_t key = 0;   // the id's first 8 bytes, zero-padded
    std::uint32_t tag = 0;   // high hash bits, low 4 bits the length (capped)
  };

  /// Indexes every id of @p ids; later ids must be add()ed.
  explicit RecordLookup(const StringDictionary& ids);

  static Probe probe(std::string_view id) {
    Probe p;
    std::memcpy(&p.key, id.data(), id.size() < 8 ? id.size() : 8);
    std::uint64_t rest = 0;
    if (id.size() > 8) rest = std::hash<std::string_view>{}(id.substr(8));
    p.hash = mix(p.key * 0x9E3779B97F4A7C15ULL ^ rest ^ id.size());
    p.tag = (static_cast<std::uint32_t>(p.hash >> 32) & ~0xFu) |
            static_cast<std::uint32_t>(id.size() < 15 ? id.size() : 15);
    return p;
  }

  /// Starts loading the slot of @p p into the cache.
  void prefetch(const Probe& p) const { __builtin_prefetch(&slots_[p.hash & mask_]); }

  /// For ids longer than 8 bytes: starts loading the dictionary entry the
  /// slot of @p p points at. Call once the slot itself is in cache.
  void prefetch_long_id(const Probe& p) const {
    const Slot& s = slots_[p.hash & mask_];
    if (s.record != 0 && (p.tag & 0xF) > 8) __builtin_prefetch(&(*ids_)[s.record - 1]);
  }

  /// The record with id @p id, if indexed.
  std::optional<std::uint32_t> find(std::string_view id, const Probe& p) const {
    for (std::uint64_t i = p.hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.record == 0) return std::nullopt;
      if (s.tag == p.tag && s.key == p.key && (id.size() <= 8 || (*ids_)[s.record - 1] == id)) {
        return s.record - 1;
      }
    }
  }

  /// Indexes record @p record, whose id gave @p p. @pre @p record is the
  /// dictionary's newest id: records are indexed in index order.
  void add(const Probe& p, std::uint32_t record);

 private:
  struct Slot {
    std::uint64_t key;
    std::uint32_t tag;
    std::uint32_t record;  // record index + 1; 0 marks an empty slot
  };
  struct Free {
    void operator()(Slot* p) const;
  };

  // MurmurHash3's finaliser: every input bit affects every output bit.
  static std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
  }
  void rebuild(std::size_t capacity);
  void place(const Probe& p, std::uint32_t record);

  const StringDictionary* ids_;
  std::unique_ptr<Slot[], Free> slots_;
  std::size_t capacity_ = 0;
  std::uint64_t mask_ = 0;
  std::size_t count_ = 0;
};

}  // namespace modelfunnel::internal
