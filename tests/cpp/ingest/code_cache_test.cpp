// CodeCache (ingest/pipeline/code_cache.hpp): whatever it answers from its cache,
// the codes are the dictionary's own, for strings of every length around
// its 1-8-16 byte cases, look-alikes that differ in one byte, and more
// distinct values than it has entries.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ingest/pipeline/code_cache.hpp"

namespace mfi = modelfunnel::internal;

TEST_CASE("CodeCache gives the dictionary's codes", "[code_cache]") {
  std::vector<std::string> values = {""};
  for (std::size_t n = 1; n <= 20; ++n) {
    std::string s(n, 'a');
    values.push_back(s);
    for (std::size_t at = 0; at < n; ++at) {  // one byte different, anywhere
      std::string t = s;
      t[at] = 'b';
      values.push_back(t);
    }
  }
  for (int i = 0; i < 500; ++i) values.push_back("C" + std::to_string(i));  // evictions
  mfi::StringDictionary reference;
  for (const std::string& v : values) reference.intern(v);

  mfi::StringDictionary dictionary;
  mfi::CodeCache cache;
  for (int round = 0; round < 3; ++round) {
    for (const std::string& v : values) {
      INFO("'" << v << "' round " << round);
      REQUIRE(cache.intern(v, dictionary) == *reference.find(v));
    }
  }
  CHECK(dictionary.values() == reference.values());
}
