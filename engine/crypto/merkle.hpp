// Bitcoin merkle trees over SHA-256d (an odd level repeats its last hash), and the branches
// stratum sends so a miner can rebuild the root from its own coinbase.
#pragma once

#include <cstddef>
#include <vector>

#include "util/bytes.hpp"

namespace otedama::crypto {

// Root of the leaves (txids in internal byte order). Empty input gives 32 zero bytes.
Hash32 merkleRoot(std::vector<Hash32> leaves);

// Sibling hashes from the leaf at `index` up to the root.
std::vector<Hash32> merkleBranch(std::span<const Hash32> leaves, std::size_t index);

// Root rebuilt from a leaf, its branch and its index.
Hash32 merkleRootFromBranch(const Hash32& leaf, std::span<const Hash32> branch, std::size_t index);

// SHA-256d(left || right): one inner node.
Hash32 merkleParent(const Hash32& left, const Hash32& right);

}  // namespace otedama::crypto
