// Keeping the share chain in step with the peers: peer:status and the decision to sync, locator
// batches, anchoring on a peer's history when our chain does not reach back to it, missing
// parents fetched by id, what happens to each share a peer sends (insert
// through the node, relay once to each peer that lacks it, our signed verdict, the sender's
// reputation), and the verdicts peers send us (counted as confirmations).
#include <algorithm>
#include <variant>

#include <spdlog/spdlog.h>

#include "p2p/p2p_network_core.hpp"
#include "p2p/share_sync.hpp"

namespace otedama::p2p {

using Clock = P2pNetwork::Core::Clock;
using sharechain::InsertStatus;

namespace {

// A chain of missing parents fetched by id one step at a time is cut short after this many
// steps: a gap that deep is faster to close with a locator sync (64 shares per round trip).
constexpr unsigned kMaxWantedRounds = 8;
constexpr std::size_t kMaxWantedInFlight = 1024;

}  // namespace

// ---- shares ----

void P2pNetwork::Core::onStatus(Peer& peer, const PeerStatus& status) {
  if (!peer.status || peer.status->tipId != status.tipId ||
      (peer.syncStalled && Clock::now() - *peer.syncStalled >= options.statusInterval)) {
    peer.syncStalled.reset();
  }
  peer.status = status;
  considerSync(peer);
}

void P2pNetwork::Core::considerSync(Peer& peer) {
  if (syncPeer_ || !peer.status || peer.syncStalled || peer.link->closed()) return;
  if (peer.status->cumulativeWork <= ourWork() || chain.find(peer.status->tipId)) return;
  syncPeer_ = peer.id;
  spdlog::debug("p2p: syncing from peer {} (its tip at height {})", shortNodeId(peer.id), peer.status->tipHeight);
  requestLocator(peer);
}

void P2pNetwork::Core::considerSyncAll() {
  for (const auto& [id, peer] : peers_) {
    if (syncPeer_) return;
    considerSync(*peer);
  }
}

void P2pNetwork::Core::requestLocator(Peer& peer) {
  peer.anchorHistory.clear();
  const std::uint64_t requestId = nextRequestId_++;
  peer.requests[requestId] = Peer::Request{Peer::RequestKind::Locator, Clock::now(), 0, {}, ourWork()};
  ++counters_.syncRequests;
  send(peer, SharechainRequest{requestId, buildLocator(chain), {}, static_cast<std::uint16_t>(kMaxSharesPerMessage)});
}

void P2pNetwork::Core::fetchMissing(Peer& peer, const std::vector<Hash32>& missing, unsigned round) {
  if (round > kMaxWantedRounds) {
    // A deep gap: one locator sync closes it faster than id by id.
    if (!syncPeer_) {
      syncPeer_ = peer.id;
      requestLocator(peer);
    }
    return;
  }
  const auto now = Clock::now();
  std::vector<Hash32> ids;
  for (const Hash32& id : missing) {
    if (ids.size() >= kMaxSharesPerMessage || wantedInFlight_.size() >= kMaxWantedInFlight) break;
    // Orphans we hold wait for their own parents, which were asked for when they arrived.
    if (chain.find(id) || chain.isOrphan(id) || wantedInFlight_.contains(id)) continue;
    wantedInFlight_[id] = now;
    ids.push_back(id);
  }
  if (ids.empty()) return;
  const std::uint64_t requestId = nextRequestId_++;
  peer.requests[requestId] = Peer::Request{Peer::RequestKind::Wanted, now, round, ids, {}};
  ++counters_.wantedRequests;
  send(peer, SharechainRequest{requestId, {}, ids, static_cast<std::uint16_t>(kMaxSharesPerMessage)});
}

void P2pNetwork::Core::onSharechainRequest(Peer& peer, const SharechainRequest& request) {
  send(peer, answerSharechainRequest(chain, request));
}

void P2pNetwork::Core::onSharechainBlock(Peer& peer, const SharechainBlock& block) {
  const auto it = peer.requests.find(block.requestId);
  // An answer to nothing we asked (or to a request we gave up on): the shares are not taken.
  if (it == peer.requests.end()) return;
  const Peer::Request request = it->second;
  peer.requests.erase(it);
  for (const Hash32& id : request.wanted) wantedInFlight_.erase(id);
  if (request.kind == Peer::RequestKind::Anchor ||
      (request.kind == Peer::RequestKind::Locator && syncPeer_ == peer.id && startsAnchor(block))) {
    if (syncPeer_ == peer.id) collectAnchor(peer, block);  // else that sync ended meanwhile
    return;
  }
  const Origin origin = request.kind == Peer::RequestKind::Locator ? Origin::Sync : Origin::Fetched;
  const NodeId peerId = peer.id;
  std::size_t added = 0;
  bool refused = false;
  for (const Bytes& encoded : block.shares) {
    const std::optional<InsertStatus> status = receiveShare(peer, encoded, origin, request.round);
    if (status == InsertStatus::Refused) {
      refused = true;
      break;
    }
    if (status == InsertStatus::Added) ++added;
  }
  if (request.kind != Peer::RequestKind::Locator || syncPeer_ != peerId) return;
  // Progress: shares of this batch joined, or our tip moved meanwhile (the same shares came by
  // relay or by id). Without it, a peer answering the same shares again would keep us asking.
  const bool progress = added > 0 || ourWork() > request.workBefore;
  if (!refused && block.more && progress && !peer.link->closed()) {
    requestLocator(peer);
    return;
  }
  syncPeer_.reset();
  // No progress while it claims more work: not asked again for a while.
  if (refused || (!progress && peer.status && peer.status->cumulativeWork > ourWork())) peer.syncStalled = Clock::now();
  if (added > 0) spdlog::debug("p2p: sync round with peer {} done, tip at height {}", shortNodeId(peerId),
                               chain.tip() ? chain.tip()->height() : 0);
  considerSyncAll();
}

// ---- anchors ----

// The peer answered our locator from its oldest retained share, and that share's parent is
// nowhere here: it found none of our locator on its best chain, so our chain does not reach its
// history (we are new, or were away while both sides pruned). Its history is collected and
// anchored instead of being inserted share by share as orphans that would never connect.
bool P2pNetwork::Core::startsAnchor(const SharechainBlock& block) const {
  if (!callbacks.anchorShares || block.shares.empty()) return false;
  if (const sharechain::ShareEntry* tip = chain.tip()) {
    const sharechain::ShareChainParams& params = chain.params();
    const std::int64_t silence = options.anchorAfterSilence
                                     ? options.anchorAfterSilence->count()
                                     : 2 * static_cast<std::int64_t>(params.shareWindow) * params.targetShareTime;
    if (static_cast<std::int64_t>(tip->share.data.timestamp) + silence > unixSeconds()) return false;
  }
  try {
    const sharechain::Share first = sharechain::decodeShare(block.shares.front());
    const Hash32& previous = first.data.previousShareId;
    return previous != Hash32{} && !chain.find(previous) && !chain.isOrphan(previous);
  } catch (const DecodeError&) {
    return false;  // the usual path refuses it and scores the sender
  }
}

void P2pNetwork::Core::collectAnchor(Peer& peer, const SharechainBlock& block) {
  // A peer keeps two windows; more than that (and two batches of slack) is not an honest history.
  const std::size_t cap = 2 * static_cast<std::size_t>(chain.params().shareWindow) + 2 * kMaxSharesPerMessage;
  for (const Bytes& encoded : block.shares) {
    std::optional<sharechain::Share> share = decodePeerShare(peer, encoded);
    if (!share) {
      peer.anchorHistory.clear();
      syncPeer_.reset();
      peer.syncStalled = Clock::now();
      return;
    }
    peer.known.insert(sharechain::shareId(*share));
    peer.anchorHistory.push_back(std::move(*share));
  }
  if (block.more && !block.shares.empty() && peer.anchorHistory.size() < cap && !peer.link->closed()) {
    // Onwards from the newest shares it sent (the last one may be an uncle when the batch filled
    // up on uncles: a few of them, newest first, so the peer finds one on its best chain).
    std::vector<Hash32> locator;
    for (auto it = peer.anchorHistory.rbegin(); it != peer.anchorHistory.rend() && locator.size() < 8; ++it) {
      locator.push_back(sharechain::shareId(*it));
    }
    const std::uint64_t requestId = nextRequestId_++;
    peer.requests[requestId] = Peer::Request{Peer::RequestKind::Anchor, Clock::now(), 0, {}, ourWork()};
    ++counters_.syncRequests;
    send(peer, SharechainRequest{requestId, std::move(locator), {}, static_cast<std::uint16_t>(kMaxSharesPerMessage)});
    return;
  }
  finishAnchor(peer);
}

void P2pNetwork::Core::finishAnchor(Peer& peer) {
  std::vector<sharechain::Share> history = std::move(peer.anchorHistory);
  peer.anchorHistory.clear();
  syncPeer_.reset();
  const NodeId peerId = peer.id;
  const std::size_t offered = history.size();
  sharechain::InsertOptions insertOptions;
  insertOptions.now = unixSeconds();
  sharechain::InsertResult result;
  try {
    result = callbacks.anchorShares(std::move(history), insertOptions);
  } catch (const std::exception& error) {
    spdlog::error("p2p: the history from peer {} could not be kept: {}", shortNodeId(peerId), error.what());
    return;
  }
  if (result.outcomes.empty()) return;
  const sharechain::InsertOutcome& first = result.first();
  if (first.status == InsertStatus::Refused) {
    ++counters_.sharesRefused;
    peer.syncStalled = Clock::now();
    if (first.refusal == sharechain::Refusal::BadAnchor) {
      // Too short or with gaps: what an honest peer that anchored recently may have. Not scored.
      spdlog::info("p2p: cannot anchor on the history of peer {}: {}", shortNodeId(peerId), first.detail);
    } else {
      punish(peer, Misbehavior::InvalidShare,
             "its history holds share " + shortNodeId(first.id) + " refused: " +
                 std::string(sharechain::refusalName(first.refusal)) + " (" + first.detail + ")");
    }
    considerSyncAll();
    return;
  }
  std::size_t added = 0;
  for (const sharechain::InsertOutcome& outcome : result.outcomes) {
    if (outcome.status == InsertStatus::Added) ++added;
  }
  counters_.sharesAdded += added;
  peer.sharesReceived += added;
  reputationOf(peerId).validShare();
  spdlog::info("p2p: anchored on the history of peer {}: {} of {} shares added, tip at height {}",
               shortNodeId(peerId), added, offered, chain.tip() ? chain.tip()->height() : 0);
  if (result.tipChange && callbacks.onTipChanged) callbacks.onTipChanged(*result.tipChange);
  // Onwards by locator from our new tip, which the peer now finds.
  if (!peer.link->closed()) considerSync(peer);
  considerSyncAll();
}

void P2pNetwork::Core::onShareSubmit(Peer& peer, const ShareSubmit& submit) {
  receiveShare(peer, submit.share, Origin::Submit, 0);
}

std::optional<sharechain::Share> P2pNetwork::Core::decodePeerShare(Peer& peer, ByteSpan encoded) {
  ++counters_.sharesReceived;
  try {
    return sharechain::decodeShare(encoded);
  } catch (const DecodeError& error) {
    ++counters_.sharesRefused;
    punish(peer, Misbehavior::InvalidShare, std::string("a share that does not decode: ") + error.what());
    return std::nullopt;
  }
}

std::optional<InsertStatus> P2pNetwork::Core::receiveShare(Peer& peer, ByteSpan encoded, Origin origin, unsigned round) {
  std::optional<sharechain::Share> decoded = decodePeerShare(peer, encoded);
  if (!decoded) return InsertStatus::Refused;
  sharechain::Share share = std::move(*decoded);
  const Hash32 id = sharechain::shareId(share);
  peer.known.insert(id);
  if (chain.find(id) || chain.isOrphan(id)) return InsertStatus::Known;
  sharechain::InsertOptions insertOptions;
  insertOptions.now = unixSeconds();
  sharechain::InsertResult result;
  try {
    result = callbacks.insertShare(std::move(share), insertOptions);
  } catch (const std::exception& error) {
    // The node could not keep it (its store failed): not the peer's fault, and not relayed.
    spdlog::error("p2p: a share from peer {} could not be kept: {}", shortNodeId(peer.id), error.what());
    return std::nullopt;
  }
  if (result.outcomes.empty()) return std::nullopt;
  afterInsert(result, peer, origin, round);
  return result.first().status;
}

void P2pNetwork::Core::afterInsert(const sharechain::InsertResult& result, Peer& from, Origin origin, unsigned round) {
  const sharechain::InsertOutcome& first = result.first();
  if (first.status == InsertStatus::Refused) {
    ++counters_.sharesRefused;
    // Our reason goes back to the sender only: the others never saw the share from us.
    if (origin != Origin::Sync) sendVerdict(first.id, false, first.refusal, &from);
    punish(from, Misbehavior::InvalidShare,
           "share " + shortNodeId(first.id) + " refused: " + std::string(sharechain::refusalName(first.refusal)) +
               (first.detail.empty() ? std::string() : " (" + first.detail + ")"));
  } else if (first.status == InsertStatus::Orphan && origin != Origin::Sync) {
    fetchMissing(from, first.missing, round + 1);
  }
  if (first.status == InsertStatus::Added) {
    ++from.sharesReceived;
    reputationOf(from.id).validShare();
  }
  for (const sharechain::InsertOutcome& outcome : result.outcomes) {
    if (outcome.status != InsertStatus::Added) continue;
    ++counters_.sharesAdded;
    if (origin == Origin::Sync) continue;
    if (const sharechain::ShareEntry* entry = chain.find(outcome.id)) relay(outcome.id, sharechain::encodeShare(entry->share));
    sendVerdict(outcome.id, true, sharechain::Refusal::None, nullptr);
  }
  if (result.tipChange && callbacks.onTipChanged) callbacks.onTipChanged(*result.tipChange);
}

void P2pNetwork::Core::relay(const Hash32& id, const Bytes& encoded) {
  std::optional<Message> message;
  for (const auto& [peerId, peer] : peers_) {
    if (!peer->known.insert(id)) continue;
    if (!message) message = ShareSubmit{encoded};
    send(*peer, *message);
    ++peer->sharesRelayed;
    ++counters_.sharesRelayed;
  }
}

// Acceptances go to every peer (they count confirmations of shares they relayed or mined);
// refusals only to the sender. Verdicts are not relayed further: each node counts its
// neighbours, which keeps the traffic at one verdict per share per link.
void P2pNetwork::Core::sendVerdict(const Hash32& shareId, bool accepted, sharechain::Refusal refusal, Peer* only) {
  ShareVerification verdict;
  verdict.shareId = shareId;
  verdict.accepted = accepted;
  verdict.refusal = static_cast<std::uint8_t>(refusal);
  verdict.timestamp = static_cast<std::uint64_t>(unixSeconds());
  verdict.verifier = identity.publicKey();
  verdict.signature = identity.sign(verificationSigningBytes(verdict));
  if (only) {
    send(*only, verdict);
    ++counters_.verdictsSent;
    return;
  }
  for (const auto& [id, peer] : peers_) {
    send(*peer, verdict);
    ++counters_.verdictsSent;
  }
}

void P2pNetwork::Core::onVerification(Peer& peer, const ShareVerification& verification) {
  ++counters_.verdictsReceived;
  // Verdicts are not relayed, so one signed by anyone but the peer is a replay: not counted.
  if (verification.verifier != peer.publicKey) return;
  if (!crypto::ed25519Verify(verification.verifier, verificationSigningBytes(verification), verification.signature)) {
    punish(peer, Misbehavior::Malformed, "a share verdict with a bad signature");
    return;
  }
  if (verification.accepted && chain.find(verification.shareId)) {
    confirmations_.add(verification.shareId, verification.verifier);
    ++peer.sharesConfirmed;
  }
}

void P2pNetwork::Core::announce(const sharechain::Share& share) {
  if (!running_) return;
  const Hash32 id = sharechain::shareId(share);
  if (!chain.find(id)) spdlog::debug("p2p: announcing share {} that is not in the chain", shortNodeId(id));
  relay(id, sharechain::encodeShare(share));
}

}  // namespace otedama::p2p
