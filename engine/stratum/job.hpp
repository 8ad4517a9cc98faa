// A stratum v1 job as miners see it (the fields of mining.notify), and the one rule both the pool
// and a miner must agree on: how those fields, the extranonces, ntime, nonce and version become
// the 80-byte block header.
//
// Wire formats (stratum v1 as cgminer, cpuminer and the pools they talk to use it):
//   prevhash      internal-order hash with its eight 4-byte words in reverse order, as hex
//   coinb1/coinb2 hex of the coinbase halves around extranonce1 || extranonce2
//   merkle branch hex of internal-order hashes, leaf 0 (the coinbase) upward
//   version, nbits, ntime, nonce, version bits: hex of the 32-bit number, most significant first
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/bytes.hpp"

namespace otedama::stratum {

class JobFormatError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct StratumJob {
  std::string jobId;
  Hash32 previousBlockHash{};  // internal order
  Bytes coinb1, coinb2;
  std::vector<Hash32> merkleBranch;  // internal order
  std::uint32_t version = 0;
  std::uint32_t bits = 0;
  std::uint32_t time = 0;
  bool cleanJobs = false;
};

// mining.notify params: [job_id, prevhash, coinb1, coinb2, [branch...], version, nbits, ntime, clean_jobs]
nlohmann::json notifyParams(const StratumJob& job);
// Throws JobFormatError naming the bad field.
StratumJob parseNotifyParams(const nlohmann::json& params);

std::string stratumPrevHash(const Hash32& internal);
Hash32 previousHashFromStratum(std::string_view hex);  // throws JobFormatError

// "1d00ffff" <-> 0x1d00ffff; parse throws JobFormatError unless exactly 8 hex digits.
std::string hex32(std::uint32_t value);
std::uint32_t parseHex32(std::string_view hex, const char* what);

// The coinbase txid's merkle root up the job's branch.
Hash32 jobMerkleRoot(const StratumJob& job, ByteSpan extranonce1, ByteSpan extranonce2);

// The header a miner hashes. `version` is the full rolled version (see rolledVersion).
std::array<std::uint8_t, 80> jobHeader(const StratumJob& job, const Hash32& merkleRoot, std::uint32_t ntime,
                                       std::uint32_t nonce, std::uint32_t version);

// BIP310: the job's version with the bits under `mask` taken from `versionBits`.
inline std::uint32_t rolledVersion(std::uint32_t jobVersion, std::uint32_t versionBits, std::uint32_t mask) {
  return (jobVersion & ~mask) | (versionBits & mask);
}

}  // namespace otedama::stratum
