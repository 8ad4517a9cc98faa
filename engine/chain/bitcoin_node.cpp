// Bitcoin-family node status, templates and block submission.
#include "chain/bitcoin_node.hpp"

#include <memory>

#include "util/hex.hpp"

namespace otedama::chain {

using nlohmann::json;

namespace {
// Bitcoin Core's RPC error codes that mean "not ready yet" rather than "broken".
constexpr int kRpcInWarmup = -28;
constexpr int kRpcInitialDownload = -10;
constexpr int kRpcNotConnected = -9;
}  // namespace

std::string_view submitStatusName(SubmitStatus status) {
  switch (status) {
    case SubmitStatus::Accepted: return "accepted";
    case SubmitStatus::Duplicate: return "duplicate";
    case SubmitStatus::Stale: return "stale";
    case SubmitStatus::Invalid: return "invalid";
    case SubmitStatus::Error: return "error";
  }
  return "unknown";
}

BitcoinNode::BitcoinNode(boost::asio::io_context& io, RpcEndpoint endpoint, const CoinParams& coin, Network network,
                         RpcOptions options)
    : rpc_(std::make_shared<RpcClient>(io, std::move(endpoint), options)), coin_(coin), network_(network) {}

std::string_view BitcoinNode::expectedChainName(Network network) {
  switch (network) {
    case Network::Mainnet: return "main";
    case Network::Testnet: return "test";
    case Network::Regtest: return "regtest";
  }
  return "";
}

NodeProblem BitcoinNode::nodeProblemFrom(const RpcError& error, const CoinParams& coin) {
  using Kind = NodeProblem::Kind;
  const std::string node = std::string(coin.displayName) + " node";
  switch (error.kind()) {
    case RpcErrorKind::Unreachable:
    case RpcErrorKind::Timeout:
      return {Kind::Unreachable, "Cannot connect to the " + node + ": " + error.what()};
    case RpcErrorKind::Unauthorized:
      return {Kind::Unauthorized, "The " + node + " refused the login: " + error.what()};
    case RpcErrorKind::Rpc:
      if (error.rpcCode() == kRpcInWarmup) {
        return {Kind::WarmingUp, "The " + node + " is starting up (" + error.what() + "); waiting for it"};
      }
      if (error.rpcCode() == kRpcInitialDownload) {
        return {Kind::Syncing, "The " + node + " is still syncing the blockchain; mining starts when it is done"};
      }
      if (error.rpcCode() == kRpcNotConnected) {
        return {Kind::NoPeers, "The " + node + " has no peers; it cannot know the current tip"};
      }
      return {Kind::Other, "The " + node + " answered an error: " + std::string(error.what()) + " (code " +
                               std::to_string(error.rpcCode()) + ")"};
    case RpcErrorKind::BadResponse:
    case RpcErrorKind::Http:
      return {Kind::BadAnswer, "The " + node + " gave an answer Otedama cannot use: " + error.what()};
    case RpcErrorKind::Busy:
    case RpcErrorKind::Cancelled:
      break;
  }
  return {Kind::Other, error.what()};
}

void BitcoinNode::checkStatus(std::function<void(NodeStatus)> done) {
  const CoinParams* coin = &coin_;
  rpc_->call("getblockchaininfo", json::array(), [rpc = rpc_, coin, network = network_, done = std::move(done)](RpcReply reply) {
    NodeStatus status;
    if (!reply.ok()) {
      status.problem = nodeProblemFrom(*reply.error, *coin);
      done(std::move(status));
      return;
    }
    const json& info = reply.result;
    status.chain = info.value("chain", "");
    status.blocks = info.value("blocks", 0u);
    status.headers = info.value("headers", 0u);
    const std::string_view expected = expectedChainName(network);
    if (status.chain != expected) {
      status.problem = NodeProblem{NodeProblem::Kind::WrongChain,
                                   "The " + std::string(coin->displayName) + " node runs the '" + status.chain +
                                       "' chain but the pool is set up for '" + std::string(expected) +
                                       "' (check the network in the config, or the node's -testnet/-regtest)"};
    } else if (info.value("initialblockdownload", false) && network != Network::Regtest) {
      status.problem = NodeProblem{NodeProblem::Kind::Syncing,
                                   "The " + std::string(coin->displayName) + " node is still syncing (block " +
                                       std::to_string(status.blocks) + " of " + std::to_string(status.headers) + ")"};
    }
    rpc->call("getnetworkinfo", json::array(), [status, done](RpcReply networkInfo) mutable {
      if (networkInfo.ok()) {
        status.connections = networkInfo.result.value("connections", 0);
        status.version = networkInfo.result.value("subversion", "");
      }
      done(std::move(status));
    });
  });
}

void BitcoinNode::getTemplate(const std::string& longPollId, std::function<void(TemplateReply)> done,
                              std::chrono::milliseconds timeout) {
  const CoinParams* coin = &coin_;
  rpc_->call(
      "getblocktemplate", templateRequest(coin_.name, longPollId),
      [coin, done = std::move(done)](RpcReply reply) {
        TemplateReply out;
        if (!reply.ok()) {
          out.problem = nodeProblemFrom(*reply.error, *coin);
          out.timedOut = reply.error->kind() == RpcErrorKind::Timeout;
        } else {
          try {
            out.blockTemplate = parseBlockTemplate(reply.result);
          } catch (const TemplateError& e) {
            out.problem = NodeProblem{NodeProblem::Kind::BadAnswer, e.what()};
          }
        }
        done(std::move(out));
      },
      timeout);
}

void BitcoinNode::submitBlock(const Bytes& block, const Hash32& blockHash, std::function<void(SubmitOutcome)> done) {
  const std::string hash = toHex(reversed(blockHash));
  const CoinParams* coin = &coin_;
  rpc_->call("submitblock", json::array({toHex(block)}), [rpc = rpc_, coin, hash, done = std::move(done)](RpcReply reply) {
    SubmitOutcome outcome;
    outcome.blockHash = hash;
    if (!reply.ok()) {
      const bool decodeFailed = reply.error->kind() == RpcErrorKind::Rpc;  // -22 "Block decode failed" and kin
      outcome.status = decodeFailed ? SubmitStatus::Invalid : SubmitStatus::Error;
      outcome.reason = decodeFailed ? reply.error->what() : nodeProblemFrom(*reply.error, *coin).message;
      done(std::move(outcome));
      return;
    }
    // BIP22: null means accepted; otherwise a reason string.
    const std::string answer = reply.result.is_string() ? reply.result.get<std::string>() : "";
    if (!reply.result.is_null() && answer.empty()) {
      outcome.status = SubmitStatus::Invalid;
      outcome.reason = "unexpected submitblock answer " + reply.result.dump();
      done(std::move(outcome));
      return;
    }
    if (answer == "duplicate") {
      outcome.status = SubmitStatus::Duplicate;
      done(std::move(outcome));
      return;
    }
    if (!answer.empty() && answer != "inconclusive" && answer != "duplicate-inconclusive") {
      // "prev-blk-not-found": built on a block the node does not know (any more) — stale work.
      outcome.status = answer == "prev-blk-not-found" ? SubmitStatus::Stale : SubmitStatus::Invalid;
      outcome.reason = answer;
      done(std::move(outcome));
      return;
    }
    // Accepted or inconclusive: the node's best chain decides (a block on an old tip is valid but stale).
    rpc->call("getblockheader", json::array({hash, true}), [answer, outcome, done](RpcReply header) mutable {
      if (!header.ok()) {
        outcome.status = SubmitStatus::Error;
        outcome.reason = std::string("submitted, but the node cannot show the block: ") + header.error->what();
      } else if (header.result.value("confirmations", -1) >= 1) {
        outcome.status = SubmitStatus::Accepted;
      } else {
        outcome.status = SubmitStatus::Stale;
        outcome.reason = answer.empty() ? "not in the node's best chain" : answer;
      }
      done(std::move(outcome));
    });
  });
}

}  // namespace otedama::chain
