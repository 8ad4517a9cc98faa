// What the network keeps per established peer: its link, which shares it has (so each share
// is relayed to it once), what it last said about its chain, our open sync requests to it, the
// messages our own pacing held back for it, and its counters for the UI. Plain data, owned and
// used by P2pNetwork on the io_context thread; the peer's reputation lives apart (by node id) so
// that reconnecting does not wipe it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "p2p/known_ids.hpp"
#include "p2p/link.hpp"
#include "p2p/messages.hpp"
#include "sharechain/share.hpp"

namespace otedama::p2p {

struct Peer {
  using Clock = std::chrono::steady_clock;

  enum class RequestKind {
    Locator,  // sync: the shares after our locator
    Wanted,   // missing parents and uncles of an orphan, by id
    Anchor,   // sync from its oldest retained share on (our chain does not reach back to it)
  };
  struct Request {
    RequestKind kind = RequestKind::Locator;
    Clock::time_point sentAt{};
    unsigned round = 0;  // Wanted: how many fetches deep this chain of missing parents is
    std::vector<Hash32> wanted;  // Wanted: the ids asked for
    BigUInt<2> workBefore;       // Locator: our tip's cumulative work when we asked
  };

  Peer(std::shared_ptr<Link> peerLink, std::size_t knownCapacity)
      : link(std::move(peerLink)), id(*link->peerId()), publicKey(*link->peerIdentityKey()), known(knownCapacity) {}

  std::shared_ptr<Link> link;
  NodeId id;
  crypto::Ed25519PublicKey publicKey;

  KnownIds known;                   // shares it has: it sent them, or we did
  std::optional<PeerStatus> status;  // its last peer:status
  // Its status promised more work than we have, but syncing from it got us nowhere (since
  // then): not asked again until it reports another tip, or a status interval has passed.
  std::optional<Clock::time_point> syncStalled;
  std::map<std::uint64_t, Request> requests;  // our sharechain:requests it has not answered
  // Its history collected for ShareChain::anchor while it is our sync peer in anchor mode
  // (bounded by two windows and two batches).
  std::vector<sharechain::Share> anchorHistory;
  bool peersRequested = false;      // we asked peers:request and wait for the answer
  Clock::time_point lastPeersRequest{};
  std::optional<TemplateInfo> lastTemplate;  // its last template:update or template:response

  std::deque<Message> heldBack;     // SendResult::RateLimited: sent in order once pacing allows

  std::uint64_t sharesReceived = 0;  // its shares that joined our chain
  std::uint64_t sharesRelayed = 0;   // share:submit we sent it
  std::uint64_t sharesConfirmed = 0; // its signed verdicts accepting shares of our chain
};

}  // namespace otedama::p2p
