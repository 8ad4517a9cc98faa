// From a template, our coinbase and a solved header to the bytes `submitblock` takes: the 80-byte
// header, the merkle branch stratum sends for the coinbase, and the block itself (with
// Litecoin's MWEB extension block when the template has one).
#pragma once

#include <cstdint>
#include <vector>

#include "chain/block_template.hpp"
#include "chain/transaction_selection.hpp"
#include "util/bytes.hpp"

namespace otedama::chain {

struct BlockHeader {
  std::int32_t version = 0;
  Hash32 previousBlockHash{};  // internal order
  Hash32 merkleRoot{};         // internal order
  std::uint32_t time = 0;
  std::uint32_t bits = 0;
  std::uint32_t nonce = 0;

  std::array<std::uint8_t, 80> serialize() const;
  Hash32 hash() const;  // SHA-256d, internal order (the block id; not the scrypt proof of work)
};

// The txids (internal order) of the included transactions, in block order after the coinbase.
std::vector<Hash32> includedTxids(const BlockTemplate& blockTemplate, const TransactionSelection& selection);
std::vector<Hash32> includedWtxids(const BlockTemplate& blockTemplate, const TransactionSelection& selection);

// The branch a miner hashes its coinbase txid up with (stratum's merkle_branch, internal order).
std::vector<Hash32> coinbaseMerkleBranch(std::span<const Hash32> txidsAfterCoinbase);

// Root from the coinbase txid and its branch (coinbase is leaf 0).
Hash32 merkleRootFromCoinbase(const Hash32& coinbaseTxid, std::span<const Hash32> branch);

// header || tx count || coinbase || transactions [|| 0x01 || MWEB block].
Bytes assembleBlock(const BlockHeader& header, ByteSpan coinbaseForBlock, const BlockTemplate& blockTemplate,
                    const TransactionSelection& selection);

}  // namespace otedama::chain
