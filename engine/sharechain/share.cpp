// Share encoding: one version byte, the header, the coinbase inputs, the merkle branch and the
// share data, every length bounded and every field canonical so one share has one encoding.
#include "sharechain/share.hpp"

#include "crypto/sha256.hpp"
#include "util/serialize.hpp"

namespace otedama::sharechain {
namespace {

constexpr std::array<std::uint8_t, 4> kCommitmentTag = {'O', 'T', 'D', 'M'};

void writeShareData(ByteWriter& out, const ShareData& data) {
  out.bytes(data.previousShareId);
  out.compactSize(data.uncles.size());
  for (const Hash32& uncle : data.uncles) out.bytes(uncle);
  out.lengthPrefixed(data.payoutScript);
  out.lengthPrefixed(data.feeScript);
  out.u32le(data.feePpm);
  out.u32le(data.shareBits);
  out.u64le(data.timestamp);
  out.u64le(data.height);
  out.bytes(data.cumulativeWork.toLittleEndian());
}

Hash32 readHash(ByteReader& in) {
  Hash32 hash;
  const ByteSpan bytes = in.bytes(hash.size());
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

std::vector<Hash32> readHashes(ByteReader& in, std::size_t max, const char* what) {
  const std::uint64_t count = in.compactSize();
  if (count > max) throw DecodeError(std::string("too many ") + what + ": " + std::to_string(count));
  std::vector<Hash32> hashes;
  hashes.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) hashes.push_back(readHash(in));
  return hashes;
}

ShareData readShareData(ByteReader& in) {
  ShareData data;
  data.previousShareId = readHash(in);
  data.uncles = readHashes(in, kMaxUncles, "uncles");
  const ByteSpan payout = in.lengthPrefixed(kMaxPayoutScript);
  data.payoutScript.assign(payout.begin(), payout.end());
  const ByteSpan fee = in.lengthPrefixed(kMaxPayoutScript);
  data.feeScript.assign(fee.begin(), fee.end());
  data.feePpm = in.u32le();
  data.shareBits = in.u32le();
  data.timestamp = in.u64le();
  data.height = in.u64le();
  data.cumulativeWork = Work::fromLittleEndian(in.bytes(Work::kBytes));
  return data;
}

chain::BlockHeader readHeader(ByteReader& in) {
  chain::BlockHeader header;
  header.version = static_cast<std::int32_t>(in.u32le());
  header.previousBlockHash = readHash(in);
  header.merkleRoot = readHash(in);
  header.time = in.u32le();
  header.bits = in.u32le();
  header.nonce = in.u32le();
  return header;
}

}  // namespace

Hash32 shareId(const Share& share) { return share.header.hash(); }

Bytes encodeShareData(const ShareData& data) {
  ByteWriter out(160 + data.uncles.size() * 32);
  writeShareData(out, data);
  return out.take();
}

Bytes encodeShare(const Share& share) {
  ByteWriter out(400);
  out.u8(kShareFormatVersion);
  out.bytes(share.header.serialize());
  out.u32le(share.parentHeight);
  out.u64le(static_cast<std::uint64_t>(share.coinbaseValue));
  out.lengthPrefixed(share.extranonce);
  out.u8(share.witnessCommitment ? 1 : 0);
  if (share.witnessCommitment) out.bytes(*share.witnessCommitment);
  out.compactSize(share.merkleBranch.size());
  for (const Hash32& hash : share.merkleBranch) out.bytes(hash);
  writeShareData(out, share.data);
  return out.take();
}

Share decodeShare(ByteSpan bytes) {
  if (bytes.size() > kMaxEncodedShare) {
    throw DecodeError("share of " + std::to_string(bytes.size()) + " bytes exceeds " +
                      std::to_string(kMaxEncodedShare));
  }
  ByteReader in(bytes);
  const std::uint8_t version = in.u8();
  if (version != kShareFormatVersion) throw DecodeError("unknown share format version " + std::to_string(version));
  Share share;
  share.header = readHeader(in);
  share.parentHeight = in.u32le();
  const std::uint64_t value = in.u64le();
  if (value > static_cast<std::uint64_t>(INT64_MAX)) throw DecodeError("coinbase value out of range");
  share.coinbaseValue = static_cast<std::int64_t>(value);
  const ByteSpan extranonce = in.lengthPrefixed(kMaxExtranonce);
  share.extranonce.assign(extranonce.begin(), extranonce.end());
  const std::uint8_t hasWitness = in.u8();
  if (hasWitness > 1) throw DecodeError("witness commitment flag must be 0 or 1");
  if (hasWitness == 1) share.witnessCommitment = readHash(in);
  share.merkleBranch = readHashes(in, kMaxMerkleBranch, "merkle branch hashes");
  share.data = readShareData(in);
  in.expectEnd("share");
  return share;
}

Bytes shareCommitment(const Hash32& consensusId, const ShareData& data) {
  ByteWriter preimage(200);
  preimage.bytes(consensusId);
  writeShareData(preimage, data);
  const Hash32 digest = crypto::sha256d(preimage.data());
  ByteWriter payload(kCommitmentTag.size() + digest.size());
  payload.bytes(kCommitmentTag);
  payload.bytes(digest);
  return payload.take();
}

}  // namespace otedama::sharechain
