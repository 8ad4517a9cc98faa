// Test helper: a sandbox configuration (Otedama's own litecoind regtest pair, node and CPU miner)
// on free loopback ports, so several tests can run side by side.
#pragma once

#include "free_port.hpp"
#include "node/config.hpp"

namespace otedama::test {

inline node::Config sandboxConfig() {
  node::Config config;
  config.sandbox = true;
  config.blockchain = "litecoin";
  config.network = chain::Network::Regtest;
  config.stratumBind = "127.0.0.1";
  config.p2pBind = "127.0.0.1";
  config.stratumPort = freeLoopbackPort();
  config.p2pPort = freeLoopbackPort();
  config.apiPort = freeLoopbackPort();
  return config;
}

}  // namespace otedama::test
