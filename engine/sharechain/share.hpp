// A share of the share chain and its compact, versioned binary form. A share is a real block
// header of the parent chain whose coinbase commits (OP_RETURN) to the share's data; the share
// carries what every node needs to rebuild that coinbase byte for byte (parent height, reward,
// extranonce, witness commitment: the payouts come from the chain itself) and the merkle branch
// from the coinbase to the header. The share id is the header's SHA-256d, which commits to all of
// it through the merkle root.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "chain/block_builder.hpp"
#include "sharechain/work.hpp"
#include "util/bytes.hpp"

namespace otedama::sharechain {

inline constexpr std::uint8_t kShareFormatVersion = 1;

// Hard limits of the format (a decoder refuses anything beyond them).
inline constexpr std::size_t kMaxUncles = 8;           // consensus allows fewer (params.maxUncles)
inline constexpr std::size_t kMaxPayoutScript = 64;    // P2PKH 25, P2SH 23, P2WPKH 22, P2WSH/P2TR 34
inline constexpr std::size_t kMaxExtranonce = 32;
inline constexpr std::size_t kMaxMerkleBranch = 32;    // 2^32 transactions
inline constexpr std::size_t kMaxEncodedShare = 4096;

// What the coinbase's OP_RETURN commits to.
struct ShareData {
  Hash32 previousShareId{};     // zeros for a chain's first share
  std::vector<Hash32> uncles;   // side-chain shares this one credits (reduced weight)
  Bytes payoutScript;           // the miner's output script
  Bytes feeScript;              // the node operator's script for its fee (may be empty)
  std::uint32_t feePpm = 0;     // parts per million of this share's weight paid as the node's fee
  std::uint32_t shareBits = 0;  // compact share target, as the retarget says
  std::uint64_t timestamp = 0;  // unix seconds, set when the job was made
  std::uint64_t height = 0;     // 0 for a chain's first share
  Work cumulativeWork;          // of the chain up to and including this share and its uncles

  friend bool operator==(const ShareData&, const ShareData&) = default;
};

struct Share {
  chain::BlockHeader header;
  // To rebuild the coinbase: BIP34 height, total coinbase value, extranonce (extranonce1 ||
  // extranonce2 as mined) and the segwit commitment when the block has one.
  std::uint32_t parentHeight = 0;
  std::int64_t coinbaseValue = 0;
  Bytes extranonce;
  std::optional<Hash32> witnessCommitment;
  std::vector<Hash32> merkleBranch;  // coinbase txid up to header.merkleRoot
  ShareData data;

  friend bool operator==(const Share& a, const Share& b) {
    return a.header.serialize() == b.header.serialize() && a.parentHeight == b.parentHeight &&
           a.coinbaseValue == b.coinbaseValue && a.extranonce == b.extranonce &&
           a.witnessCommitment == b.witnessCommitment && a.merkleBranch == b.merkleBranch && a.data == b.data;
  }
};

// The share id: SHA-256d of the 80-byte header (the parent-chain block hash), internal order.
Hash32 shareId(const Share& share);

Bytes encodeShareData(const ShareData& data);
Bytes encodeShare(const Share& share);
// Throws DecodeError (util/serialize.hpp) for anything but a canonical share of a known version.
Share decodeShare(ByteSpan bytes);

// The coinbase OP_RETURN payload: "OTDM" || SHA-256d(consensus id || share data), 36 bytes.
Bytes shareCommitment(const Hash32& consensusId, const ShareData& data);

}  // namespace otedama::sharechain
