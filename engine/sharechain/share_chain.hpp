// The share tree: every verified share, the best chain by cumulative work, the PPLNS window of
// its tip and what a new share on that tip must contain. Shares may arrive in any order: those
// whose previous share or uncles are missing wait (bounded) and join when their parents do.
// Each insert reports what happened to the share and to any orphan it connected, and how the
// best chain moved (what left and what joined). Used from one thread (the engine's).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pow/algorithm.hpp"
#include "sharechain/credits.hpp"
#include "sharechain/params.hpp"
#include "sharechain/pplns_window.hpp"
#include "sharechain/refusal.hpp"
#include "sharechain/retarget.hpp"
#include "sharechain/share.hpp"

namespace otedama::sharechain {

struct HashKey {
  std::size_t operator()(const Hash32& hash) const noexcept;
};

struct ShareEntry {
  Hash32 id{};
  Share share;
  Work work;                      // of its own target
  std::vector<Credit> credits;    // what it adds to a window it is in (uncles included)
  bool isBlock = false;           // also met the parent chain's target
  bool local = false;             // found by this node's miners
  std::int64_t receivedAt = 0;
  ShareEntry* parent = nullptr;   // null for a first share or when the parent was pruned
  std::vector<ShareEntry*> children;
  bool onBestChain = false;

  std::uint64_t height() const { return share.data.height; }
};

enum class InsertStatus { Added, Known, Orphan, Refused };
std::string_view insertStatusName(InsertStatus status);

struct InsertOutcome {
  Hash32 id{};
  InsertStatus status = InsertStatus::Refused;
  Refusal refusal = Refusal::None;
  std::string detail;             // for refusals: what exactly was wrong
  bool isBlock = false;
  std::vector<Hash32> missing;    // for orphans: the shares it waits for
};

struct TipChange {
  Hash32 oldTip{};                // zeros when there was none
  Hash32 newTip{};
  std::vector<Hash32> left;       // shares that left the best chain, tip first
  std::vector<Hash32> joined;     // shares that joined it, oldest first
  bool isReorg() const { return !left.empty(); }
};

struct InsertResult {
  std::vector<InsertOutcome> outcomes;  // the share given first, then orphans it connected
  std::optional<TipChange> tipChange;
  const InsertOutcome& first() const { return outcomes.front(); }
};

struct InsertOptions {
  std::int64_t now = 0;        // unix seconds, for the future-timestamp rule
  bool powVerified = false;    // skip the proof-of-work check (already done by the caller) ...
  bool local = false;
  bool isBlock = false;        // ... who then also says whether it met the parent chain's target
};

struct ShareChainLimits {
  std::size_t maxOrphans = 2000;
  std::size_t rememberedRefusals = 4096;  // refused shares answered again without checking them again
  std::size_t contextCacheSize = 8;  // previous shares whose retarget and payouts are kept
};

// What a new share on the current tip must say.
struct NextShare {
  ShareData data;
  std::vector<chain::TxOutput> payouts;  // for the given coinbase value
};

class ShareChain {
 public:
  ShareChain(ShareChainParams params, const pow::Algorithm& algorithm, ShareChainLimits limits = {});
  ~ShareChain();
  ShareChain(const ShareChain&) = delete;
  ShareChain& operator=(const ShareChain&) = delete;

  InsertResult insert(Share share, const InsertOptions& options);
  InsertResult insertEncoded(ByteSpan encoded, const InsertOptions& options);

  // Shares verified before (from the store), in any order within the call: linked and credited
  // without proof of work or context checks; the best chain and its window are rebuilt once at
  // the end. Meant for one call at start (a share's parent must be known or in the same call).
  std::optional<TipChange> restore(std::vector<Share> shares, std::int64_t receivedAt);

  // A history from a peer whose oldest shares' ancestors are gone everywhere (pruned): how a node
  // joins a pool older than two windows. Best-chain shares of consecutive heights from a root, with
  // the uncles they credit, in any order. Every share's own rules and proof of work are checked;
  // the lowest anchorDepth() heights are then linked like restored shares (their difficulty,
  // payouts and claimed cumulative work cannot be checked without their ancestors) and every share
  // above them is inserted with all checks, the anchor serving as its window. Refused as a whole
  // (nothing kept, BadAnchor) when no share lies above the anchor, when a height is missing, or
  // when the first share above it does not verify; a later share that does not verify ends the
  // history there (the verified part is kept). Outcomes: one per share in height order, up to the
  // first refused one, then any orphans that connected.
  InsertResult anchor(std::vector<Share> history, const InsertOptions& options);
  // Heights an anchor must span below the first share checked in full: a window, and the uncle
  // depth below it (the window's shares credit uncles down there).
  std::uint64_t anchorDepth() const { return params_.shareWindow + params_.uncleDepth; }

  // Removes shares more than two windows below the tip, side branches included (an anchor served
  // to a new peer needs the uncles its oldest window credits); orphans' bookkeeping stays bounded
  // on its own. Returns the removed ids.
  std::vector<Hash32> prune();

  const ShareChainParams& params() const { return params_; }
  const Hash32& consensusId() const { return consensusId_; }
  const pow::Algorithm& algorithm() const { return algorithm_; }

  const ShareEntry* find(const Hash32& id) const;
  const ShareEntry* tip() const { return best_.empty() ? nullptr : best_.back(); }
  // The oldest best-chain share still kept (the start of what this node can serve).
  const ShareEntry* oldestBest() const { return best_.empty() ? nullptr : best_.front(); }
  std::size_t size() const { return entries_.size(); }
  std::size_t orphanCount() const { return orphans_.size(); }
  bool isOrphan(const Hash32& id) const { return orphans_.contains(id); }

  const PplnsWindow& window() const { return window_; }
  // The window's shares, newest first (at most shareWindow).
  std::vector<const ShareEntry*> windowShares() const;
  // Best-chain share at a height (null when not retained).
  const ShareEntry* bestAtHeight(std::uint64_t height) const;

  // A new share on the tip (or on `previous`, which must be known): previous, uncles, retargeted
  // bits, height, cumulative work, timestamp (now, but after the median time), and the payouts
  // its coinbase must have for `coinbaseValue`.
  NextShare nextShare(const Bytes& payoutScript, const Bytes& feeScript, std::uint32_t feePpm, std::uint64_t now,
                      std::int64_t coinbaseValue, std::optional<Hash32> previous = std::nullopt) const;
  // The coinbase a share must have (payouts after its previous share, which must be known), split
  // as coinb1 || share.extranonce || coinb2 — for example to assemble a block from a peer's share.
  // Throws chain::CoinbaseError when the share's fields break a consensus limit.
  chain::Coinbase coinbaseOf(const Share& share) const;
  // The outputs a share whose previous share is `previous` must pay (zeros: a first share).
  std::vector<chain::TxOutput> payoutsAfter(const Hash32& previous, std::int64_t coinbaseValue,
                                            const Bytes& fallbackScript) const;

 private:
  struct Orphan {
    Share share;
    InsertOptions options;
    std::vector<Hash32> missing;
  };
  struct Context;  // retarget and payout order at one previous share

  InsertOutcome tryConnect(Share& share, const InsertOptions& options, std::optional<TipChange>& tipChange);
  chain::Coinbase buildCoinbase(const Share& share, const Context& context) const;
  InsertOutcome checkAlone(const Share& share, const Hash32& id, bool powVerified, bool& isBlock) const;
  InsertOutcome checkInContext(const Share& share, const Hash32& id, std::int64_t now,
                               std::vector<UncleCredit>& uncles) const;
  std::vector<Hash32> missingDependencies(const ShareData& data) const;
  void addOrphan(Share share, const InsertOptions& options, std::vector<Hash32> missing);
  void removeOrphan(const Hash32& id);
  void rememberRefusal(const Hash32& content, const InsertOutcome& outcome);
  void connectWaitingOrphans(const Hash32& id, InsertResult& result);
  ShareEntry* addEntry(Share share, const Hash32& id, const Work& work, std::vector<UncleCredit> uncles,
                       const InsertOptions& options);
  void considerTip(ShareEntry* entry, std::optional<TipChange>& tipChange);
  void rebuildBest(ShareEntry* newTip);
  void pushBest(ShareEntry* entry);
  void popBest();
  void removeEntry(const Hash32& id);
  const ShareEntry* ancestorAt(const ShareEntry* from, std::uint64_t height) const;
  std::vector<RetargetSample> samples(const ShareEntry* newest) const;
  std::shared_ptr<const Context> contextAfter(const ShareEntry* previous) const;
  std::vector<UncleCredit> uncleCredits(const ShareData& data) const;
  // Why `uncle` may not be an uncle of a share at `height` on `previous` (None: it may).
  Refusal uncleRefusal(const ShareEntry* previous, std::uint64_t height, const ShareEntry* uncle,
                       std::string& detail) const;

  ShareChainParams params_;
  Hash32 consensusId_;
  const pow::Algorithm& algorithm_;
  ShareChainLimits limits_;

  std::unordered_map<Hash32, std::unique_ptr<ShareEntry>, HashKey> entries_;
  std::multimap<std::uint64_t, ShareEntry*> byHeight_;
  std::deque<ShareEntry*> best_;  // consecutive heights, oldest retained first, tip last
  PplnsWindow window_;             // credits of the last shareWindow entries of best_

  std::unordered_map<Hash32, Orphan, HashKey> orphans_;
  std::unordered_multimap<Hash32, Hash32, HashKey> waitingFor_;  // missing id -> orphan id
  std::deque<Hash32> orphanOrder_;

  // Refused shares by the digest of their whole encoding (not by id: the id covers only the header,
  // and a forged copy of a good share's header must not get the good share refused later).
  std::unordered_map<Hash32, InsertOutcome, HashKey> refusals_;
  std::deque<Hash32> refusalOrder_;

  mutable std::deque<std::pair<Hash32, std::shared_ptr<const Context>>> contexts_;
};

}  // namespace otedama::sharechain
