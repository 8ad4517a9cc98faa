// Scrypt proof of work (Litecoin, Dogecoin): scrypt(header, header, N=1024, r=1, p=1).
#pragma once

#include "pow/algorithm.hpp"

namespace otedama::pow {

class ScryptAlgorithm final : public Algorithm {
 public:
  std::string_view name() const override { return "scrypt"; }
  Hash32 hash(ByteSpan input, ByteSpan key = {}) const override;
};

}  // namespace otedama::pow
