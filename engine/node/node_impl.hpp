// Node's insides, shared by node.cpp (lifecycle and wiring) and node_snapshot_builder.cpp (what
// the outside sees). Everything here lives on the engine thread except `mutex`, `cached`, the
// running flag and what `commandMutex` guards.
#pragma once

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "api/api_server.hpp"
#include "chain/bitcoin_node.hpp"
#include "chain/template_poller.hpp"
#include "miner/cpu_miner.hpp"
#include "node/block_tracker.hpp"
#include "node/node.hpp"
#include "node/peer_book.hpp"
#include "node/sandbox.hpp"
#include "node/share_archive.hpp"
#include "node/work_coordinator.hpp"
#include "p2p/p2p_network.hpp"
#include "pow/algorithm.hpp"
#include "store/store.hpp"
#include "stratum/server.hpp"

namespace otedama::node {

class Node::Impl {
 public:
  explicit Impl(Config config);
  ~Impl();

  void start();
  void startSandbox();
  void startSandboxMiner();
  void stop();
  NodeSnapshot snapshot() const;
  // Runs `command` on the engine thread and waits for its answer (at once when called there).
  CommandResult runOnEngine(const std::function<CommandResult()>& command);

  // engine thread
  void emit(NodeEventKind kind, std::string part, std::string message, std::string subject = {}, std::uint64_t height = 0);
  void setProblem(const std::string& part, std::optional<std::string> problem);
  void scheduleTick();
  void tick();
  void refreshSnapshot();
  NodeSnapshot buildSnapshot();  // node_snapshot_builder.cpp
  CommandResult banPeer(const std::string& nodeIdHex, std::chrono::seconds length);
  CommandResult unbanPeer(const std::string& subject);
  const std::string& addressOf(const Bytes& script);

  Config config;
  const chain::CoinParams* coin = nullptr;
  std::function<void(const NodeEvent&)> onEvent;

  boost::asio::io_context io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> workGuard;
  std::thread thread;
  std::future<void> engineDone;  // ready when io.run() returned
  std::atomic<bool> running{false};
  bool started = false;
  std::int64_t startedAt = 0;

  // The sandbox (config.sandbox): its litecoind pair, started first and stopped last, and the
  // built-in CPU miner that mines on our stratum port.
  std::unique_ptr<Sandbox> sandbox;
  std::unique_ptr<miner::CpuMiner> sandboxMiner;
  std::string sandboxMinerUser;

  std::unique_ptr<store::Store> store;
  std::unique_ptr<pow::Algorithm> algorithm;
  std::unique_ptr<sharechain::ShareChain> chain;
  std::unique_ptr<ShareArchive> archive;
  std::unique_ptr<PeerBook> peerBook;
  std::unique_ptr<chain::BitcoinNode> parentNode;
  std::unique_ptr<chain::TemplatePoller> poller;
  std::unique_ptr<stratum::StratumServer> stratum;
  std::unique_ptr<WorkCoordinator> coordinator;
  std::unique_ptr<BlockTracker> blockTracker;
  std::unique_ptr<p2p::P2pNetwork> network;
  std::unique_ptr<api::ApiServer> api;
  std::optional<p2p::NodeIdentity> identity;
  std::optional<boost::asio::steady_timer> ticker;

  // Problems by part ("parentChain", ...): what the status lights say.
  std::map<std::string, std::string> problems;
  std::uint64_t reorgs = 0;
  std::uint64_t sharesAccepted = 0, sharesRejected = 0;
  std::int64_t lastPrune = 0, lastPeerSave = 0;
  std::map<Bytes, std::string> addresses;  // payout script -> address, for snapshots

  mutable std::mutex mutex;
  NodeSnapshot cached;  // under mutex

  // Commands are posted under this lock while accepted, and stop() stops accepting them under it
  // before it posts its own work: every command posted is answered before the parts stop.
  std::mutex commandMutex;
  bool acceptingCommands = false;  // under commandMutex
  std::thread::id engineThread;    // under commandMutex
};

}  // namespace otedama::node
