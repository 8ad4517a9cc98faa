// Saved peers and bans <-> the P2P network's options and events.
#include "node/peer_book.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "p2p/host_port.hpp"
#include "util/hex.hpp"

namespace otedama::node {

void PeerBook::fillOptions(p2p::P2pNetworkOptions& options, std::int64_t now) {
  store_.pruneExpiredBans(now);
  for (const store::BanRecord& ban : store_.activeBans(now)) {
    options.bans.push_back(p2p::PeerBan{ban.subject, ban.reason, ban.since, ban.until});
  }
  for (const store::PeerRecord& peer : store_.peers(limits_.maxSeeds)) {
    if (peer.lastSeen + limits_.forgetAfterSeconds < now) continue;
    std::string reason;
    const std::optional<p2p::HostPort> hostPort = p2p::parseHostPort(peer.endpoint, reason);
    const std::optional<p2p::NetAddress> address = hostPort ? p2p::parseNetAddress(hostPort->host) : std::nullopt;
    if (!address) {
      spdlog::warn("store: saved peer {} is not an address and port; skipped", peer.endpoint);
      continue;
    }
    options.seeds.push_back(p2p::SeedPeer{std::nullopt, p2p::NetEndpoint{*address, hostPort->port}});
  }
}

void PeerBook::saveBan(const p2p::PeerBan& ban) {
  store_.addBan(store::BanRecord{ban.subject, ban.reason, ban.since, std::max(ban.until, ban.since)});
}

bool PeerBook::unban(p2p::P2pNetwork& network, const std::string& subject) {
  store_.removeBan(subject);
  return network.unban(subject);
}

void PeerBook::savePeers(const std::vector<p2p::KnownPeer>& peers, std::int64_t now) {
  const std::size_t count = std::min(peers.size(), limits_.maxSavedPeers);
  for (std::size_t i = 0; i < count; ++i) {
    const p2p::KnownPeer& peer = peers[i];
    store_.upsertPeer(store::PeerRecord{peer.udp.toString(), toHex(peer.id), now, now, peer.reputation});
  }
}

}  // namespace otedama::node
