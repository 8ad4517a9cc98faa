// The node: one object that owns the engine thread and its io_context and wires every part — the
// parent chain client and template poller, the share chain with its store, the stratum server,
// the P2P network, the work coordinator and the HTTP API — from a Config. The headless daemon and
// the desktop app both run it. Thread-safe from outside: start()/stop() from one owner thread,
// snapshot() from any thread; events arrive on the engine thread.
#pragma once

#include <functional>
#include <memory>

#include "node/config.hpp"
#include "node/node_events.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::node {

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

  // The latest snapshot (refreshed every second on the engine thread, and at start).
  NodeSnapshot snapshot() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace otedama::node
