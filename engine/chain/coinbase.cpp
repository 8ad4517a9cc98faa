// Building and serializing the pool's coinbase transaction.
#include "chain/coinbase.hpp"

#include <algorithm>
#include <limits>

#include "chain/script.hpp"
#include "crypto/merkle.hpp"
#include "crypto/sha256.hpp"
#include "util/serialize.hpp"

namespace otedama::chain {
namespace {

constexpr std::uint32_t kCoinbaseVersion = 1;
constexpr std::size_t kMinScriptSig = 2, kMaxScriptSig = 100;  // consensus: "bad-cb-length"

Bytes concat(ByteSpan a, ByteSpan b, ByteSpan c, ByteSpan d) {
  Bytes out;
  out.reserve(a.size() + b.size() + c.size() + d.size());
  for (ByteSpan part : {a, b, c, d}) out.insert(out.end(), part.begin(), part.end());
  return out;
}

}  // namespace

Hash32 computeWitnessCommitment(std::span<const Hash32> wtxidsAfterCoinbase) {
  std::vector<Hash32> leaves;
  leaves.reserve(wtxidsAfterCoinbase.size() + 1);
  leaves.push_back(Hash32{});
  leaves.insert(leaves.end(), wtxidsAfterCoinbase.begin(), wtxidsAfterCoinbase.end());
  const Hash32 root = crypto::merkleRoot(std::move(leaves));
  std::uint8_t preimage[64] = {};
  std::copy(root.begin(), root.end(), preimage);  // the second half is the reserved value: zeros
  return crypto::sha256d(preimage);
}

Coinbase Coinbase::build(const CoinbaseSpec& spec) {
  const std::size_t extranonceSize = spec.extranonce1Size + spec.extranonce2Size;
  if (extranonceSize == 0 || extranonceSize > 75) throw CoinbaseError("the extranonce must be 1..75 bytes");

  Coinbase coinbase;
  coinbase.extranonce1Size_ = spec.extranonce1Size;
  coinbase.extranonce2Size_ = spec.extranonce2Size;
  coinbase.hasWitness_ = spec.witnessCommitment.has_value();

  coinbase.outputs_ = spec.payouts;
  if (spec.shareCommitment) {
    if (spec.shareCommitment->size() > 80) throw CoinbaseError("the share commitment is larger than 80 bytes");
    coinbase.outputs_.push_back({0, opReturnScript(*spec.shareCommitment)});
  }
  // Bitcoin Core looks for the witness commitment in the last matching output: put it last.
  if (spec.witnessCommitment) coinbase.outputs_.push_back({0, witnessCommitmentScript(*spec.witnessCommitment)});
  if (coinbase.outputs_.empty()) throw CoinbaseError("the coinbase needs at least one output");

  std::int64_t total = 0;
  for (const TxOutput& output : coinbase.outputs_) {
    if (output.value < 0) throw CoinbaseError("a coinbase output has a negative amount");
    if (output.value > std::numeric_limits<std::int64_t>::max() - total) throw CoinbaseError("coinbase amounts overflow");
    total += output.value;
  }
  coinbase.totalValue_ = total;

  const Bytes heightPush = pushNumber(spec.height);
  const Bytes markerPush = spec.marker.empty() ? Bytes{} : pushData(spec.marker);
  const std::size_t scriptSigSize = heightPush.size() + 1 + extranonceSize + markerPush.size();
  if (scriptSigSize < kMinScriptSig || scriptSigSize > kMaxScriptSig) {
    throw CoinbaseError("the coinbase scriptSig would be " + std::to_string(scriptSigSize) +
                        " bytes; consensus allows 2..100 (shorten the marker or the extranonce)");
  }

  ByteWriter head;
  head.u32le(kCoinbaseVersion);
  head.compactSize(1);         // one input
  head.bytes(Hash32{});        // null prevout hash
  head.u32le(0xffffffff);      // null prevout index
  head.compactSize(scriptSigSize);
  head.bytes(heightPush);
  head.u8(static_cast<std::uint8_t>(extranonceSize));  // push opcode of the extranonce bytes
  coinbase.coinb1_ = head.take();

  ByteWriter tail;
  tail.bytes(markerPush);
  tail.u32le(0xffffffff);  // sequence
  tail.compactSize(coinbase.outputs_.size());
  for (const TxOutput& output : coinbase.outputs_) {
    tail.u64le(static_cast<std::uint64_t>(output.value));
    tail.lengthPrefixed(output.script);
  }
  tail.u32le(spec.lockTime);
  coinbase.coinb2_ = tail.take();
  return coinbase;
}

Bytes Coinbase::serialize(ByteSpan extranonce1, ByteSpan extranonce2) const {
  if (extranonce1.size() != extranonce1Size_ || extranonce2.size() != extranonce2Size_) {
    throw CoinbaseError("extranonce sizes " + std::to_string(extranonce1.size()) + "+" +
                        std::to_string(extranonce2.size()) + " do not match the coinbase's " +
                        std::to_string(extranonce1Size_) + "+" + std::to_string(extranonce2Size_));
  }
  return concat(coinb1_, extranonce1, extranonce2, coinb2_);
}

Bytes Coinbase::serializeForBlock(ByteSpan extranonce1, ByteSpan extranonce2) const {
  Bytes tx = serialize(extranonce1, extranonce2);
  if (!hasWitness_) return tx;
  // version || marker 0x00 flag 0x01 || inputs, outputs || witness: one 32-byte zero item || locktime
  Bytes out(tx.begin(), tx.begin() + 4);
  out.push_back(0x00);
  out.push_back(0x01);
  out.insert(out.end(), tx.begin() + 4, tx.end() - 4);
  out.push_back(0x01);
  out.push_back(0x20);
  out.insert(out.end(), 32, 0x00);
  out.insert(out.end(), tx.end() - 4, tx.end());
  return out;
}

Hash32 Coinbase::txid(ByteSpan extranonce1, ByteSpan extranonce2) const {
  return crypto::sha256d(serialize(extranonce1, extranonce2));
}

std::int64_t Coinbase::weight() const {
  const auto base = static_cast<std::int64_t>(coinb1_.size() + extranonce1Size_ + extranonce2Size_ + coinb2_.size());
  const std::int64_t witness = hasWitness_ ? 2 + 1 + 1 + 32 : 0;  // marker, flag, item count, item
  return base * 4 + witness;
}

std::int64_t Coinbase::sigopCost() const {
  std::int64_t sigops = 0;
  for (const TxOutput& output : outputs_) sigops += legacySigOps(output.script);
  return sigops * 4;
}

}  // namespace otedama::chain
