// The proof-of-work interface every algorithm implements: a name, the hash of an input (with a
// key for keyed algorithms such as RandomX), and the check of a hash against a target.
#pragma once

#include <string_view>

#include "util/bytes.hpp"
#include "util/uint256.hpp"

namespace otedama::pow {

struct PowResult {
  Hash32 hash;        // bytes in the order the algorithm outputs them ("raw")
  bool meetsTarget;   // hashValue(hash) <= target
};

class Algorithm {
 public:
  virtual ~Algorithm() = default;

  virtual std::string_view name() const = 0;

  // True when hash() needs a key (RandomX: the seed block hash).
  virtual bool needsKey() const { return false; }

  // Hashes the input (a block header or hashing blob). Safe to call from several threads.
  // Throws std::invalid_argument when a needed key is missing or malformed.
  virtual Hash32 hash(ByteSpan input, ByteSpan key = {}) const = 0;

  // The hash as the number compared with targets. Bitcoin-family and Monero read the raw bytes
  // as a little-endian integer; algorithms that differ override this.
  virtual UInt256 hashValue(const Hash32& hash) const { return UInt256::fromLittleEndian(hash); }

  PowResult check(ByteSpan input, const UInt256& target, ByteSpan key = {}) const {
    const Hash32 h = hash(input, key);
    return {h, hashValue(h) <= target};
  }
};

}  // namespace otedama::pow
