// A Bitcoin-family node (Bitcoin Core, Litecoin Core and forks) as the pool sees it: is it usable
// (reachable, right credentials, right chain, synced), its block templates, and block submission
// with the answer mapped to a clear outcome, checked against the node's tip afterwards.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "chain/block_template.hpp"
#include "chain/coin_params.hpp"
#include "chain/rpc_client.hpp"

namespace otedama::chain {

// Why the node cannot be used right now, in words for the person running the pool (the product
// guide's "Cannot connect to blockchain" troubleshooting).
struct NodeProblem {
  enum class Kind { Unreachable, Unauthorized, WarmingUp, Syncing, NoPeers, WrongChain, BadAnswer, Other };
  Kind kind = Kind::Other;
  std::string message;
};

struct NodeStatus {
  std::optional<NodeProblem> problem;  // empty: ready for mining
  std::string chain;                   // "main", "test", "regtest"
  std::uint32_t blocks = 0;
  std::uint32_t headers = 0;
  int connections = 0;
  std::string version;                 // subversion, e.g. "/LitecoinCore:0.21.2.1/"
};

enum class SubmitStatus {
  Accepted,   // the node took it and it is its tip (or in its best chain)
  Duplicate,  // the node already had it
  Stale,      // valid work, but built on a tip that is no longer the best
  Invalid,    // refused; `reason` is the node's reason (e.g. "bad-cb-amount", "high-hash")
  Error,      // could not ask (node unreachable, ...)
};

struct SubmitOutcome {
  SubmitStatus status = SubmitStatus::Error;
  std::string reason;
  std::string blockHash;  // display order
};

std::string_view submitStatusName(SubmitStatus status);

struct TemplateReply {
  std::optional<BlockTemplate> blockTemplate;
  std::optional<NodeProblem> problem;
  bool timedOut = false;  // the node did not answer in time (normal for a long poll)
};

// Callbacks run on the io_context's thread. Destroying a BitcoinNode cancels its calls in flight
// (their callbacks then see a Cancelled error); the callbacks never touch the destroyed object.
class BitcoinNode {
 public:
  BitcoinNode(boost::asio::io_context& io, RpcEndpoint endpoint, const CoinParams& coin, Network network,
              RpcOptions options = {});

  void checkStatus(std::function<void(NodeStatus)> done);
  // With a longpollid the node answers when its tip changes or new transactions arrive.
  void getTemplate(const std::string& longPollId, std::function<void(TemplateReply)> done,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
  void submitBlock(const Bytes& block, const Hash32& blockHash, std::function<void(SubmitOutcome)> done);

  RpcClient& rpc() { return *rpc_; }
  const CoinParams& coin() const { return coin_; }
  Network network() const { return network_; }

  // The problem an RPC failure means for a person (used for every call).
  NodeProblem problemFrom(const RpcError& error) const { return nodeProblemFrom(error, coin_); }
  static NodeProblem nodeProblemFrom(const RpcError& error, const CoinParams& coin);
  // The chain name getblockchaininfo reports for a network ("main", "test", "regtest").
  static std::string_view expectedChainName(Network network);

 private:
  std::shared_ptr<RpcClient> rpc_;  // shared with the callbacks that make follow-up calls
  const CoinParams& coin_;          // static table entry
  Network network_;
};

}  // namespace otedama::chain
