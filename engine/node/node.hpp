// The node: one object that owns the engine thread and its io_context and wires every part — the
// parent chain client and template poller, the share chain with its store, the stratum server,
// the P2P network, the work coordinator and the HTTP API — from a Config. The headless daemon and
// the desktop app both run it. Thread-safe from outside: start()/stop() from one owner thread,
// snapshot() and the peer commands from any thread; events arrive on the engine thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "node/config.hpp"
#include "node/node_events.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::node {

// What a command to the running node did: done, or why not in words for people (shown as is).
struct CommandResult {
  bool ok = false;
  std::string error;  // "" when ok
  explicit operator bool() const { return ok; }
};

class Node {
 public:
  explicit Node(Config config);
  ~Node();  // stop()
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Before start(): called on the engine thread for every event.
  void setEventHandler(std::function<void(const NodeEvent&)> handler);

  // Opens the store (restoring the share chain), binds every port and starts the engine thread.
  // Throws std::runtime_error with a message for people when something cannot start (a port in
  // use, a damaged store, an unsupported chain); nothing is left running then. Once only.
  void start();
  // Stops every part, saves what is kept across restarts (peers), closes the store and joins the
  // engine thread. Idempotent; safe before start().
  void stop();
  bool running() const;

  // The latest snapshot (refreshed every second on the engine thread, at start, and after a
  // peer command changed something).
  NodeSnapshot snapshot() const;

  // The Peers page's commands. From any thread while the node runs: they run on the engine
  // thread and wait for its answer (called on the engine thread itself, they run at once).
  //
  // Bans a peer node by its id (64 hex digits, as in NodeSnapshot::peers) for `length`: its link
  // closes now and it is not let back in until the ban ends; when it is linked now, the address
  // of that link is banned too unless it is loopback (one local node must not cut off the
  // others). The ban is kept in the store across restarts; banning again extends it. Fails when
  // the node is not running, for text that is not a node id, for this node's own id and for a
  // length under a second.
  CommandResult banPeer(const std::string& nodeIdHex, std::chrono::seconds length);
  // Lifts a ban by its subject (NodeSnapshot::bans[].subject: a node id or an address), in the
  // network and in the store. Fails when the node is not running or there is no such ban.
  CommandResult unbanPeer(const std::string& subject);

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace otedama::node
