// Parsing getblocktemplate results.
#include "chain/block_template.hpp"

#include <algorithm>

#include "util/hex.hpp"

namespace otedama::chain {
namespace {

using nlohmann::json;

const json& field(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) throw TemplateError(std::string("getblocktemplate answer has no '") + name + "'");
  return *it;
}

template <typename Int>
Int integer(const json& object, const char* name, Int min, Int max) {
  const json& v = field(object, name);
  if (!v.is_number_integer()) throw TemplateError(std::string("getblocktemplate '") + name + "' is not an integer");
  const auto n = v.get<long long>();
  if (n < static_cast<long long>(min) || n > static_cast<long long>(max)) {
    throw TemplateError(std::string("getblocktemplate '") + name + "' is out of range: " + v.dump());
  }
  return static_cast<Int>(n);
}

Bytes hexField(const json& object, const char* name) {
  const json& v = field(object, name);
  if (!v.is_string()) throw TemplateError(std::string("getblocktemplate '") + name + "' is not a string");
  try {
    return fromHex(v.get<std::string>());
  } catch (const std::invalid_argument& e) {
    throw TemplateError(std::string("getblocktemplate '") + name + "': " + e.what());
  }
}

Hash32 displayHash(const json& object, const char* name) {
  const Bytes bytes = hexField(object, name);
  if (bytes.size() != 32) throw TemplateError(std::string("getblocktemplate '") + name + "' is not 32 bytes");
  Hash32 out;
  std::reverse_copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

TemplateTransaction parseTransaction(const json& entry, std::size_t index) {
  if (!entry.is_object()) throw TemplateError("template transaction " + std::to_string(index) + " is not an object");
  TemplateTransaction tx;
  tx.data = hexField(entry, "data");
  tx.txid = displayHash(entry, "txid");
  tx.wtxid = entry.contains("hash") ? displayHash(entry, "hash") : tx.txid;
  tx.fee = integer<std::int64_t>(entry, "fee", 0, INT64_MAX);
  tx.sigops = entry.contains("sigops") ? integer<std::int64_t>(entry, "sigops", 0, INT64_MAX) : 0;
  tx.weight = entry.contains("weight") ? integer<std::int64_t>(entry, "weight", 1, INT64_MAX)
                                       : static_cast<std::int64_t>(tx.data.size() * 4);
  if (auto depends = entry.find("depends"); depends != entry.end()) {
    if (!depends->is_array()) throw TemplateError("template transaction 'depends' is not a list");
    for (const json& d : *depends) {
      // The template numbers transactions from 1 (0 would be the coinbase).
      if (!d.is_number_integer() || d.get<long long>() < 1 || d.get<long long>() > static_cast<long long>(index)) {
        throw TemplateError("template transaction " + std::to_string(index + 1) + " has a bad 'depends' entry " + d.dump());
      }
      tx.depends.push_back(static_cast<std::size_t>(d.get<long long>() - 1));
    }
  }
  return tx;
}

}  // namespace

bool BlockTemplate::hasRule(std::string_view rule) const {
  return std::any_of(rules.begin(), rules.end(), [&](const std::string& r) {
    return r == rule || (r.size() == rule.size() + 1 && r[0] == '!' && std::string_view(r).substr(1) == rule);
  });
}

std::string BlockTemplate::previousBlockHashHex() const { return toHex(reversed(previousBlockHash)); }

BlockTemplate parseBlockTemplate(const json& result) {
  if (!result.is_object()) throw TemplateError("getblocktemplate answer is not an object");
  BlockTemplate t;
  t.version = integer<std::int32_t>(result, "version", INT32_MIN, INT32_MAX);
  for (const json& rule : field(result, "rules")) {
    if (rule.is_string()) t.rules.push_back(rule.get<std::string>());
  }
  if (auto vb = result.find("vbavailable"); vb != result.end() && vb->is_object()) {
    for (const auto& [name, bit] : vb->items()) {
      if (bit.is_number_integer()) t.versionBitsAvailable.emplace_back(name, bit.get<int>());
    }
  }
  if (result.contains("vbrequired")) t.versionBitsRequired = integer<std::uint32_t>(result, "vbrequired", 0, UINT32_MAX);
  t.previousBlockHash = displayHash(result, "previousblockhash");

  const Bytes bits = hexField(result, "bits");
  if (bits.size() != 4) throw TemplateError("getblocktemplate 'bits' is not 4 bytes");
  t.bits = std::uint32_t(bits[0]) << 24 | std::uint32_t(bits[1]) << 16 | std::uint32_t(bits[2]) << 8 | bits[3];
  const Bytes target = hexField(result, "target");
  if (target.size() != 32) throw TemplateError("getblocktemplate 'target' is not 32 bytes");
  t.target = UInt256::fromBigEndian(target);

  t.height = integer<std::uint32_t>(result, "height", 1, UINT32_MAX);
  t.curtime = integer<std::uint32_t>(result, "curtime", 0, UINT32_MAX);
  t.mintime = result.contains("mintime") ? integer<std::uint32_t>(result, "mintime", 0, UINT32_MAX) : 0;
  t.coinbaseValue = integer<std::int64_t>(result, "coinbasevalue", 0, INT64_MAX);

  const json& transactions = field(result, "transactions");
  if (!transactions.is_array()) throw TemplateError("getblocktemplate 'transactions' is not a list");
  for (std::size_t i = 0; i < transactions.size(); ++i) t.transactions.push_back(parseTransaction(transactions[i], i));

  if (result.contains("default_witness_commitment")) t.defaultWitnessCommitment = hexField(result, "default_witness_commitment");
  if (result.contains("mweb")) t.mweb = hexField(result, "mweb");
  if (auto id = result.find("longpollid"); id != result.end() && id->is_string()) t.longPollId = id->get<std::string>();
  if (result.contains("sigoplimit")) t.sigopLimit = integer<std::int64_t>(result, "sigoplimit", 1, INT64_MAX);
  if (result.contains("sizelimit")) t.sizeLimit = integer<std::int64_t>(result, "sizelimit", 1, INT64_MAX);
  if (result.contains("weightlimit")) t.weightLimit = integer<std::int64_t>(result, "weightlimit", 1, INT64_MAX);
  return t;
}

json templateRequest(std::string_view coin, const std::string& longPollId) {
  json rules = json::array({"segwit"});
  if (coin == "litecoin") rules.push_back("mweb");
  json request = {{"rules", rules}};
  if (!longPollId.empty()) request["longpollid"] = longPollId;
  return json::array({request});
}

}  // namespace otedama::chain
