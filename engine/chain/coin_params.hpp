// The chains Otedama knows: name, ticker, proof of work, difficulty convention and the RPC port of
// each network. Chains whose client or proof of work has not landed yet are listed as unsupported
// with the reason, so the config and the wizard can say so.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "util/difficulty.hpp"

namespace otedama::chain {

enum class Network { Mainnet, Testnet, Regtest };

// Chains that share a node interface, address format and block structure.
enum class ChainFamily { Bitcoin, Monero, Other };

std::optional<Network> parseNetwork(std::string_view name);  // "mainnet", "testnet", "regtest"
std::string_view networkName(Network network);

struct CoinParams {
  std::string_view name;         // config value of `blockchain`
  std::string_view displayName;
  std::string_view ticker;
  std::string_view algorithm;    // proof-of-work name in the pow registry
  ChainFamily family;
  DifficultyFamily stratumDifficulty;
  bool supported;
  std::string_view unsupportedReason;
  std::array<std::uint16_t, 3> rpcPorts;  // default node RPC port by Network (0: none known)

  std::uint16_t defaultRpcPort(Network network) const { return rpcPorts[static_cast<std::size_t>(network)]; }
};

std::span<const CoinParams> knownCoins();
const CoinParams* findCoin(std::string_view name);

}  // namespace otedama::chain
