// Bitcoin merkle root and branch helpers.
#include "crypto/merkle.hpp"

#include <algorithm>
#include <stdexcept>

#include "crypto/sha256.hpp"

namespace otedama::crypto {

Hash32 merkleParent(const Hash32& left, const Hash32& right) {
  std::uint8_t pair[64];
  std::copy(left.begin(), left.end(), pair);
  std::copy(right.begin(), right.end(), pair + 32);
  Hash32 out;
  sha256dInto(pair, out.data());
  return out;
}

Hash32 merkleRoot(std::vector<Hash32> leaves) {
  if (leaves.empty()) return Hash32{};
  while (leaves.size() > 1) {
    if (leaves.size() % 2 != 0) leaves.push_back(leaves.back());
    for (std::size_t i = 0; i < leaves.size() / 2; ++i) leaves[i] = merkleParent(leaves[2 * i], leaves[2 * i + 1]);
    leaves.resize(leaves.size() / 2);
  }
  return leaves.front();
}

std::vector<Hash32> merkleBranch(std::span<const Hash32> leaves, std::size_t index) {
  if (index >= leaves.size()) throw std::out_of_range("merkle branch index beyond the leaves");
  std::vector<Hash32> level(leaves.begin(), leaves.end());
  std::vector<Hash32> branch;
  while (level.size() > 1) {
    if (level.size() % 2 != 0) level.push_back(level.back());
    branch.push_back(level[index ^ 1]);
    for (std::size_t i = 0; i < level.size() / 2; ++i) level[i] = merkleParent(level[2 * i], level[2 * i + 1]);
    level.resize(level.size() / 2);
    index /= 2;
  }
  return branch;
}

Hash32 merkleRootFromBranch(const Hash32& leaf, std::span<const Hash32> branch, std::size_t index) {
  Hash32 node = leaf;
  for (const Hash32& sibling : branch) {
    node = (index & 1) ? merkleParent(sibling, node) : merkleParent(node, sibling);
    index >>= 1;
  }
  return node;
}

}  // namespace otedama::crypto
