// What the desktop app's setup wizard and settings dialog ask of the engine before a node runs:
// the chains to offer, whether a payout address, a port or a blockchain node can be used (each
// refusal a sentence for people), and writing the configuration file that `otedama-node` and the
// app read. The app sees the engine only through engine/node's headers, so these live here.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chain/bitcoin_node.hpp"
#include "chain/coin_params.hpp"
#include "node/config.hpp"

namespace otedama::node {

// One chain of the coin table, as the wizard's chain page shows it.
struct ChainChoice {
  std::string id;           // the config's `blockchain` value, e.g. "litecoin"
  std::string displayName;  // "Litecoin"
  std::string algorithm;    // proof of work, e.g. "scrypt"
  std::string ticker;       // "LTC"
  bool supported = false;
  std::string reason;  // why it cannot be chosen yet; empty when supported
  std::array<std::uint16_t, 3> rpcPorts{};  // the node's usual RPC port by chain::Network (0: none known)

  std::uint16_t defaultRpcPort(chain::Network network) const { return rpcPorts[static_cast<std::size_t>(network)]; }
};

// Every chain Otedama knows (the product guide's ten), in the coin table's order.
std::vector<ChainChoice> chainChoices();

// The usual RPC port of a chain's node (`chainId`: the config's `blockchain` value) on a network;
// 0 for an unknown chain or when none is known.
std::uint16_t defaultRpcPort(const std::string& chainId, chain::Network network);

// nullopt when `address` can receive this node's payouts on that chain and network; otherwise a
// sentence saying why not (empty, mistyped, bad checksum, another network or coin, a private key,
// an MWEB address, ...).
std::optional<std::string> payoutAddressProblem(const std::string& chainId, chain::Network network,
                                                const std::string& address);

// The same check, worded to follow a config key (lower case, no full stop): parseConfig's reason
// for refusing `poolAddress`, so the file and the wizard refuse an address with the same words.
std::optional<std::string> payoutAddressReason(const std::string& chainId, chain::Network network,
                                               const std::string& address);

// Which sockets a listening port needs. The P2P port needs both: UDP discovery binds the same
// port number on the same address as the TCP link listener (P2pNetworkOptions::discoveryPort is
// left unset by the node), because a bootstrap node's one "host:port" names both.
enum class PortUse { Tcp, TcpAndUdp };

// nullopt when this program could listen on bindHost:port now; otherwise a sentence: "Port 3333 is
// in use by another program.", "Cannot use port 80: permission denied ...", a port of 0, or a bind
// address that is not an IP address of this computer. It binds and releases at once (with
// SO_REUSEADDR on TCP, as the node's listeners do, so a recently closed connection does not count).
std::optional<std::string> portProblem(const std::string& bindHost, std::uint16_t port, PortUse use = PortUse::Tcp);

// The answer of checkBlockchainNode: the node's facts as far as the check got, and the first
// problem found.
struct BlockchainNodeCheck {
  bool ok = false;       // the pool can mine on this node
  std::string problem;   // for people; empty when ok
  // What kind of problem, so a form can point at the field to fix (host/port, credentials,
  // network); nullopt when ok or when the configuration itself is the problem (unknown chain).
  std::optional<chain::NodeProblem::Kind> problemKind;

  // The node answered and is usable: reachable, login accepted, the configured network, synced.
  bool statusOk = false;
  std::string version;    // e.g. "/LitecoinCore:0.21.2.1/"
  std::string chainName;  // as the node names it: "main", "test", "regtest"
  std::uint32_t blocks = 0;
  std::uint32_t headers = 0;
  int peers = 0;
  bool synced = false;

  // One block template was fetched (set only when statusOk).
  bool templateOk = false;
  std::uint32_t templateHeight = 0;
  std::string templatePreviousBlock;  // hash in display order
  std::size_t templateTransactions = 0;
  std::int64_t templateReward = 0;  // coinbase value in the chain's smallest unit
  bool templateMweb = false;
};

// Asks the configured blockchain node, as `otedama-node check-node` does: reachable, credentials,
// the right chain for config.network, synced, then one block template. Synchronous: it runs its
// own io_context and returns within about `timeout` (each RPC call gets that long, the whole check
// a little more). Safe to call on any thread but the engine's; the desktop app calls it on a
// worker thread. An unset blockchainPort means the chain's default for the network.
BlockchainNodeCheck checkBlockchainNode(const Config& config, std::chrono::seconds timeout);

// The configuration as the product guide's JSON file, pretty-printed with two spaces, keys in the
// guide's order. The guide's keys, `network`, `apiPort` and the node's credentials (username and
// password, or the cookie file) are always written; other keys only when they differ from the
// defaults (dataDir and the TLS files also when they differ from what the defaults derive).
// parseConfig(configToJson(c)).config equals c in every field parseConfig reads. Throws
// std::invalid_argument when a text value is not UTF-8.
std::string configToJson(const Config& config);

// Writes configToJson(config) to `path` atomically: a temporary file in the same folder, flushed
// to disk, mode 0600 (it holds the RPC password), then renamed over `path`. Creates the folder
// when missing. Throws std::runtime_error naming the path; no temporary file is left behind.
void writeConfigFile(const std::filesystem::path& path, const Config& config);

// The user's configuration file, which the desktop app reads at start and the wizard writes:
// $XDG_CONFIG_HOME/otedama/otedama.json, or ~/.config/otedama/otedama.json.
std::filesystem::path defaultConfigPath();

}  // namespace otedama::node
