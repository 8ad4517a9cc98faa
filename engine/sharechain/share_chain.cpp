// The share tree: checks (alone, then in context), orphans, fork choice, the incremental window
// of the best chain, restore and pruning.
#include "sharechain/share_chain.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "crypto/sha256.hpp"
#include "sharechain/payout_split.hpp"
#include "sharechain/share_coinbase.hpp"
#include "util/compact_target.hpp"
#include "util/hex.hpp"
#include "util/serialize.hpp"

namespace otedama::sharechain {

std::size_t HashKey::operator()(const Hash32& hash) const noexcept {
  std::size_t key;
  std::memcpy(&key, hash.data(), sizeof key);
  return key;
}

std::string_view insertStatusName(InsertStatus status) {
  switch (status) {
    case InsertStatus::Added: return "added";
    case InsertStatus::Known: return "known";
    case InsertStatus::Orphan: return "orphan";
    case InsertStatus::Refused: return "refused";
  }
  return "unknown";
}

struct ShareChain::Context {
  std::uint32_t nextBits = 0;
  std::uint64_t medianTime = 0;
  std::shared_ptr<const std::vector<MinerWeight>> payoutOrder = std::make_shared<std::vector<MinerWeight>>();
};

namespace {

constexpr Hash32 kNoShare{};

InsertOutcome refused(const Hash32& id, Refusal refusal, std::string detail) {
  InsertOutcome outcome;
  outcome.id = id;
  outcome.status = InsertStatus::Refused;
  outcome.refusal = refusal;
  outcome.detail = std::move(detail);
  return outcome;
}

InsertOutcome withStatus(const Hash32& id, InsertStatus status) {
  InsertOutcome outcome;
  outcome.id = id;
  outcome.status = status;
  return outcome;
}

std::string shortId(const Hash32& id) { return toHex(reversed(id)).substr(0, 16); }

// Folds a later tip change of the same insert into the earlier one.
void mergeTipChange(std::optional<TipChange>& into, TipChange next) {
  if (!into) {
    into = std::move(next);
    return;
  }
  for (const Hash32& id : next.left) {
    const auto it = std::find(into->joined.begin(), into->joined.end(), id);
    if (it != into->joined.end()) {
      into->joined.erase(it);
    } else {
      into->left.push_back(id);
    }
  }
  into->joined.insert(into->joined.end(), next.joined.begin(), next.joined.end());
  into->newTip = next.newTip;
}

}  // namespace

ShareChain::ShareChain(ShareChainParams params, const pow::Algorithm& algorithm, ShareChainLimits limits)
    : params_(std::move(params)), consensusId_(params_.consensusId()), algorithm_(algorithm), limits_(limits) {}

ShareChain::~ShareChain() = default;

const ShareEntry* ShareChain::find(const Hash32& id) const {
  const auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : it->second.get();
}

const ShareEntry* ShareChain::bestAtHeight(std::uint64_t height) const {
  if (best_.empty() || height < best_.front()->height() || height > best_.back()->height()) return nullptr;
  return best_[height - best_.front()->height()];
}

std::vector<const ShareEntry*> ShareChain::windowShares() const {
  std::vector<const ShareEntry*> shares;
  const std::size_t count = std::min<std::size_t>(best_.size(), params_.shareWindow);
  shares.reserve(count);
  for (std::size_t i = 0; i < count; ++i) shares.push_back(best_[best_.size() - 1 - i]);
  return shares;
}

// ---- insertion ----

InsertResult ShareChain::insertEncoded(ByteSpan encoded, const InsertOptions& options) {
  Share share;
  try {
    share = decodeShare(encoded);
  } catch (const DecodeError& error) {
    InsertResult result;
    result.outcomes.push_back(refused(kNoShare, Refusal::Malformed, error.what()));
    return result;
  }
  return insert(std::move(share), options);
}

InsertResult ShareChain::insert(Share share, const InsertOptions& options) {
  InsertResult result;
  const Hash32 id = shareId(share);
  if (entries_.contains(id) || orphans_.contains(id)) {
    result.outcomes.push_back(withStatus(id, InsertStatus::Known));
    return result;
  }
  const Hash32 content = crypto::sha256(encodeShare(share));
  if (const auto known = refusals_.find(content); known != refusals_.end()) {
    result.outcomes.push_back(known->second);
    return result;
  }
  bool isBlock = options.powVerified && options.isBlock;
  InsertOutcome alone = checkAlone(share, id, options.powVerified, isBlock);
  if (alone.status == InsertStatus::Refused) {
    rememberRefusal(content, alone);
    result.outcomes.push_back(std::move(alone));
    return result;
  }
  InsertOptions verified = options;
  verified.powVerified = true;  // an orphan is not hashed again when its parents arrive
  verified.isBlock = isBlock;
  InsertOutcome outcome = tryConnect(share, verified, result.tipChange);
  if (outcome.status == InsertStatus::Refused) rememberRefusal(content, outcome);
  result.outcomes.push_back(std::move(outcome));
  if (result.first().status == InsertStatus::Added) connectWaitingOrphans(id, result);
  return result;
}

InsertOutcome ShareChain::tryConnect(Share& share, const InsertOptions& options, std::optional<TipChange>& tipChange) {
  const Hash32 id = shareId(share);
  std::vector<Hash32> missing = missingDependencies(share.data);
  if (!missing.empty()) {
    InsertOutcome outcome = withStatus(id, InsertStatus::Orphan);
    outcome.isBlock = options.isBlock;
    outcome.missing = missing;
    addOrphan(std::move(share), options, std::move(missing));
    return outcome;
  }
  std::vector<UncleCredit> uncles;
  InsertOutcome outcome = checkInContext(share, id, options.now, uncles);
  if (outcome.status == InsertStatus::Refused) return outcome;
  const Work work = *workOfTarget(*targetFromCompact(share.data.shareBits));
  ShareEntry* entry = addEntry(std::move(share), id, work, std::move(uncles), options);
  considerTip(entry, tipChange);
  InsertOutcome added = withStatus(id, InsertStatus::Added);
  added.isBlock = options.isBlock;
  return added;
}

InsertOutcome ShareChain::checkAlone(const Share& share, const Hash32& id, bool powVerified, bool& isBlock) const {
  const ShareData& data = share.data;
  if (share.coinbaseValue <= 0) return refused(id, Refusal::BadCoinbase, "coinbase value must be positive");
  if (share.extranonce.empty()) return refused(id, Refusal::BadCoinbase, "empty extranonce");
  if (data.payoutScript.empty()) return refused(id, Refusal::BadPayoutScript, "empty payout script");
  if (data.feePpm > params_.maxFeePpm) {
    return refused(id, Refusal::BadFee, "fee " + std::to_string(data.feePpm) + " ppm above the maximum " +
                                            std::to_string(params_.maxFeePpm));
  }
  if (data.feePpm != 0 && data.feeScript.empty()) return refused(id, Refusal::BadFee, "a fee without a fee script");
  if (data.uncles.size() > params_.maxUncles) {
    return refused(id, Refusal::TooManyUncles, std::to_string(data.uncles.size()) + " uncles, at most " +
                                                   std::to_string(params_.maxUncles));
  }
  for (std::size_t i = 0; i < data.uncles.size(); ++i) {
    if (data.uncles[i] == data.previousShareId ||
        std::find(data.uncles.begin() + static_cast<std::ptrdiff_t>(i) + 1, data.uncles.end(), data.uncles[i]) !=
            data.uncles.end()) {
      return refused(id, Refusal::DuplicateUncle, "uncle " + shortId(data.uncles[i]) + " listed twice");
    }
  }
  const std::optional<UInt256> target = targetFromCompact(data.shareBits);
  if (!target || *target < params_.minTarget || *target > params_.maxTarget) {
    return refused(id, Refusal::TargetOutOfRange, "share bits " + std::to_string(data.shareBits) + " out of range");
  }
  if (data.previousShareId == kNoShare && (data.height != 0 || !data.uncles.empty())) {
    return refused(id, Refusal::BadGenesis, "a first share must have height 0 and no uncles");
  }
  if (data.previousShareId != kNoShare && data.height == 0) {
    return refused(id, Refusal::BadHeight, "height 0 with a previous share");
  }
  if (!powVerified) {
    const auto header = share.header.serialize();
    const UInt256 value = algorithm_.hashValue(algorithm_.hash(header));
    if (value > *target) return refused(id, Refusal::InsufficientWork, "proof of work above the share target");
    const std::optional<UInt256> blockTarget = targetFromCompact(share.header.bits);
    isBlock = blockTarget && value <= *blockTarget;
  }
  return withStatus(id, InsertStatus::Added);
}

std::vector<Hash32> ShareChain::missingDependencies(const ShareData& data) const {
  std::vector<Hash32> missing;
  if (data.previousShareId != kNoShare && !entries_.contains(data.previousShareId)) {
    missing.push_back(data.previousShareId);
  }
  for (const Hash32& uncle : data.uncles) {
    if (!entries_.contains(uncle)) missing.push_back(uncle);
  }
  return missing;
}

InsertOutcome ShareChain::checkInContext(const Share& share, const Hash32& id, std::int64_t now,
                                         std::vector<UncleCredit>& uncles) const {
  const ShareData& data = share.data;
  const ShareEntry* previous = data.previousShareId == kNoShare ? nullptr : find(data.previousShareId);
  if (previous && data.height != previous->height() + 1) {
    return refused(id, Refusal::BadHeight, "height " + std::to_string(data.height) + " after a share at height " +
                                               std::to_string(previous->height()));
  }
  const std::uint64_t latest = static_cast<std::uint64_t>(std::max<std::int64_t>(now, 0)) + params_.maxFutureSeconds;
  if (data.timestamp > latest) {
    return refused(id, Refusal::TimestampTooNew, "timestamp " + std::to_string(data.timestamp) + " is after " +
                                                     std::to_string(latest));
  }
  const std::shared_ptr<const Context> context = contextAfter(previous);
  if (previous && data.timestamp <= context->medianTime) {
    return refused(id, Refusal::TimestampTooOld, "timestamp " + std::to_string(data.timestamp) +
                                                     " is not after the median " + std::to_string(context->medianTime));
  }
  if (data.shareBits != context->nextBits) {
    return refused(id, Refusal::WrongDifficulty, "share bits " + std::to_string(data.shareBits) + ", expected " +
                                                     std::to_string(context->nextBits));
  }

  const Work work = *workOfTarget(*targetFromCompact(data.shareBits));
  Work expected = previous ? previous->share.data.cumulativeWork + work : work;
  for (const Hash32& uncleId : data.uncles) {
    const ShareEntry* uncle = find(uncleId);
    std::string detail;
    if (const Refusal refusal = uncleRefusal(previous, data.height, uncle, detail); refusal != Refusal::None) {
      return refused(id, refusal, std::move(detail));
    }
    expected += uncle->work;
    uncles.push_back({&uncle->share.data, uncle->work});
  }
  if (data.cumulativeWork != expected) {
    return refused(id, Refusal::WrongCumulativeWork, "cumulative work " + data.cumulativeWork.toHex() +
                                                         ", expected " + expected.toHex());
  }

  try {
    const chain::Coinbase coinbase = buildCoinbase(share, *context);
    const Hash32 root = chain::merkleRootFromCoinbase(coinbase.txid(share.extranonce, {}), share.merkleBranch);
    if (root != share.header.merkleRoot) {
      return refused(id, Refusal::CoinbaseMismatch, "the rebuilt coinbase does not give the header's merkle root");
    }
  } catch (const chain::CoinbaseError& error) {
    return refused(id, Refusal::BadCoinbase, error.what());
  }
  return withStatus(id, InsertStatus::Added);
}

chain::Coinbase ShareChain::buildCoinbase(const Share& share, const Context& context) const {
  ShareCoinbaseInputs inputs;
  inputs.parentHeight = share.parentHeight;
  inputs.payouts =
      splitReward(share.coinbaseValue, *context.payoutOrder, params_.maxPayoutOutputs, share.data.payoutScript);
  inputs.data = &share.data;
  inputs.witnessCommitment = share.witnessCommitment;
  inputs.extranonce1Size = share.extranonce.size();  // extranonce1 || extranonce2 as one piece
  inputs.extranonce2Size = 0;
  return buildShareCoinbase(params_, consensusId_, inputs);
}

chain::Coinbase ShareChain::coinbaseOf(const Share& share) const {
  const Hash32& previousId = share.data.previousShareId;
  const ShareEntry* previous = previousId == kNoShare ? nullptr : find(previousId);
  if (previousId != kNoShare && previous == nullptr) {
    throw std::invalid_argument("unknown previous share " + shortId(previousId));
  }
  return buildCoinbase(share, *contextAfter(previous));
}

// ---- anchors ----

InsertResult ShareChain::anchor(std::vector<Share> history, const InsertOptions& options) {
  InsertResult result;
  const auto refuseAll = [&result](const Hash32& id, Refusal refusal, std::string detail) {
    result.outcomes.clear();
    result.tipChange.reset();
    result.outcomes.push_back(refused(id, refusal, std::move(detail)));
    return result;
  };
  if (history.empty()) return refuseAll(kNoShare, Refusal::BadAnchor, "an empty history");
  std::stable_sort(history.begin(), history.end(),
                   [](const Share& a, const Share& b) { return a.data.height < b.data.height; });
  const std::uint64_t root = history.front().data.height;
  const std::uint64_t firstChecked = root + anchorDepth();
  if (history.back().data.height < firstChecked) {
    return refuseAll(kNoShare, Refusal::BadAnchor,
                     "a history of heights " + std::to_string(root) + ".." + std::to_string(history.back().data.height) +
                         " is too short to anchor (" + std::to_string(anchorDepth()) + " heights and one more)");
  }

  // Every share's own rules and proof of work first, so a bad share costs the peer the whole history.
  std::vector<Hash32> ids;
  std::vector<InsertOptions> verified;
  ids.reserve(history.size());
  verified.reserve(history.size());
  std::uint64_t expectedHeight = root;
  for (const Share& share : history) {
    const Hash32 id = shareId(share);
    if (share.data.height > expectedHeight) {
      return refuseAll(id, Refusal::BadAnchor, "the history has no share at height " + std::to_string(expectedHeight));
    }
    expectedHeight = share.data.height + 1;
    bool isBlock = options.powVerified && options.isBlock;
    InsertOutcome alone = checkAlone(share, id, options.powVerified, isBlock);
    if (alone.status == InsertStatus::Refused) {
      rememberRefusal(crypto::sha256(encodeShare(share)), alone);
      return refuseAll(id, alone.refusal, std::move(alone.detail));
    }
    InsertOptions shareOptions = options;
    shareOptions.powVerified = true;
    shareOptions.isBlock = isBlock;
    removeOrphan(id);  // it waited for ancestors that are gone; the history places it now
    ids.push_back(id);
    verified.push_back(shareOptions);
  }

  // The anchor: linked as found, without context. Remembered so that it can leave again.
  std::vector<Hash32> anchored;
  std::size_t next = 0;
  for (; next < history.size() && history[next].data.height < firstChecked; ++next) {
    InsertOutcome outcome = withStatus(ids[next], InsertStatus::Known);
    if (!entries_.contains(ids[next])) {
      const Work work = *workOfTarget(*targetFromCompact(history[next].data.shareBits));
      std::vector<UncleCredit> uncles = uncleCredits(history[next].data);
      addEntry(std::move(history[next]), ids[next], work, std::move(uncles), verified[next]);
      anchored.push_back(ids[next]);
      outcome = withStatus(ids[next], InsertStatus::Added);
    }
    outcome.isBlock = verified[next].isBlock;
    result.outcomes.push_back(std::move(outcome));
  }

  // Everything above it, checked in full against it.
  std::size_t checkedAdded = 0;
  for (; next < history.size(); ++next) {
    if (entries_.contains(ids[next])) {
      result.outcomes.push_back(withStatus(ids[next], InsertStatus::Known));
      continue;
    }
    InsertOutcome outcome = tryConnect(history[next], verified[next], result.tipChange);
    const InsertStatus status = outcome.status;
    if (status == InsertStatus::Added) ++checkedAdded;
    result.outcomes.push_back(std::move(outcome));
    if (status == InsertStatus::Refused) break;
  }
  if (checkedAdded == 0) {
    // Nothing above the anchor verified: the anchor leaves again, and the reason is the first
    // share's that was checked (or that nothing could be).
    InsertOutcome reason = result.outcomes.size() > anchored.size() ? result.outcomes.back()
                                                                    : refused(kNoShare, Refusal::BadAnchor, "");
    for (auto it = result.outcomes.rbegin(); it != result.outcomes.rend(); ++it) {
      if (it->status == InsertStatus::Orphan) removeOrphan(it->id);
    }
    for (auto it = anchored.rbegin(); it != anchored.rend(); ++it) removeEntry(*it);
    contexts_.clear();
    if (reason.status != InsertStatus::Refused) {
      return refuseAll(reason.id, Refusal::BadAnchor, "no share above the anchor connects to it");
    }
    return refuseAll(reason.id, reason.refusal, std::move(reason.detail));
  }
  const std::size_t given = result.outcomes.size();
  for (std::size_t i = 0; i < given; ++i) {
    if (result.outcomes[i].status == InsertStatus::Added) connectWaitingOrphans(result.outcomes[i].id, result);
  }
  return result;
}

// ---- orphans ----

void ShareChain::addOrphan(Share share, const InsertOptions& options, std::vector<Hash32> missing) {
  const Hash32 id = shareId(share);
  while (orphans_.size() >= limits_.maxOrphans && !orphanOrder_.empty()) {
    const Hash32 oldest = orphanOrder_.front();
    orphanOrder_.pop_front();
    removeOrphan(oldest);
  }
  for (const Hash32& waitedFor : missing) waitingFor_.emplace(waitedFor, id);
  orphans_.emplace(id, Orphan{std::move(share), options, std::move(missing)});
  orphanOrder_.push_back(id);
  if (orphanOrder_.size() > 2 * limits_.maxOrphans) {  // drop ids of orphans that connected since
    std::erase_if(orphanOrder_, [this](const Hash32& orphan) { return !orphans_.contains(orphan); });
  }
}

void ShareChain::removeOrphan(const Hash32& id) {
  const auto it = orphans_.find(id);
  if (it == orphans_.end()) return;
  for (const Hash32& waitedFor : it->second.missing) {
    auto [begin, end] = waitingFor_.equal_range(waitedFor);
    for (auto w = begin; w != end; ++w) {
      if (w->second == id) {
        waitingFor_.erase(w);
        break;
      }
    }
  }
  orphans_.erase(it);  // its id leaves orphanOrder_ when that is next compacted or reaches it
}

void ShareChain::rememberRefusal(const Hash32& content, const InsertOutcome& outcome) {
  // A timestamp ahead of our clock may be fine later; everything else about a share is final.
  if (outcome.refusal == Refusal::TimestampTooNew || limits_.rememberedRefusals == 0) return;
  if (!refusals_.emplace(content, outcome).second) return;
  refusalOrder_.push_back(content);
  if (refusalOrder_.size() > limits_.rememberedRefusals) {
    refusals_.erase(refusalOrder_.front());
    refusalOrder_.pop_front();
  }
}

void ShareChain::connectWaitingOrphans(const Hash32& id, InsertResult& result) {
  std::vector<Hash32> arrived{id};
  while (!arrived.empty()) {
    const Hash32 parent = arrived.back();
    arrived.pop_back();
    const auto [begin, end] = waitingFor_.equal_range(parent);
    std::vector<Hash32> waiting;
    for (auto it = begin; it != end; ++it) waiting.push_back(it->second);
    waitingFor_.erase(parent);
    for (const Hash32& orphanId : waiting) {
      const auto it = orphans_.find(orphanId);
      if (it == orphans_.end()) continue;
      std::erase(it->second.missing, parent);
      if (!it->second.missing.empty()) continue;
      Orphan orphan = std::move(it->second);
      orphans_.erase(it);
      InsertOutcome outcome = tryConnect(orphan.share, orphan.options, result.tipChange);
      if (outcome.status == InsertStatus::Added) arrived.push_back(orphanId);
      result.outcomes.push_back(std::move(outcome));
    }
  }
}

// ---- the tree and the best chain ----

std::vector<UncleCredit> ShareChain::uncleCredits(const ShareData& data) const {
  std::vector<UncleCredit> uncles;
  for (const Hash32& uncleId : data.uncles) {
    if (const ShareEntry* uncle = find(uncleId)) uncles.push_back({&uncle->share.data, uncle->work});
  }
  return uncles;
}

ShareEntry* ShareChain::addEntry(Share share, const Hash32& id, const Work& work, std::vector<UncleCredit> uncles,
                                 const InsertOptions& options) {
  auto entry = std::make_unique<ShareEntry>();
  entry->id = id;
  entry->work = work;
  entry->credits = shareCredits(params_, share.data, work, uncles);
  entry->share = std::move(share);
  entry->isBlock = options.isBlock;
  entry->local = options.local;
  entry->receivedAt = options.now;
  if (entry->share.data.previousShareId != kNoShare) {
    const auto parent = entries_.find(entry->share.data.previousShareId);
    if (parent != entries_.end()) {
      entry->parent = parent->second.get();
      entry->parent->children.push_back(entry.get());
    }
  }
  ShareEntry* raw = entry.get();
  byHeight_.emplace(raw->height(), raw);
  entries_.emplace(id, std::move(entry));
  return raw;
}

void ShareChain::pushBest(ShareEntry* entry) {
  entry->onBestChain = true;
  best_.push_back(entry);
  window_.add(entry->credits);
  const std::size_t length = best_.size();
  if (length > params_.shareWindow) window_.remove(best_[length - 1 - params_.shareWindow]->credits);
}

void ShareChain::popBest() {
  ShareEntry* entry = best_.back();
  const std::size_t length = best_.size();
  window_.remove(entry->credits);
  if (length > params_.shareWindow) window_.add(best_[length - 1 - params_.shareWindow]->credits);
  entry->onBestChain = false;
  best_.pop_back();
}

void ShareChain::rebuildBest(ShareEntry* newTip) {
  for (ShareEntry* entry : best_) entry->onBestChain = false;
  best_.clear();
  window_.clear();
  std::vector<ShareEntry*> path;
  for (ShareEntry* entry = newTip; entry; entry = entry->parent) path.push_back(entry);
  for (auto it = path.rbegin(); it != path.rend(); ++it) pushBest(*it);
}

void ShareChain::considerTip(ShareEntry* entry, std::optional<TipChange>& tipChange) {
  const ShareEntry* current = tip();
  if (current && !(entry->share.data.cumulativeWork > current->share.data.cumulativeWork)) return;
  TipChange change;
  change.oldTip = current ? current->id : kNoShare;
  change.newTip = entry->id;
  std::vector<ShareEntry*> path;
  ShareEntry* fork = entry;
  while (fork && !fork->onBestChain) {
    path.push_back(fork);
    fork = fork->parent;
  }
  if (fork == nullptr) {
    for (auto it = best_.rbegin(); it != best_.rend(); ++it) change.left.push_back((*it)->id);
    rebuildBest(entry);
    for (auto it = path.rbegin(); it != path.rend(); ++it) change.joined.push_back((*it)->id);
  } else {
    while (best_.back() != fork) {
      change.left.push_back(best_.back()->id);
      popBest();
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      pushBest(*it);
      change.joined.push_back((*it)->id);
    }
  }
  mergeTipChange(tipChange, std::move(change));
}

Refusal ShareChain::uncleRefusal(const ShareEntry* previous, std::uint64_t height, const ShareEntry* uncle,
                                 std::string& detail) const {
  if (uncle->height() >= height || uncle->height() + params_.uncleDepth < height) {
    detail = "uncle " + shortId(uncle->id) + " at height " + std::to_string(uncle->height()) + " for a share at " +
             std::to_string(height);
    return Refusal::UncleTooDeep;
  }
  const ShareEntry* sameHeight = ancestorAt(previous, uncle->height());
  const ShareEntry* parentHeight = uncle->height() == 0 ? nullptr : ancestorAt(previous, uncle->height() - 1);
  if (sameHeight == uncle || uncle->parent == nullptr || uncle->parent != parentHeight) {
    detail = "uncle " + shortId(uncle->id) + " does not branch off this chain";
    return Refusal::UncleNotOnSideChain;
  }
  for (const ShareEntry* ancestor = previous; ancestor && ancestor->height() > uncle->height();
       ancestor = ancestor->parent) {
    const auto& included = ancestor->share.data.uncles;
    if (std::find(included.begin(), included.end(), uncle->id) != included.end()) {
      detail = "uncle " + shortId(uncle->id) + " already included by " + shortId(ancestor->id);
      return Refusal::UncleAlreadyCounted;
    }
  }
  return Refusal::None;
}

const ShareEntry* ShareChain::ancestorAt(const ShareEntry* from, std::uint64_t height) const {
  while (from && from->height() > height) {
    if (from->onBestChain) return bestAtHeight(height);
    from = from->parent;
  }
  return from && from->height() == height ? from : nullptr;
}

std::vector<RetargetSample> ShareChain::samples(const ShareEntry* newest) const {
  std::vector<RetargetSample> out;
  out.reserve(std::min<std::size_t>(params_.shareWindow, newest ? newest->height() + 1 : 0));
  for (const ShareEntry* entry = newest; entry && out.size() < params_.shareWindow; entry = entry->parent) {
    out.push_back({entry->share.data.timestamp, entry->work, entry->share.data.shareBits});
  }
  return out;
}

std::shared_ptr<const ShareChain::Context> ShareChain::contextAfter(const ShareEntry* previous) const {
  const Hash32 key = previous ? previous->id : kNoShare;
  for (const auto& [id, context] : contexts_) {
    if (id == key) return context;
  }
  auto context = std::make_shared<Context>();
  const std::vector<RetargetSample> history = samples(previous);
  context->nextBits = nextShareBits(params_, history);
  context->medianTime = medianTimePast(params_, history);
  if (previous && previous == tip()) {
    context->payoutOrder = window_.payoutOrder();
  } else if (previous) {
    PplnsWindow window;
    std::size_t counted = 0;
    for (const ShareEntry* entry = previous; entry && counted < params_.shareWindow; entry = entry->parent, ++counted) {
      window.add(entry->credits);
    }
    context->payoutOrder = window.payoutOrder();
  }
  contexts_.emplace_front(key, context);
  if (contexts_.size() > limits_.contextCacheSize) contexts_.pop_back();
  return context;
}

NextShare ShareChain::nextShare(const Bytes& payoutScript, const Bytes& feeScript, std::uint32_t feePpm,
                                std::uint64_t now, std::int64_t coinbaseValue, std::optional<Hash32> previousId) const {
  const ShareEntry* previous = tip();
  if (previousId) {
    previous = *previousId == kNoShare ? nullptr : find(*previousId);
    if (*previousId != kNoShare && previous == nullptr) {
      throw std::invalid_argument("unknown previous share " + shortId(*previousId));
    }
  }
  const std::shared_ptr<const Context> context = contextAfter(previous);
  NextShare next;
  ShareData& data = next.data;
  data.previousShareId = previous ? previous->id : kNoShare;
  data.height = previous ? previous->height() + 1 : 0;
  data.payoutScript = payoutScript;
  data.feeScript = feeScript;
  data.feePpm = feePpm;
  data.shareBits = context->nextBits;
  data.timestamp = previous ? std::max(now, context->medianTime + 1) : now;
  const Work work = *workOfTarget(*targetFromCompact(data.shareBits));
  data.cumulativeWork = previous ? previous->share.data.cumulativeWork + work : work;

  if (previous) {
    // Shares within uncle depth that branch off this chain and that no ancestor has included,
    // oldest first (then by id), as many as allowed.
    const std::uint64_t lowest = data.height > params_.uncleDepth ? data.height - params_.uncleDepth : 0;
    std::vector<const ShareEntry*> candidates;
    for (auto it = byHeight_.lower_bound(lowest); it != byHeight_.end() && it->first < data.height; ++it) {
      std::string detail;
      if (uncleRefusal(previous, data.height, it->second, detail) == Refusal::None) candidates.push_back(it->second);
    }
    std::sort(candidates.begin(), candidates.end(), [](const ShareEntry* a, const ShareEntry* b) {
      return a->height() != b->height() ? a->height() < b->height() : a->id < b->id;
    });
    for (const ShareEntry* uncle : candidates) {
      if (data.uncles.size() >= params_.maxUncles) break;
      data.uncles.push_back(uncle->id);
      data.cumulativeWork += uncle->work;
    }
  }
  next.payouts = splitReward(coinbaseValue, *context->payoutOrder, params_.maxPayoutOutputs, payoutScript);
  return next;
}

std::vector<chain::TxOutput> ShareChain::payoutsAfter(const Hash32& previous, std::int64_t coinbaseValue,
                                                      const Bytes& fallbackScript) const {
  const ShareEntry* entry = previous == kNoShare ? nullptr : find(previous);
  if (previous != kNoShare && entry == nullptr) {
    throw std::invalid_argument("unknown previous share " + shortId(previous));
  }
  return splitReward(coinbaseValue, *contextAfter(entry)->payoutOrder, params_.maxPayoutOutputs, fallbackScript);
}

// ---- restore and pruning ----

std::optional<TipChange> ShareChain::restore(std::vector<Share> shares, std::int64_t receivedAt) {
  std::sort(shares.begin(), shares.end(),
            [](const Share& a, const Share& b) { return a.data.height < b.data.height; });
  ShareEntry* heaviest = nullptr;
  InsertOptions options;
  options.now = receivedAt;
  for (Share& share : shares) {
    const Hash32 id = shareId(share);
    if (entries_.contains(id)) continue;
    const std::optional<UInt256> target = targetFromCompact(share.data.shareBits);
    const std::optional<Work> work = target ? workOfTarget(*target) : std::nullopt;
    if (!work) continue;
    std::vector<UncleCredit> uncles = uncleCredits(share.data);
    ShareEntry* entry = addEntry(std::move(share), id, *work, std::move(uncles), options);
    if (!heaviest || entry->share.data.cumulativeWork > heaviest->share.data.cumulativeWork) heaviest = entry;
  }
  if (!heaviest) return std::nullopt;
  std::optional<TipChange> change;
  considerTip(heaviest, change);
  return change;
}

void ShareChain::removeEntry(const Hash32& id) {
  const auto it = entries_.find(id);
  if (it == entries_.end()) return;
  ShareEntry* entry = it->second.get();
  for (ShareEntry* child : entry->children) child->parent = nullptr;
  if (entry->parent) std::erase(entry->parent->children, entry);
  auto [begin, end] = byHeight_.equal_range(entry->height());
  for (auto h = begin; h != end; ++h) {
    if (h->second == entry) {
      byHeight_.erase(h);
      break;
    }
  }
  entries_.erase(it);
}

std::vector<Hash32> ShareChain::prune() {
  std::vector<Hash32> removed;
  const ShareEntry* top = tip();
  if (!top) return removed;
  const std::uint64_t window = params_.shareWindow;
  const std::uint64_t keep = top->height() > 2 * window ? top->height() - 2 * window : 0;
  for (auto it = byHeight_.begin(); it != byHeight_.end() && it->first < keep; ++it) {
    removed.push_back(it->second->id);
  }
  for (const Hash32& id : removed) {
    const ShareEntry* entry = find(id);
    if (entry->onBestChain) best_.pop_front();  // only the oldest best-chain shares are removed
    removeEntry(id);
  }
  if (!removed.empty()) contexts_.clear();
  return removed;
}

}  // namespace otedama::sharechain
