// Block header serialization, stratum merkle branches and block assembly.
#include "chain/block_builder.hpp"

#include "crypto/merkle.hpp"
#include "crypto/sha256.hpp"
#include "util/serialize.hpp"

namespace otedama::chain {

std::array<std::uint8_t, 80> BlockHeader::serialize() const {
  ByteWriter w(80);
  w.u32le(static_cast<std::uint32_t>(version));
  w.bytes(previousBlockHash);
  w.bytes(merkleRoot);
  w.u32le(time);
  w.u32le(bits);
  w.u32le(nonce);
  std::array<std::uint8_t, 80> out;
  std::copy(w.data().begin(), w.data().end(), out.begin());
  return out;
}

Hash32 BlockHeader::hash() const { return crypto::sha256d(serialize()); }

std::vector<Hash32> includedTxids(const BlockTemplate& t, const TransactionSelection& selection) {
  std::vector<Hash32> out;
  out.reserve(selection.included.size());
  for (std::size_t i : selection.included) out.push_back(t.transactions[i].txid);
  return out;
}

std::vector<Hash32> includedWtxids(const BlockTemplate& t, const TransactionSelection& selection) {
  std::vector<Hash32> out;
  out.reserve(selection.included.size());
  for (std::size_t i : selection.included) out.push_back(t.transactions[i].wtxid);
  return out;
}

std::vector<Hash32> coinbaseMerkleBranch(std::span<const Hash32> txidsAfterCoinbase) {
  // The branch of leaf 0 never reads leaf 0 itself: a placeholder stands in for the coinbase.
  std::vector<Hash32> leaves;
  leaves.reserve(txidsAfterCoinbase.size() + 1);
  leaves.push_back(Hash32{});
  leaves.insert(leaves.end(), txidsAfterCoinbase.begin(), txidsAfterCoinbase.end());
  return crypto::merkleBranch(leaves, 0);
}

Hash32 merkleRootFromCoinbase(const Hash32& coinbaseTxid, std::span<const Hash32> branch) {
  return crypto::merkleRootFromBranch(coinbaseTxid, branch, 0);
}

Bytes assembleBlock(const BlockHeader& header, ByteSpan coinbaseForBlock, const BlockTemplate& t,
                    const TransactionSelection& selection) {
  std::size_t size = 80 + 9 + coinbaseForBlock.size() + (t.mweb ? 1 + t.mweb->size() : 0);
  for (std::size_t i : selection.included) size += t.transactions[i].data.size();
  ByteWriter w(size);
  w.bytes(header.serialize());
  w.compactSize(selection.included.size() + 1);
  w.bytes(coinbaseForBlock);
  for (std::size_t i : selection.included) w.bytes(t.transactions[i].data);
  // Litecoin: when the block ends with the HogEx, the MWEB block follows as an optional (0x01 = present).
  if (t.mweb && !selection.included.empty() && selection.included.back() + 1 == t.transactions.size()) {
    w.u8(0x01);
    w.bytes(*t.mweb);
  }
  return w.take();
}

}  // namespace otedama::chain
