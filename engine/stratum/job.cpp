// Stratum job fields and header construction.
#include "stratum/job.hpp"

#include "crypto/sha256.hpp"
#include "chain/block_builder.hpp"
#include "util/hex.hpp"
#include "util/serialize.hpp"

namespace otedama::stratum {

using nlohmann::json;

namespace {

Bytes hexParam(const json& value, const char* what) {
  if (!value.is_string()) throw JobFormatError(std::string(what) + " is not a hex string");
  try {
    return fromHex(value.get<std::string>());
  } catch (const std::invalid_argument& e) {
    throw JobFormatError(std::string(what) + ": " + e.what());
  }
}

Hash32 hashParam(const json& value, const char* what) {
  const Bytes bytes = hexParam(value, what);
  if (bytes.size() != 32) throw JobFormatError(std::string(what) + " is not 32 bytes");
  Hash32 out;
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

}  // namespace

std::string hex32(std::uint32_t value) {
  const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
                                 static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
  return toHex(bytes);
}

std::uint32_t parseHex32(std::string_view hex, const char* what) {
  if (hex.size() != 8) throw JobFormatError(std::string(what) + " must be 8 hex digits");
  const auto bytes = tryFromHex(hex);
  if (!bytes) throw JobFormatError(std::string(what) + " is not hex");
  return std::uint32_t((*bytes)[0]) << 24 | std::uint32_t((*bytes)[1]) << 16 | std::uint32_t((*bytes)[2]) << 8 |
         (*bytes)[3];
}

std::string stratumPrevHash(const Hash32& internal) {
  Hash32 words;
  for (std::size_t w = 0; w < 8; ++w) std::copy_n(internal.begin() + 4 * (7 - w), 4, words.begin() + 4 * w);
  return toHex(words);
}

Hash32 previousHashFromStratum(std::string_view hex) {
  const auto bytes = tryFromHex(hex);
  if (!bytes || bytes->size() != 32) throw JobFormatError("prevhash must be 64 hex digits");
  Hash32 internal;
  for (std::size_t w = 0; w < 8; ++w) std::copy_n(bytes->begin() + 4 * w, 4, internal.begin() + 4 * (7 - w));
  return internal;
}

json notifyParams(const StratumJob& job) {
  json branch = json::array();
  for (const Hash32& h : job.merkleBranch) branch.push_back(toHex(h));
  return json::array({job.jobId, stratumPrevHash(job.previousBlockHash), toHex(job.coinb1), toHex(job.coinb2), branch,
                      hex32(job.version), hex32(job.bits), hex32(job.time), job.cleanJobs});
}

StratumJob parseNotifyParams(const json& params) {
  if (!params.is_array() || params.size() < 9) throw JobFormatError("mining.notify needs 9 parameters");
  StratumJob job;
  if (!params[0].is_string() || params[0].get<std::string>().empty()) throw JobFormatError("job id is not a string");
  job.jobId = params[0].get<std::string>();
  if (!params[1].is_string()) throw JobFormatError("prevhash is not a string");
  job.previousBlockHash = previousHashFromStratum(params[1].get<std::string>());
  job.coinb1 = hexParam(params[2], "coinb1");
  job.coinb2 = hexParam(params[3], "coinb2");
  if (!params[4].is_array()) throw JobFormatError("merkle branch is not a list");
  if (params[4].size() > 32) throw JobFormatError("merkle branch is longer than 32");
  for (const json& h : params[4]) job.merkleBranch.push_back(hashParam(h, "merkle branch entry"));
  for (int i : {5, 6, 7}) {
    if (!params[i].is_string()) throw JobFormatError("version, nbits and ntime must be hex strings");
  }
  job.version = parseHex32(params[5].get<std::string>(), "version");
  job.bits = parseHex32(params[6].get<std::string>(), "nbits");
  job.time = parseHex32(params[7].get<std::string>(), "ntime");
  if (!params[8].is_boolean()) throw JobFormatError("clean_jobs is not true or false");
  job.cleanJobs = params[8].get<bool>();
  return job;
}

Hash32 jobMerkleRoot(const StratumJob& job, ByteSpan extranonce1, ByteSpan extranonce2) {
  Bytes coinbase;
  coinbase.reserve(job.coinb1.size() + extranonce1.size() + extranonce2.size() + job.coinb2.size());
  coinbase.insert(coinbase.end(), job.coinb1.begin(), job.coinb1.end());
  coinbase.insert(coinbase.end(), extranonce1.begin(), extranonce1.end());
  coinbase.insert(coinbase.end(), extranonce2.begin(), extranonce2.end());
  coinbase.insert(coinbase.end(), job.coinb2.begin(), job.coinb2.end());
  return chain::merkleRootFromCoinbase(crypto::sha256d(coinbase), job.merkleBranch);
}

std::array<std::uint8_t, 80> jobHeader(const StratumJob& job, const Hash32& merkleRoot, std::uint32_t ntime,
                                       std::uint32_t nonce, std::uint32_t version) {
  chain::BlockHeader header;
  header.version = static_cast<std::int32_t>(version);
  header.previousBlockHash = job.previousBlockHash;
  header.merkleRoot = merkleRoot;
  header.time = ntime;
  header.bits = job.bits;
  header.nonce = nonce;
  return header.serialize();
}

}  // namespace otedama::stratum
