// SHA-256d proof of work (Bitcoin and its forks) over the 80-byte header.
#pragma once

#include "pow/algorithm.hpp"

namespace otedama::pow {

class Sha256dAlgorithm final : public Algorithm {
 public:
  std::string_view name() const override { return "sha256d"; }
  Hash32 hash(ByteSpan input, ByteSpan key = {}) const override;
};

}  // namespace otedama::pow
