// The node's configuration: the product guide's JSON file (config/p2p-pool.json) with `//`
// comments allowed. Every key has a default; a bad value is refused with the key, the value and
// the reason; unknown keys are reported as warnings, not errors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chain/coin_params.hpp"
#include "chain/rpc_client.hpp"
#include "pow/randomx_algorithm.hpp"
#include "util/logging.hpp"

namespace otedama::node {

// The share chain's consensus limit on a node's fee (sharechain params maxFeePpm = 50000).
inline constexpr double kMaxPoolFeePercent = 5.0;

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

struct AlgorithmConfig {
  std::string variant;       // proof of work; must be the chain's (defaults to it)
  unsigned threads = 0;      // verification threads; 0: all cores
  pow::RandomXMode randomxMode = pow::RandomXMode::Auto;
};

struct StratumConfig {
  double startDifficulty = 0;  // 0: a default for the chain's algorithm
  double minDifficulty = 0;
  double maxDifficulty = 0;
  unsigned shareSeconds = 10;  // vardiff aims at one share per miner this often
  unsigned maxConnectionsPerIp = 64;
  unsigned banSeconds = 600;
  bool banLoopback = false;  // ban abusive local clients too (off: the sandbox miners are local)
  std::uint16_t tlsPort = 0;  // 0: no stratum+ssl
  std::filesystem::path tlsCertificate;  // default: <dataDir>/stratum.crt
  std::filesystem::path tlsKey;          // default: <dataDir>/stratum.key
  bool tlsSelfSigned = false;            // create the pair at first start when missing
};

struct Config {
  bool sandbox = false;  // local test network (regtest node started by Otedama)
  std::string poolName = "Otedama";
  // The node operator's fee: this percentage of the weight of every share this node's miners find
  // is credited to poolAddress in the PPLNS window (so only this node's miners pay it).
  std::string poolAddress;
  double poolFee = 0.0;
  std::string blockchain = "litecoin";
  chain::Network network = chain::Network::Mainnet;
  std::string blockchainHost = "127.0.0.1";
  std::uint16_t blockchainPort = 0;  // 0 before validation: the chain's default for the network
  std::string blockchainUsername;
  std::string blockchainPassword;
  std::string blockchainCookieFile;  // used when no username is given
  std::uint16_t p2pPort = 9338;
  std::uint16_t stratumPort = 3333;
  std::uint16_t apiPort = 8080;
  std::string apiBind = "127.0.0.1";
  std::string p2pBind = "0.0.0.0";      // "::" for IPv6 too
  std::string stratumBind = "0.0.0.0";  // miners on the LAN connect here
  std::vector<HostPort> bootstrapNodes;
  unsigned maxPeers = 50;
  unsigned shareWindow = 2160;
  unsigned targetShareTime = 10;  // seconds
  LoggingOptions logging;
  AlgorithmConfig algorithm;
  StratumConfig stratum;
  std::filesystem::path dataDir;  // default: $XDG_DATA_HOME/otedama or ~/.local/share/otedama
};

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string key, std::string value, std::string reason);
  const std::string& key() const { return key_; }      // "stratumPort", "logging.level"; "" for the file
  const std::string& value() const { return value_; }  // the refused value as JSON text
  const std::string& reason() const { return reason_; }

 private:
  std::string key_, value_, reason_;
};

struct LoadedConfig {
  Config config;
  std::vector<std::string> warnings;  // unknown keys and other non-fatal remarks
};

// Parses and checks a configuration text. Throws ConfigError.
LoadedConfig parseConfig(std::string_view jsonText);

// Reads and parses a configuration file. Throws ConfigError (key "" when the file cannot be read).
LoadedConfig loadConfigFile(const std::filesystem::path& path);

// The configuration built into the binaries (resources/config/default.json): the sandbox.
std::string_view defaultConfigText();

// Parses "host:port", "[v6addr]:port" or "name:port". Throws std::invalid_argument with a reason.
HostPort parseHostPort(std::string_view text);

// Where the node keeps its data when `dataDir` is not set: $XDG_DATA_HOME/otedama, or
// ~/.local/share/otedama.
std::filesystem::path defaultDataDir();

// How to reach the configured blockchain node's RPC.
chain::RpcEndpoint rpcEndpointOf(const Config& config);

// A few lines saying what the node would run with this configuration.
std::string describeConfig(const Config& config);

}  // namespace otedama::node
