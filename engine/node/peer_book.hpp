// The P2P network's memory across restarts, kept in the store: the peers worth contacting again
// (saved from P2pNetwork::knownPeers() now and then and at stop, handed back as discovery seeds)
// and the bans still in force (saved as they are issued, handed back at start, deleted on unban).
// The network itself never touches the store; the node wires it through this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "p2p/p2p_network.hpp"
#include "store/store.hpp"

namespace otedama::node {

struct PeerBookLimits {
  std::size_t maxSeeds = 64;         // most recently seen first
  std::size_t maxSavedPeers = 256;   // per save, best reputation first (knownPeers() order)
  std::int64_t forgetAfterSeconds = 30 * 24 * 3600;  // peers not seen for this long are not seeds
};

class PeerBook {
 public:
  explicit PeerBook(store::Store& store, PeerBookLimits limits = {}) : store_(store), limits_(limits) {}

  // Seeds (discovery endpoints of saved peers) and the bans still in force at `now`, added to the
  // network's options; expired bans are deleted from the store. Unreadable rows are skipped.
  void fillOptions(p2p::P2pNetworkOptions& options, std::int64_t now);

  // For P2pNetworkCallbacks::onBan.
  void saveBan(const p2p::PeerBan& ban);
  // The network's unban and the store's, together; false when the network had no such ban.
  bool unban(p2p::P2pNetwork& network, const std::string& subject);

  // Saves (or refreshes) the peers the network knows now, seen at `now`.
  void savePeers(const std::vector<p2p::KnownPeer>& peers, std::int64_t now);

 private:
  store::Store& store_;
  PeerBookLimits limits_;
};

}  // namespace otedama::node
