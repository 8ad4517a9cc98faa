// otedama-node check-node [CONFIG]: asks the configured blockchain node whether the pool can use it
// (reachable, credentials, chain, sync, peers) and fetches one block template.
#include <cstdio>
#include <exception>

#include <boost/asio/io_context.hpp>

#include "chain/bitcoin_node.hpp"
#include "commands.hpp"
#include "node/config.hpp"
#include "util/hex.hpp"

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

  const chain::RpcEndpoint endpoint = node::rpcEndpointOf(config);
  std::printf("checking the %.*s node at %s:%u ...\n", int(coin.displayName.size()), coin.displayName.data(),
              endpoint.host.c_str(), unsigned(endpoint.port));

  boost::asio::io_context io;
  chain::BitcoinNode node(io, endpoint, coin, config.network, chain::RpcOptions{.timeout = std::chrono::seconds(15)});
  int exitCode = kExitFailure;
  node.checkStatus([&](chain::NodeStatus status) {
    if (status.problem) {
      std::printf("problem: %s\n", status.problem->message.c_str());
      return;
    }
    std::printf("node: %s, chain '%s', %u blocks, %d peers\n", status.version.c_str(), status.chain.c_str(),
                status.blocks, status.connections);
    node.getTemplate({}, [&](chain::TemplateReply reply) {
      if (reply.problem) {
        std::printf("problem: %s\n", reply.problem->message.c_str());
        return;
      }
      const chain::BlockTemplate& t = *reply.blockTemplate;
      std::printf("template: height %u on %s, %zu transactions, reward %lld%s\n", t.height,
                  t.previousBlockHashHex().c_str(), t.transactions.size(), static_cast<long long>(t.coinbaseValue),
                  t.mweb ? ", with MWEB" : "");
      std::printf("ready: the pool can mine on this node\n");
      exitCode = kExitOk;
    });
  });
  io.run();
  return exitCode;
}

}  // namespace otedama::app
