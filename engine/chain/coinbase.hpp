// The coinbase transaction of a pool block: BIP34 height, the extranonce space (a per-session
// extranonce1 and the miner's extranonce2), a marker, the payout outputs given by the caller, an
// OP_RETURN slot for the share-chain commitment and the segwit witness commitment. It is kept
// split around the extranonce as stratum's coinb1/coinb2.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "util/bytes.hpp"

namespace otedama::chain {

class CoinbaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TxOutput {
  std::int64_t value = 0;  // smallest units (satoshi, litoshi)
  Bytes script;
  friend bool operator==(const TxOutput&, const TxOutput&) = default;
};

struct CoinbaseSpec {
  std::uint32_t height = 0;
  Bytes marker;  // a short tag in the scriptSig, e.g. "/otedama/"
  std::size_t extranonce1Size = 4;
  std::size_t extranonce2Size = 4;
  std::vector<TxOutput> payouts;                 // in the order they appear
  std::optional<Bytes> shareCommitment;          // OP_RETURN payload (<= 80 bytes) after the payouts
  std::optional<Hash32> witnessCommitment;       // adds the segwit commitment output (last) and witness
  std::uint32_t lockTime = 0;
};

// SHA-256d(witness merkle root || 32 zero bytes) over the block's transactions after the coinbase
// (their wtxids, internal order); the coinbase's own wtxid counts as zero.
Hash32 computeWitnessCommitment(std::span<const Hash32> wtxidsAfterCoinbase);

class Coinbase {
 public:
  // Throws CoinbaseError when a consensus limit would be broken (scriptSig 2..100 bytes,
  // negative or overflowing amounts, no outputs).
  static Coinbase build(const CoinbaseSpec& spec);

  // Stratum's halves of the txid serialization: coinb1 || extranonce1 || extranonce2 || coinb2.
  const Bytes& coinb1() const { return coinb1_; }
  const Bytes& coinb2() const { return coinb2_; }
  std::size_t extranonce1Size() const { return extranonce1Size_; }
  std::size_t extranonce2Size() const { return extranonce2Size_; }

  // The transaction without witness (what the txid and the merkle root use). Throws CoinbaseError
  // when the extranonce sizes are wrong.
  Bytes serialize(ByteSpan extranonce1, ByteSpan extranonce2) const;
  // The transaction as it goes into the block (with the witness reserved value when committed).
  Bytes serializeForBlock(ByteSpan extranonce1, ByteSpan extranonce2) const;
  Hash32 txid(ByteSpan extranonce1, ByteSpan extranonce2) const;

  bool hasWitness() const { return hasWitness_; }
  std::int64_t totalValue() const { return totalValue_; }
  std::int64_t weight() const;     // consensus weight of serializeForBlock
  std::int64_t sigopCost() const;  // legacy sigops of the outputs x 4
  const std::vector<TxOutput>& outputs() const { return outputs_; }

 private:
  Bytes coinb1_, coinb2_;
  std::size_t extranonce1Size_ = 0, extranonce2Size_ = 0;
  std::vector<TxOutput> outputs_;  // every output, commitments included
  std::int64_t totalValue_ = 0;
  bool hasWitness_ = false;
};

}  // namespace otedama::chain
