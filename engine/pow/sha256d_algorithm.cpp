// SHA-256d proof of work.
#include "pow/sha256d_algorithm.hpp"

#include "crypto/sha256.hpp"

namespace otedama::pow {

Hash32 Sha256dAlgorithm::hash(ByteSpan input, ByteSpan /*key*/) const {
  Hash32 out;
  crypto::sha256dInto(input, out.data());
  return out;
}

}  // namespace otedama::pow
