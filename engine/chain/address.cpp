// Bitcoin and Litecoin addresses <-> output scripts, with refusals a miner can act on.
#include "chain/address.hpp"

#include <algorithm>
#include <vector>

#include "chain/base58.hpp"
#include "chain/bech32.hpp"
#include "util/hex.hpp"

namespace otedama::chain {
namespace {

constexpr int kNoVersion = -1;

struct AddressParams {
  std::string_view coin;      // config value of `blockchain`
  std::string_view coinName;  // for messages
  Network network;
  std::uint8_t p2pkhVersion;
  std::uint8_t p2shVersion;  // the one encodeAddress writes
  int legacyP2shVersion;     // also read: Litecoin's P2SH shared Bitcoin's prefix before 0.13
  std::string_view hrp;
  std::string_view prefixes;  // how the network's addresses start, for messages
};

// Regtest shares testnet's Base58 versions on both chains, so those addresses are accepted there too
// (as the nodes themselves do); only the Bech32 prefix tells the two apart.
constexpr AddressParams kAddressParams[] = {
    {"bitcoin", "Bitcoin", Network::Mainnet, 0x00, 0x05, kNoVersion, "bc", "1, 3 or bc1"},
    {"bitcoin", "Bitcoin", Network::Testnet, 0x6f, 0xc4, kNoVersion, "tb", "m, n, 2 or tb1"},
    {"bitcoin", "Bitcoin", Network::Regtest, 0x6f, 0xc4, kNoVersion, "bcrt", "m, n, 2 or bcrt1"},
    {"litecoin", "Litecoin", Network::Mainnet, 0x30, 0x32, 0x05, "ltc", "L, M, 3 or ltc1"},
    {"litecoin", "Litecoin", Network::Testnet, 0x6f, 0x3a, 0xc4, "tltc", "m, n, Q, 2 or tltc1"},
    {"litecoin", "Litecoin", Network::Regtest, 0x6f, 0x3a, 0xc4, "rltc", "m, n, Q, 2 or rltc1"},
};

// Human-readable parts of Litecoin MWEB stealth addresses. They are checked before any decoding:
// MWEB addresses are longer than Bech32's 90 characters and would otherwise be refused for length.
constexpr std::string_view kMwebHrps[] = {"ltcmweb", "tltcmweb", "rltcmweb", "tmweb", "rmweb", "mweb"};

// Version bytes of WIF private keys (Bitcoin mainnet, both testnets, Litecoin mainnet): a miner who
// pastes one must be told it is a secret, not an address.
constexpr std::uint8_t kPrivateKeyVersions[] = {0x80, 0xef, 0xb0};

constexpr std::uint8_t kOpDup = 0x76;
constexpr std::uint8_t kOpHash160 = 0xa9;
constexpr std::uint8_t kOpEqual = 0x87;
constexpr std::uint8_t kOpEqualVerify = 0x88;
constexpr std::uint8_t kOpCheckSig = 0xac;
constexpr std::uint8_t kOp1 = 0x51;  // OP_n for n = 1..16 is 0x50 + n
constexpr std::size_t kHashSize = 20;
constexpr std::size_t kP2pkhScriptSize = 25;
constexpr std::size_t kP2shScriptSize = 23;

const AddressParams& paramsFor(std::string_view coin, Network network) {
  for (const AddressParams& params : kAddressParams) {
    if (params.coin == coin && params.network == network) return params;
  }
  throw AddressError("addresses of '" + std::string(coin) +
                     "' are not handled by this decoder; it knows bitcoin and litecoin");
}

std::string chainName(const AddressParams& params) {
  return std::string(params.coinName) + " " + std::string(networkName(params.network));
}

std::string startsWith(const AddressParams& params) {
  return "a " + chainName(params) + " address starts with " + std::string(params.prefixes);
}

std::string joinWithOr(const std::vector<std::string>& parts) {
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += " or ";
    joined += parts[i];
  }
  return joined;
}

// "Bitcoin or Litecoin testnet or regtest", "Litecoin mainnet", ... for the chains an address fits.
std::string describeChains(const std::vector<const AddressParams*>& chains) {
  std::vector<std::pair<std::string, std::vector<std::string>>> networksByCoin;
  for (const AddressParams* params : chains) {
    auto it = std::find_if(networksByCoin.begin(), networksByCoin.end(),
                           [&](const auto& entry) { return entry.first == params->coinName; });
    if (it == networksByCoin.end()) {
      networksByCoin.emplace_back(std::string(params->coinName), std::vector<std::string>{});
      it = networksByCoin.end() - 1;
    }
    it->second.emplace_back(networkName(params->network));
  }
  const bool sameNetworks = std::all_of(networksByCoin.begin(), networksByCoin.end(),
                                        [&](const auto& entry) { return entry.second == networksByCoin[0].second; });
  std::vector<std::string> parts;
  if (sameNetworks) {
    for (const auto& entry : networksByCoin) parts.push_back(entry.first);
    return joinWithOr(parts) + " " + joinWithOr(networksByCoin[0].second);
  }
  for (const auto& entry : networksByCoin) parts.push_back(entry.first + " " + joinWithOr(entry.second));
  return joinWithOr(parts);
}

[[noreturn]] void refuseOtherChain(const std::vector<const AddressParams*>& chains, const AddressParams& expected) {
  throw AddressError("this is a " + describeChains(chains) + " address, but the pool runs on " +
                     chainName(expected) + "; " + startsWith(expected));
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// For text that is not Base58Check: worth decoding as Bech32 to name what is wrong with it?
bool looksLikeBech32(std::string_view text, std::size_t separator) {
  if (separator == std::string_view::npos || separator == 0) return false;
  if (text.size() - separator - 1 < kBech32ChecksumLength) return false;
  const bool hasLower = std::any_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  const bool hasUpper = std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (hasLower && hasUpper) return false;  // Base58 text is mixed case
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(separator) + 1, text.end(), isBech32DataCharacter);
}

Bytes witnessScript(int version, ByteSpan program) {
  Bytes script;
  script.reserve(program.size() + 2);
  script.push_back(version == 0 ? 0 : static_cast<std::uint8_t>(kOp1 - 1 + version));
  script.push_back(static_cast<std::uint8_t>(program.size()));
  script.insert(script.end(), program.begin(), program.end());
  return script;
}

AddressType witnessType(int version, std::size_t programSize) {
  if (version == 0) return programSize == kHashSize ? AddressType::P2WPKH : AddressType::P2WSH;
  if (version == 1 && programSize == 32) return AddressType::P2TR;
  return AddressType::WitnessUnknown;
}

DecodedAddress decodeWitnessAddress(std::string_view address, const AddressParams& expected) {
  SegwitProgram segwit;
  try {
    segwit = decodeSegwit(address);
  } catch (const Bech32Error& e) {
    throw AddressError(e.what());
  }
  if (segwit.hrp != expected.hrp) {
    std::vector<const AddressParams*> chains;
    for (const AddressParams& params : kAddressParams) {
      if (params.hrp == segwit.hrp) chains.push_back(&params);
    }
    if (chains.empty()) {
      throw AddressError("the prefix '" + segwit.hrp + "1' is not a Bitcoin or Litecoin one; " + startsWith(expected));
    }
    refuseOtherChain(chains, expected);
  }
  DecodedAddress decoded;
  decoded.type = witnessType(segwit.version, segwit.program.size());
  decoded.script = witnessScript(segwit.version, segwit.program);
  decoded.witnessVersion = segwit.version;
  decoded.program = std::move(segwit.program);
  return decoded;
}

DecodedAddress decodeBase58Address(const Bytes& payload, const AddressParams& expected) {
  const bool privateKeySize = payload.size() == 33 || (payload.size() == 34 && payload.back() == 0x01);
  if (privateKeySize && std::find(std::begin(kPrivateKeyVersions), std::end(kPrivateKeyVersions), payload[0]) !=
                            std::end(kPrivateKeyVersions)) {
    throw AddressError("this is a private key (WIF), not an address: keep it secret and give the pool an "
                       "address of its wallet instead");
  }
  if (payload.size() != 1 + kHashSize) {
    throw AddressError("the address decodes to " + std::to_string(payload.size()) +
                       " bytes; a P2PKH or P2SH address holds 21 (a version byte and a 20-byte hash)");
  }
  const std::uint8_t version = payload[0];
  const ByteSpan hash = ByteSpan(payload).subspan(1);
  DecodedAddress decoded;
  decoded.program.assign(hash.begin(), hash.end());
  if (version == expected.p2pkhVersion) {
    decoded.type = AddressType::P2PKH;
    decoded.script = {kOpDup, kOpHash160, static_cast<std::uint8_t>(kHashSize)};
    decoded.script.insert(decoded.script.end(), hash.begin(), hash.end());
    decoded.script.insert(decoded.script.end(), {kOpEqualVerify, kOpCheckSig});
    return decoded;
  }
  if (version == expected.p2shVersion || version == expected.legacyP2shVersion) {
    decoded.type = AddressType::P2SH;
    decoded.script = {kOpHash160, static_cast<std::uint8_t>(kHashSize)};
    decoded.script.insert(decoded.script.end(), hash.begin(), hash.end());
    decoded.script.push_back(kOpEqual);
    return decoded;
  }
  std::vector<const AddressParams*> chains;
  for (const AddressParams& params : kAddressParams) {
    if (version == params.p2pkhVersion || version == params.p2shVersion || version == params.legacyP2shVersion) {
      chains.push_back(&params);
    }
  }
  if (chains.empty()) {
    throw AddressError("the address version byte 0x" + toHex(ByteSpan(&payload[0], 1)) +
                       " is not a Bitcoin or Litecoin one; " + startsWith(expected));
  }
  refuseOtherChain(chains, expected);
}

}  // namespace

DecodedAddress decodeAddress(std::string_view address, std::string_view coin, Network network) {
  const AddressParams& expected = paramsFor(coin, network);
  if (address.empty()) throw AddressError("the address is empty; " + startsWith(expected));

  // Bech32 puts its prefix before the last '1'; a legacy address of these chains never starts with
  // one of the known prefixes, so the prefix alone picks the decoder.
  const std::size_t separator = address.rfind('1');
  const std::string prefix =
      separator == std::string_view::npos ? std::string() : lowercase(address.substr(0, separator));
  if (std::find(std::begin(kMwebHrps), std::end(kMwebHrps), prefix) != std::end(kMwebHrps)) {
    throw AddressError("MWEB addresses cannot receive coinbase outputs; use a regular " + chainName(expected) +
                       " address of the same wallet (one starting with " + std::string(expected.prefixes) + ")");
  }
  const bool knownHrp = std::any_of(std::begin(kAddressParams), std::end(kAddressParams),
                                    [&](const AddressParams& params) { return params.hrp == prefix; });
  if (knownHrp) return decodeWitnessAddress(address, expected);

  Bytes payload;
  try {
    payload = decodeBase58Check(address);
  } catch (const Base58Error& e) {
    // An unknown prefix on otherwise Bech32-shaped text: decode it as Bech32 to say what is wrong.
    if (looksLikeBech32(address, separator)) return decodeWitnessAddress(address, expected);
    throw AddressError(e.what());
  }
  return decodeBase58Address(payload, expected);
}

std::string encodeAddress(ByteSpan script, std::string_view coin, Network network) {
  const AddressParams& params = paramsFor(coin, network);
  const AddressType type = scriptType(script);
  if (type == AddressType::P2PKH) {
    Bytes payload{params.p2pkhVersion};
    payload.insert(payload.end(), script.begin() + 3, script.begin() + 3 + kHashSize);
    return encodeBase58Check(payload);
  }
  if (type == AddressType::P2SH) {
    Bytes payload{params.p2shVersion};
    payload.insert(payload.end(), script.begin() + 2, script.begin() + 2 + kHashSize);
    return encodeBase58Check(payload);
  }
  const int version = script[0] == 0 ? 0 : script[0] - (kOp1 - 1);
  return encodeSegwit(params.hrp, version, script.subspan(2));
}

AddressType scriptType(ByteSpan script) {
  if (script.size() == kP2pkhScriptSize && script[0] == kOpDup && script[1] == kOpHash160 && script[2] == kHashSize &&
      script[23] == kOpEqualVerify && script[24] == kOpCheckSig) {
    return AddressType::P2PKH;
  }
  if (script.size() == kP2shScriptSize && script[0] == kOpHash160 && script[1] == kHashSize && script[22] == kOpEqual) {
    return AddressType::P2SH;
  }
  // BIP141: a one-byte push of the version (OP_0 or OP_1..OP_16), then one push of 2 to 40 bytes.
  const bool versionOpcode = script.size() >= 1 && (script[0] == 0 || (script[0] >= kOp1 && script[0] <= kOp1 + 15));
  if (versionOpcode && script.size() >= 4 && script.size() <= 42 && script[1] == script.size() - 2) {
    const int version = script[0] == 0 ? 0 : script[0] - (kOp1 - 1);
    const std::size_t programSize = script.size() - 2;
    if (version == 0 && programSize != 20 && programSize != 32) {
      throw AddressError("the script is a version 0 witness program of " + std::to_string(programSize) +
                         " bytes; only 20 (P2WPKH) and 32 (P2WSH) are spendable, and no address stands for it");
    }
    return witnessType(version, programSize);
  }
  const std::string shown = !script.empty() && script.size() <= 64 ? " " + toHex(script) : "";
  throw AddressError("the " + std::to_string(script.size()) + "-byte script" + shown +
                     " is not P2PKH, P2SH or a witness program; no address stands for it");
}

std::string_view addressTypeName(AddressType type) {
  switch (type) {
    case AddressType::P2PKH: return "P2PKH";
    case AddressType::P2SH: return "P2SH";
    case AddressType::P2WPKH: return "P2WPKH";
    case AddressType::P2WSH: return "P2WSH";
    case AddressType::P2TR: return "P2TR";
    case AddressType::WitnessUnknown: return "witness (unknown version)";
  }
  return "unknown";
}

}  // namespace otedama::chain
