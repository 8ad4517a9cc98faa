// A block template from getblocktemplate (BIP22/23 with the segwit rule, and Litecoin's mweb
// rule), parsed into what a block needs. Hashes are kept in internal byte order (as they go into
// blocks); the node shows them reversed.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/bytes.hpp"
#include "util/uint256.hpp"

namespace otedama::chain {

class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TemplateTransaction {
  Bytes data;           // serialized as it goes into the block
  Hash32 txid{};        // internal order
  Hash32 wtxid{};       // internal order ("hash" in the template)
  std::int64_t fee = 0;
  std::int64_t sigops = 0;  // sigop cost (already scaled by the witness factor)
  std::int64_t weight = 0;
  std::vector<std::size_t> depends;  // indexes (0-based) of transactions it spends from
};

struct BlockTemplate {
  std::int32_t version = 0;
  std::vector<std::string> rules;
  std::vector<std::pair<std::string, int>> versionBitsAvailable;  // vbavailable
  std::uint32_t versionBitsRequired = 0;
  Hash32 previousBlockHash{};  // internal order
  std::uint32_t bits = 0;
  UInt256 target;
  std::uint32_t height = 0;
  std::uint32_t curtime = 0;
  std::uint32_t mintime = 0;
  std::int64_t coinbaseValue = 0;
  std::vector<TemplateTransaction> transactions;
  std::optional<Bytes> defaultWitnessCommitment;  // the whole output script
  std::optional<Bytes> mweb;                      // Litecoin MWEB block, when the template has one
  std::string longPollId;
  std::int64_t sigopLimit = 80000;
  std::int64_t sizeLimit = 4000000;
  std::int64_t weightLimit = 4000000;

  bool hasRule(std::string_view rule) const;
  std::string previousBlockHashHex() const;  // display order, as the node shows it
};

// Checks and converts a getblocktemplate result. Throws TemplateError naming the bad field.
BlockTemplate parseBlockTemplate(const nlohmann::json& result);

// The getblocktemplate request for a chain: segwit everywhere, mweb on Litecoin.
nlohmann::json templateRequest(std::string_view coin, const std::string& longPollId = {});

}  // namespace otedama::chain
