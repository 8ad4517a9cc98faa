// The table of known chains.
#include "chain/coin_params.hpp"

namespace otedama::chain {
namespace {

constexpr std::string_view kNoClient = "its node client and proof of work are not implemented yet";

constexpr CoinParams kCoins[] = {
    {"bitcoin", "Bitcoin", "BTC", "sha256d", ChainFamily::Bitcoin, DifficultyFamily::Bitcoin, true, {}, {8332, 18332, 18443}},
    {"litecoin", "Litecoin", "LTC", "scrypt", ChainFamily::Bitcoin, DifficultyFamily::ScryptStratum, true, {}, {9332, 19332, 19443}},
    {"monero", "Monero", "XMR", "randomx", ChainFamily::Monero, DifficultyFamily::Monero, true, {}, {18081, 28081, 18081}},
    {"ethereumclassic", "Ethereum Classic", "ETC", "etchash", ChainFamily::Other, DifficultyFamily::Bitcoin, false, kNoClient, {}},
    {"ravencoin", "Ravencoin", "RVN", "kawpow", ChainFamily::Other, DifficultyFamily::Bitcoin, false, kNoClient, {}},
    {"ergo", "Ergo", "ERG", "autolykos2", ChainFamily::Other, DifficultyFamily::Bitcoin, false, kNoClient, {}},
    {"kaspa", "Kaspa", "KAS", "kheavyhash", ChainFamily::Other, DifficultyFamily::Bitcoin, false, kNoClient, {}},
    {"zcash", "Zcash", "ZEC", "equihash", ChainFamily::Other, DifficultyFamily::Bitcoin, false, kNoClient, {}},
    {"conflux", "Conflux", "CFX", "octopus", ChainFamily::Other, DifficultyFamily::Bitcoin, false, kNoClient, {}},
    {"beam", "Beam", "BEAM", "beamhash3", ChainFamily::Other, DifficultyFamily::Bitcoin, false, kNoClient, {}},
};

}  // namespace

std::optional<Network> parseNetwork(std::string_view name) {
  if (name == "mainnet") return Network::Mainnet;
  if (name == "testnet") return Network::Testnet;
  if (name == "regtest") return Network::Regtest;
  return std::nullopt;
}

std::string_view networkName(Network network) {
  switch (network) {
    case Network::Mainnet: return "mainnet";
    case Network::Testnet: return "testnet";
    case Network::Regtest: return "regtest";
  }
  return "unknown";
}

std::span<const CoinParams> knownCoins() { return kCoins; }

const CoinParams* findCoin(std::string_view name) {
  for (const CoinParams& coin : kCoins) {
    if (coin.name == name) return &coin;
  }
  return nullptr;
}

}  // namespace otedama::chain
