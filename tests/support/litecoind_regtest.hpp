// Test harness: real `litecoind -regtest` nodes on free loopback ports in a temporary folder,
// connected to each other (getblocktemplate needs a peer). Stopped and removed when the harness
// is destroyed; the nodes also die with the test process if it crashes (PR_SET_PDEATHSIG).
#pragma once

#include <QJsonValue>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <vector>

#include "chain/rpc_client.hpp"

namespace otedama::test {

class LitecoindRegtest {
 public:
  struct Node {
    std::uint16_t p2pPort = 0;
    std::uint16_t rpcPort = 0;
    QString dataDir;
    bool cookieAuth = false;  // node 0: user/password; the others: the .cookie file
    std::unique_ptr<QProcess> process;
  };

  static constexpr const char* kRpcUser = "otedama";
  static constexpr const char* kRpcPassword = "regtest-password";

  explicit LitecoindRegtest(int nodeCount = 2);
  ~LitecoindRegtest();
  LitecoindRegtest(const LitecoindRegtest&) = delete;
  LitecoindRegtest& operator=(const LitecoindRegtest&) = delete;

  // Starts every node, waits for RPC, connects them and creates a wallet on each.
  // Returns an empty string on success, else what went wrong.
  QString start();

  bool stopNode(int index);   // clean `stop`, then waits for the process (kills it after 60 s)
  QString startNode(int index);

  // Runs litecoin-cli against a node; the answer parsed as JSON when it is JSON, else a string.
  // Throws std::runtime_error with litecoin-cli's message on failure.
  QJsonValue cli(int index, const QStringList& arguments, int timeoutMs = 120000);

  // Mines `count` blocks on a node to a fresh wallet address; returns the last block hash.
  QString mine(int index, int count);
  // Waits until a node reaches a height (the node's own waitforblockheight, no sleeping).
  void waitForHeight(int index, int height);

  chain::RpcEndpoint endpoint(int index) const;
  const Node& node(int index) const { return nodes_[std::size_t(index)]; }
  QString dataDir() const { return dir_.path(); }

 private:
  QStringList cliBase(int index) const;
  void writeConfig(int index);

  QTemporaryDir dir_;
  std::vector<Node> nodes_;
};

}  // namespace otedama::test
