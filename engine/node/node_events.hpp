// What the node tells its owner as it happens (the desktop app's notifications and log, the
// daemon's log): plain data, delivered on the engine thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace otedama::node {

enum class NodeEventKind {
  Started,        // every part is up
  Stopped,
  ShareAccepted,  // a share of this node's miners joined the share chain
  BlockFound,     // a block (ours or a peer's) was recorded with its payouts
  PeerJoined,
  PeerLeft,
  Reorg,          // the share chain's tip moved to another branch
  Problem,        // something needs attention (message says what)
  Recovered,      // a problem went away
};

std::string_view nodeEventKindName(NodeEventKind kind);  // "share-accepted", ...

struct NodeEvent {
  NodeEventKind kind = NodeEventKind::Problem;
  std::int64_t time = 0;      // unix seconds
  std::string part;           // "parentChain", "sharechain", "stratum", "p2p", "api", "node"
  std::string message;        // one line for people
  std::string subject;        // share id, block hash or node id (hex), when there is one
  std::uint64_t height = 0;   // share or block height, when there is one
};

}  // namespace otedama::node
