// The sandbox: a private Litecoin regtest network that Otedama starts and stops by itself, so a
// newcomer who clicks Start sees a working pool on a local test chain within a minute. Two
// `litecoind -regtest` nodes on free loopback ports (node 1 connected to node 0, because
// getblocktemplate needs a peer), a wallet on node 0 with fresh payout addresses, one block
// mined so templates are served. Nothing listens beyond 127.0.0.1, nothing is contacted outside
// it (no DNS seeds, no UPnP, no onion service, no outgoing connections of node 0).
//
// The nodes are child processes with PR_SET_PDEATHSIG: they die with Otedama if it crashes, and
// also when the thread that called start() exits — call start() from a thread that outlives the
// sandbox (the owner thread of the Node).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "node/child_process.hpp"

namespace otedama::node {

struct SandboxOptions {
  std::filesystem::path folder;            // regtest data lives here; empty: a fresh temporary folder, removed at stop()
  std::string litecoind = "litecoind";     // found on PATH (Debian's real daemon behind its wrapper when there)
  std::string litecoinCli = "litecoin-cli";
  std::chrono::seconds startTimeout{90};   // per node, until its RPC answers
};

struct SandboxChain {
  std::string host = "127.0.0.1";
  std::uint16_t rpcPort = 0;               // node 0's
  std::string username, password;          // RPC credentials of node 0 (generated per run)
  std::vector<std::string> addresses;      // fresh bech32 addresses of node 0's wallet ("rltc1...")
  std::filesystem::path folder;
};

// Removes temporary sandbox folders (`otedama-sandbox-*` in `tempDir`, this user's) left behind
// by an Otedama that crashed or was killed: those whose sandbox.lock nobody holds any more. A
// folder younger than `minimumAge` is left alone, because a sandbox starting right now may not
// have taken its lock yet. Returns how many were removed. Called by start() for temporary folders.
std::size_t removeAbandonedSandboxFolders(const std::filesystem::path& tempDir, std::chrono::seconds minimumAge);

class Sandbox {
 public:
  explicit Sandbox(SandboxOptions options = {});
  ~Sandbox();  // stop()
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Two `litecoind -regtest` nodes on free loopback ports (RPC and P2P bound to 127.0.0.1 only,
  // no DNS seeds, no listening on other interfaces, no upnp), node 1 connected to node 0
  // (getblocktemplate needs a peer), a wallet on node 0, one block mined so templates are served,
  // and `addressCount` fresh addresses. Throws std::runtime_error with a message for people:
  // litecoind not installed (names the Debian package: litecoind), a node that does not come up
  // (with the tail of its debug.log), a port problem. Nothing is left running when it throws.
  // A kept folder (options.folder) keeps its chain and wallet between runs; a folder another
  // sandbox is using is refused.
  SandboxChain start(std::size_t addressCount);

  // Stops both nodes cleanly (`litecoin-cli stop`, wait up to 30 s, then SIGKILL), removes a
  // temporary folder. Idempotent; never throws.
  void stop();

  // Between a successful start() and stop(), while both nodes are alive.
  bool running() const;

 private:
  struct NodeProcess {
    std::filesystem::path dir;   // the node's -datadir
    std::uint16_t rpcPort = 0;
    std::uint16_t p2pPort = 0;
    std::string username, password;
    std::uintmax_t logOffset = 0;  // debug.log size before this start: what follows is this run's
    ChildProcess process;
  };

  SandboxChain startOnce(std::size_t addressCount);
  void prepareNode(std::size_t index);
  void writeConfig(std::size_t index) const;
  void waitForRpc(std::size_t index, std::chrono::steady_clock::time_point deadline);
  std::string cli(std::size_t index, std::vector<std::string> arguments,
                  std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;
  std::vector<std::string> cliBase(std::size_t index) const;
  std::string failureDetails(std::size_t index) const;
  void stopNodes(std::chrono::seconds patience);
  void lockFolder();
  void releaseFolder();  // unlocks; removes the folder when it is a temporary one

  SandboxOptions options_;
  std::filesystem::path folder_;
  bool ownsFolder_ = false;
  int lockFd_ = -1;  // flock on <folder>/sandbox.lock while started: one sandbox per folder
  bool running_ = false;
  std::vector<NodeProcess> nodes_;
};

}  // namespace otedama::node
