// otedama-node check-node [CONFIG]: asks the configured blockchain node whether the pool can use it
// (reachable, credentials, chain, sync, peers) and fetches one block template. The check itself is
// node::checkBlockchainNode, which the desktop app's wizard runs too.
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "node/config.hpp"
#include "node/setup_checks.hpp"

namespace otedama::app {

int runCheckNode(const char* configPath) {
  node::Config config;
  try {
    config = (configPath != nullptr ? node::loadConfigFile(configPath) : node::parseConfig(node::defaultConfigText())).config;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "otedama-node: %s\n", e.what());
    return kExitFailure;
  }
  const chain::CoinParams& coin = *chain::findCoin(config.blockchain);
  if (coin.family != chain::ChainFamily::Bitcoin) {
    std::fprintf(stderr, "otedama-node check-node: the %.*s node client is not implemented yet\n",
                 int(coin.displayName.size()), coin.displayName.data());
    return kExitFailure;
  }

  std::printf("checking the %.*s node at %s:%u ...\n", int(coin.displayName.size()), coin.displayName.data(),
              config.blockchainHost.c_str(), unsigned(config.blockchainPort));
  std::fflush(stdout);  // shown while the node is asked, which can take up to the timeout

  const node::BlockchainNodeCheck check = node::checkBlockchainNode(config, std::chrono::seconds(15));
  if (check.statusOk) {
    std::printf("node: %s, chain '%s', %u blocks, %d peers\n", check.version.c_str(), check.chainName.c_str(),
                check.blocks, check.peers);
  }
  if (!check.ok) {
    std::printf("problem: %s\n", check.problem.c_str());
    return kExitFailure;
  }
  std::printf("template: height %u on %s, %zu transactions, reward %lld%s\n", check.templateHeight,
              check.templatePreviousBlock.c_str(), check.templateTransactions,
              static_cast<long long>(check.templateReward), check.templateMweb ? ", with MWEB" : "");
  std::printf("ready: the pool can mine on this node\n");
  return kExitOk;
}

}  // namespace otedama::app
