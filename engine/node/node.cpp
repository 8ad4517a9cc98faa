// Node: building the parts from the configuration, wiring their events, the engine thread, the
// 1 Hz housekeeping (snapshot, pruning, saving peers), commands from other threads (ban and
// unban a peer) and a clean stop.
#include "node/node.hpp"

#include <algorithm>
#include <cctype>
#include <future>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "chain/address.hpp"
#include "node/node_impl.hpp"
#include "node/version.hpp"
#include "pow/registry.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"

namespace otedama::node {

namespace {

constexpr std::int64_t kPruneEverySeconds = 60;
constexpr std::int64_t kSavePeersEverySeconds = 300;

std::string displayHex(const Hash32& hash) { return toHex(reversed(hash)); }

}  // namespace

std::string_view nodeEventKindName(NodeEventKind kind) {
  switch (kind) {
    case NodeEventKind::Started: return "started";
    case NodeEventKind::Stopped: return "stopped";
    case NodeEventKind::ShareAccepted: return "share-accepted";
    case NodeEventKind::BlockFound: return "block-found";
    case NodeEventKind::PeerJoined: return "peer-joined";
    case NodeEventKind::PeerLeft: return "peer-left";
    case NodeEventKind::Reorg: return "reorg";
    case NodeEventKind::Problem: return "problem";
    case NodeEventKind::Recovered: return "recovered";
  }
  return "unknown";
}

// ---- the public face ----

Node::Node(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Node::~Node() { stop(); }
void Node::setEventHandler(std::function<void(const NodeEvent&)> handler) { impl_->onEvent = std::move(handler); }
void Node::start() { impl_->start(); }
void Node::stop() { impl_->stop(); }
bool Node::running() const { return impl_->running; }
NodeSnapshot Node::snapshot() const { return impl_->snapshot(); }
CommandResult Node::banPeer(const std::string& nodeIdHex, std::chrono::seconds length) {
  return impl_->runOnEngine([this, nodeIdHex, length] { return impl_->banPeer(nodeIdHex, length); });
}
CommandResult Node::unbanPeer(const std::string& subject) {
  return impl_->runOnEngine([this, subject] { return impl_->unbanPeer(subject); });
}

// ---- lifecycle ----

Node::Impl::Impl(Config nodeConfig) : config(std::move(nodeConfig)) {}

Node::Impl::~Impl() { stop(); }

void Node::Impl::start() {
  if (started) throw std::logic_error("the node was started before");
  started = true;
  coin = chain::findCoin(config.blockchain);
  if (coin == nullptr || !coin->supported) throw std::runtime_error("the chain '" + config.blockchain + "' is not supported");
  if (coin->family != chain::ChainFamily::Bitcoin) {
    throw std::runtime_error("the " + std::string(coin->displayName) + " node client is not implemented yet");
  }
  try {
    if (config.sandbox) startSandbox();
    std::filesystem::create_directories(config.dataDir);
    store = store::Store::open(config.dataDir / "otedama.sqlite");
    algorithm = pow::AlgorithmRegistry::builtin().create(coin->algorithm);
    chain = std::make_unique<sharechain::ShareChain>(
        sharechain::shareChainParamsFor(config.blockchain, config.network, config.targetShareTime, config.shareWindow),
        *algorithm);
    archive = std::make_unique<ShareArchive>(*store, *chain);
    const RestoreReport restored = archive->restore(unixSeconds());
    spdlog::info("node: share chain restored: {} shares in {:.0f} ms, tip at height {}", restored.restored,
                 restored.milliseconds, chain->tip() ? chain->tip()->height() : 0);
    identity = p2p::NodeIdentity::loadOrCreate(config.dataDir / "node.key");
    peerBook = std::make_unique<PeerBook>(*store);

    parentNode = std::make_unique<chain::BitcoinNode>(io, rpcEndpointOf(config), *coin, config.network);

    stratum::ServerOptions stratumOptions;
    stratumOptions.bindAddress = config.stratumBind;
    stratumOptions.port = config.stratumPort;
    stratumOptions.coin = config.blockchain;
    stratumOptions.network = config.network;
    stratumOptions.difficultyFamily = coin->stratumDifficulty;
    if (config.stratum.startDifficulty > 0) stratumOptions.vardiff.startDifficulty = config.stratum.startDifficulty;
    if (config.stratum.minDifficulty > 0) stratumOptions.vardiff.minDifficulty = config.stratum.minDifficulty;
    if (config.stratum.maxDifficulty > 0) stratumOptions.vardiff.maxDifficulty = config.stratum.maxDifficulty;
    stratumOptions.vardiff.targetSeconds = config.stratum.shareSeconds;
    stratumOptions.ipGuard.maxConnectionsPerIp = config.stratum.maxConnectionsPerIp;
    stratumOptions.ipGuard.banDuration = std::chrono::seconds(config.stratum.banSeconds);
    stratumOptions.ipGuard.exemptLoopback = !config.stratum.banLoopback;
    stratumOptions.validationThreads = config.algorithm.threads;
    stratum::ServerEvents stratumEvents;
    stratumEvents.onShare = [this](const stratum::AcceptedShare& share) { return coordinator->onMinerShare(share); };
    stratumEvents.onAccepted = [this](const stratum::AcceptedShare&) { ++sharesAccepted; };
    stratum = std::make_unique<stratum::StratumServer>(io, stratumOptions, *algorithm, std::move(stratumEvents));

    CoordinatorSettings settings;
    settings.coin = coin;
    settings.network = config.network;
    if (!config.poolAddress.empty() && config.poolFee > 0) {
      settings.feeScript = chain::decodeAddress(config.poolAddress, config.blockchain, config.network).script;
      settings.feePpm = static_cast<std::uint32_t>(config.poolFee * 10000.0 + 0.5);
    }
    settings.extranonce1Size = stratumOptions.extranonce1Size;
    settings.extranonce2Size = stratumOptions.extranonce2Size;
    CoordinatorEvents coordinatorEvents;
    coordinatorEvents.onLocalShare = [this](const sharechain::Share& share, bool isBlock) {
      const Hash32 id = sharechain::shareId(share);
      emit(NodeEventKind::ShareAccepted, "sharechain",
           std::string("share at height ") + std::to_string(share.data.height) + (isBlock ? " (also a block)" : ""),
           displayHex(id), share.data.height);
    };
    coordinatorEvents.onBlockFound = [this](const store::BlockRecord& block) {
      emit(NodeEventKind::BlockFound, "parentChain", "block found at height " + std::to_string(block.height),
           displayHex(block.hash), block.height);
    };
    coordinatorEvents.onProblem = [this](const std::string& problem) { emit(NodeEventKind::Problem, "node", problem); };
    coordinator = std::make_unique<WorkCoordinator>(*chain, *archive, *store, *stratum, *parentNode, settings,
                                                    std::move(coordinatorEvents));
    blockTracker = std::make_unique<BlockTracker>(*store, *parentNode);

    chain::TemplateEvents templateEvents;
    templateEvents.onTemplate = [this](const chain::BlockTemplate& t, bool newTip, const Hash32&) {
      setProblem("parentChain", std::nullopt);
      coordinator->onTemplate(t, newTip);
      if (newTip && t.height > 0) blockTracker->onParentTip(t.height - 1);
      if (network) {
        network->setTemplate(p2p::TemplateInfo{t.previousBlockHash, t.height, t.bits, t.curtime, t.coinbaseValue,
                                               static_cast<std::uint32_t>(t.transactions.size())});
      }
    };
    templateEvents.onProblem = [this](const chain::NodeProblem& problem) { setProblem("parentChain", problem.message); };
    templateEvents.onRecovered = [this] { setProblem("parentChain", std::nullopt); };
    poller = std::make_unique<chain::TemplatePoller>(*parentNode, std::move(templateEvents));

    p2p::P2pNetworkOptions p2pOptions;
    p2pOptions.listenAddress = config.p2pBind;
    p2pOptions.listenPort = config.p2pPort;
    for (const HostPort& bootstrap : config.bootstrapNodes) {
      const bool v6 = bootstrap.host.find(':') != std::string::npos;
      p2pOptions.bootstrapNodes.push_back((v6 ? "[" + bootstrap.host + "]" : bootstrap.host) + ":" +
                                          std::to_string(bootstrap.port));
    }
    p2pOptions.limits.maxPeers = config.maxPeers;
    p2pOptions.limits.outboundPeers = std::min<std::size_t>(p2pOptions.limits.outboundPeers, config.maxPeers);
    p2pOptions.software = "otedama/" + std::string(kVersion);
    peerBook->fillOptions(p2pOptions, unixSeconds());
    p2p::P2pNetworkCallbacks p2pCallbacks;
    p2pCallbacks.insertShare = [this](sharechain::Share share, const sharechain::InsertOptions& options) {
      sharechain::InsertResult result = archive->insert(std::move(share), options);
      coordinator->onSharesAdded(result);
      return result;
    };
    p2pCallbacks.anchorShares = [this](std::vector<sharechain::Share> history, const sharechain::InsertOptions& options) {
      sharechain::InsertResult result = archive->anchor(std::move(history), options);
      coordinator->onSharesAdded(result);
      return result;
    };
    p2pCallbacks.onTipChanged = [this](const sharechain::TipChange& change) {
      coordinator->onTipChanged(change);
      if (change.isReorg()) {
        ++reorgs;
        emit(NodeEventKind::Reorg, "sharechain",
             "share chain reorganised: " + std::to_string(change.left.size()) + " shares left the best chain",
             displayHex(change.newTip), chain->tip() ? chain->tip()->height() : 0);
      }
    };
    p2pCallbacks.onPeerJoined = [this](const p2p::PeerInfo& peer) {
      emit(NodeEventKind::PeerJoined, "p2p", "peer " + peer.endpoint + " joined", peer.nodeId);
    };
    p2pCallbacks.onPeerLeft = [this](const p2p::PeerInfo& peer, const std::string& reason) {
      emit(NodeEventKind::PeerLeft, "p2p", "peer " + peer.endpoint + " left: " + reason, peer.nodeId);
    };
    p2pCallbacks.onBan = [this](const p2p::PeerBan& ban) {
      try {
        peerBook->saveBan(ban);
      } catch (const std::exception& error) {
        spdlog::error("node: a ban could not be saved: {}", error.what());
      }
    };
    network = std::make_unique<p2p::P2pNetwork>(io, *identity, *chain, std::move(p2pOptions), std::move(p2pCallbacks));
    coordinator->setNetwork(network.get());

    api::ApiOptions apiOptions;
    apiOptions.bindAddress = config.apiBind;
    apiOptions.port = config.apiPort;
    api = std::make_unique<api::ApiServer>(io, apiOptions, [this] { return snapshot(); });

    stratum->start();
    network->start();
    api->start();
    poller->start();
  } catch (const std::exception& error) {
    spdlog::error("node: cannot start: {}", error.what());
    stop();
    throw std::runtime_error(error.what());
  }
  startedAt = unixSeconds();
  running = true;
  ticker.emplace(io);
  workGuard.emplace(io.get_executor());
  boost::asio::post(io, [this] {
    refreshSnapshot();
    scheduleTick();
    emit(NodeEventKind::Started, "node", "node " + toHex(identity->id()).substr(0, 12) + " started");
    if (sandbox) startSandboxMiner();
  });
  std::promise<void> finished;
  engineDone = finished.get_future();
  {
    // Held while the thread starts: a command from the first event handlers (Started) waits
    // until the engine thread is known, and then runs there at once.
    std::lock_guard lock(commandMutex);
    thread = std::thread([this, finished = std::move(finished)]() mutable {
      try {
        io.run();
      } catch (const std::exception& error) {
        spdlog::critical("node: the engine thread stopped: {}", error.what());
      }
      finished.set_value();
    });
    engineThread = thread.get_id();
    acceptingCommands = true;
  }
  spdlog::info("node: {} on {} {}: stratum {}, p2p {}, api {}:{}", config.poolName, config.blockchain,
               chain::networkName(config.network), stratum->port(), network->port(), config.apiBind, api->port());
}

void Node::Impl::stop() {
  {
    std::lock_guard lock(commandMutex);
    acceptingCommands = false;
  }
  if (thread.joinable()) {
    std::promise<void> stopped;
    boost::asio::post(io, [this, &stopped] {
      if (ticker) ticker->cancel();
      if (sandboxMiner) sandboxMiner->stop();
      try {
        if (network && peerBook) peerBook->savePeers(network->knownPeers(), unixSeconds());
      } catch (const std::exception& error) {
        spdlog::warn("node: peers not saved: {}", error.what());
      }
      if (poller) poller->stop();
      if (stratum) stratum->stop();
      if (network) network->stop();
      if (api) api->stop();
      // Idle kept-alive connections would hold a local litecoind's shutdown for its 30 s timeout.
      if (parentNode) parentNode->rpc().close();
      emit(NodeEventKind::Stopped, "node", "node stopped");
      stopped.set_value();
    });
    stopped.get_future().wait();
    // What the parts were closing finishes on its own (sockets really closed); a straggler is cut.
    workGuard.reset();
    if (engineDone.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
      spdlog::warn("node: the engine thread did not finish its work in 5 s; stopping it");
      io.stop();
    }
    thread.join();
  } else {
    if (poller) poller->stop();
    if (stratum) stratum->stop();
    if (network) network->stop();
    if (api) api->stop();
  }
  running = false;
  // In reverse order of their making; the store last, after everything that writes to it.
  api.reset();
  network.reset();
  poller.reset();
  blockTracker.reset();
  coordinator.reset();
  stratum.reset();
  parentNode.reset();
  peerBook.reset();
  archive.reset();
  chain.reset();
  store.reset();
  sandboxMiner.reset();
  if (sandbox) {
    sandbox->stop();  // its folder holds the store: after the store is closed
    sandbox.reset();
  }
}

// ---- the sandbox ----

void Node::Impl::startSandbox() {
  // A fresh private chain each time, and everything of this run in its folder: the store, the
  // identity. Nothing of a sandbox outlives it.
  config.blockchain = "litecoin";
  config.network = chain::Network::Regtest;
  coin = chain::findCoin(config.blockchain);
  sandbox = std::make_unique<Sandbox>();
  const SandboxChain local = sandbox->start(2);
  config.blockchainHost = local.host;
  config.blockchainPort = local.rpcPort;
  config.blockchainUsername = local.username;
  config.blockchainPassword = local.password;
  config.blockchainCookieFile.clear();
  config.poolAddress = local.addresses.at(0);
  config.poolFee = 0;
  config.dataDir = local.folder / "otedama";
  // Shares every few seconds from one CPU thread (scrypt, ~4,600 hashes/s): the stratum
  // difficulty starts low, and vardiff takes it from there.
  if (config.stratum.startDifficulty <= 0) config.stratum.startDifficulty = 0.2;
  sandboxMinerUser = local.addresses.at(1) + ".sandbox";
  spdlog::info("sandbox: litecoind regtest on 127.0.0.1:{}, data in {}", local.rpcPort, local.folder.string());
}

void Node::Impl::startSandboxMiner() {
  miner::CpuMinerOptions options;
  options.host = "127.0.0.1";
  options.port = stratum->port();
  options.user = sandboxMinerUser;
  options.algorithm = std::string(coin->algorithm);
  options.threads = 1;  // the machine stays usable, and a share comes every few seconds anyway
  miner::CpuMinerEvents minerEvents;
  minerEvents.onAuthorized = [this] {
    emit(NodeEventKind::Recovered, "miner", "the sandbox miner is mining to " + sandboxMinerUser);
  };
  minerEvents.onError = [this](const std::string& message) {
    emit(NodeEventKind::Problem, "miner", "the sandbox miner stopped: " + message);
  };
  try {
    sandboxMiner = std::make_unique<miner::CpuMiner>(io, options, std::move(minerEvents));
    sandboxMiner->start();
  } catch (const std::exception& error) {
    emit(NodeEventKind::Problem, "miner", std::string("the sandbox miner could not start: ") + error.what());
  }
}

// ---- commands ----

CommandResult Node::Impl::runOnEngine(const std::function<CommandResult()>& command) {
  // A store that cannot be written is an answer too, not a reason to unwind the caller's thread.
  const auto guarded = [command]() -> CommandResult {
    try {
      return command();
    } catch (const std::exception& error) {
      spdlog::error("node: a command failed: {}", error.what());
      return CommandResult{false, error.what()};
    }
  };
  auto answer = std::make_shared<std::promise<CommandResult>>();
  std::future<CommandResult> future = answer->get_future();
  bool posted = false;
  {
    std::lock_guard lock(commandMutex);
    if (!acceptingCommands) return CommandResult{false, "the node is not running"};
    // On the engine thread itself (an event handler) waiting would never end: run it here.
    if (std::this_thread::get_id() != engineThread) {
      boost::asio::post(io, [answer, guarded] { answer->set_value(guarded()); });
      posted = true;
    }
  }
  return posted ? future.get() : guarded();
}

CommandResult Node::Impl::banPeer(const std::string& nodeIdHex, std::chrono::seconds length) {
  const auto refuse = [&](std::string why) {
    spdlog::info("node: ban of peer '{}' refused: {}", nodeIdHex.substr(0, 80), why);
    return CommandResult{false, std::move(why)};
  };
  const std::optional<Bytes> bytes = nodeIdHex.size() == 64 ? tryFromHex(nodeIdHex) : std::nullopt;
  if (!bytes) return refuse("'" + nodeIdHex.substr(0, 80) + "' is not a node id (64 hex digits)");
  p2p::NodeId id{};
  std::copy(bytes->begin(), bytes->end(), id.begin());
  if (id == identity->id()) return refuse("that is this node's own id");
  if (length.count() < 1) return refuse("a ban must last at least a second");
  if (!network->ban(id, "banned by this node's owner", length)) return refuse("the peer network refused the ban");
  spdlog::info("node: peer {} banned by the owner for {} s", toHex(id), length.count());
  refreshSnapshot();  // the ban shows at once; the peer leaves the list when its link has closed
  return CommandResult{true, {}};
}

CommandResult Node::Impl::unbanPeer(const std::string& subject) {
  // Subjects are written in lower case (hex node ids, IPv6 hosts).
  std::string key = subject;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // No subject is empty or longer than a node id; the store would refuse such text as a key.
  if (key.empty() || key.size() > 64 || !peerBook->unban(*network, key)) {
    const std::string why = "there is no ban on '" + subject.substr(0, 80) + "'";
    spdlog::info("node: unban refused: {}", why);
    return CommandResult{false, why};
  }
  spdlog::info("node: ban on {} lifted by the owner", key);
  refreshSnapshot();
  return CommandResult{true, {}};
}

// ---- engine thread ----

void Node::Impl::emit(NodeEventKind kind, std::string part, std::string message, std::string subject,
                      std::uint64_t height) {
  if (kind == NodeEventKind::Problem) spdlog::warn("{}: {}", part, message);
  if (!onEvent) return;
  NodeEvent event{kind, unixSeconds(), std::move(part), std::move(message), std::move(subject), height};
  try {
    onEvent(event);
  } catch (const std::exception& error) {
    spdlog::error("node: the event handler failed: {}", error.what());
  }
}

void Node::Impl::setProblem(const std::string& part, std::optional<std::string> problem) {
  const auto it = problems.find(part);
  if (problem) {
    if (it != problems.end() && it->second == *problem) return;
    problems[part] = *problem;
    emit(NodeEventKind::Problem, part, *problem);
  } else if (it != problems.end()) {
    problems.erase(it);
    emit(NodeEventKind::Recovered, part, part + " is working again");
  }
}

void Node::Impl::scheduleTick() {
  ticker->expires_after(std::chrono::seconds(1));
  ticker->async_wait([this](const boost::system::error_code& error) {
    if (error || !running) return;
    tick();
    scheduleTick();
  });
}

void Node::Impl::tick() {
  const std::int64_t now = unixSeconds();
  if (now - lastPrune >= kPruneEverySeconds) {
    lastPrune = now;
    try {
      if (const std::size_t pruned = archive->prune(); pruned > 0) spdlog::debug("node: pruned {} shares", pruned);
    } catch (const std::exception& error) {
      spdlog::error("node: pruning failed: {}", error.what());
    }
  }
  if (now - lastPeerSave >= kSavePeersEverySeconds) {
    lastPeerSave = now;
    try {
      peerBook->savePeers(network->knownPeers(), now);
    } catch (const std::exception& error) {
      spdlog::warn("node: peers not saved: {}", error.what());
    }
  }
  refreshSnapshot();
}

void Node::Impl::refreshSnapshot() {
  NodeSnapshot fresh;
  try {
    fresh = buildSnapshot();
  } catch (const std::exception& error) {
    spdlog::error("node: snapshot failed: {}", error.what());
    return;
  }
  std::lock_guard lock(mutex);
  cached = std::move(fresh);
}

NodeSnapshot Node::Impl::snapshot() const {
  std::lock_guard lock(mutex);
  return cached;
}

}  // namespace otedama::node
