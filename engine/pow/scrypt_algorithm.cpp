// Scrypt proof of work.
#include "pow/scrypt_algorithm.hpp"

#include "crypto/scrypt.hpp"

namespace otedama::pow {

Hash32 ScryptAlgorithm::hash(ByteSpan input, ByteSpan /*key*/) const { return crypto::scryptLitecoin(input); }

}  // namespace otedama::pow
