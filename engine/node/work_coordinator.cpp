// Templates and tips -> jobs; miners' solutions -> shares and blocks.
#include "node/work_coordinator.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "chain/address.hpp"
#include "chain/block_builder.hpp"
#include "p2p/p2p_network.hpp"
#include "util/compact_target.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"

namespace otedama::node {

namespace {

std::string displayHex(const Hash32& hash) { return toHex(reversed(hash)); }
std::string shortHex(const Hash32& hash) { return displayHex(hash).substr(0, 16); }

}  // namespace

// What a job carries back with each share found on it.
struct WorkCoordinator::JobPayload {
  std::shared_ptr<const sharechain::ParentBlock> parent;
  sharechain::ShareJob job;
};

WorkCoordinator::WorkCoordinator(sharechain::ShareChain& chain, ShareArchive& archive, store::Store& store,
                                 stratum::StratumServer& stratum, chain::BitcoinNode& parentNode,
                                 CoordinatorSettings settings, CoordinatorEvents events)
    : chain_(chain), archive_(archive), store_(store), stratum_(stratum), parentNode_(parentNode),
      settings_(std::move(settings)), events_(std::move(events)) {}

void WorkCoordinator::onTemplate(const chain::BlockTemplate& blockTemplate, bool newTip) {
  try {
    parent_ = std::make_shared<const sharechain::ParentBlock>(sharechain::prepareParentBlock(blockTemplate, chain_));
  } catch (const std::exception& error) {
    spdlog::error("work: cannot build on the template for height {}: {}", blockTemplate.height, error.what());
    if (events_.onProblem) events_.onProblem(std::string("cannot build on the node's template: ") + error.what());
    return;
  }
  chain::BlockTemplate summary = blockTemplate;
  summary.transactions.clear();
  summary.mweb.reset();
  stats_.lastTemplate = std::move(summary);
  if (newTip) tipSeenAt_ = std::chrono::steady_clock::now();
  makeJobs(newTip);
}

void WorkCoordinator::onTipChanged(const sharechain::TipChange&) {
  if (!parent_) return;
  tipSeenAt_ = std::chrono::steady_clock::now();
  makeJobs(true);
}

void WorkCoordinator::makeJobs(bool clean) {
  if (!parent_) return;
  const std::shared_ptr<const sharechain::ParentBlock> parent = parent_;
  stratum_.setWorkSource([this, parent](const Bytes& script) { return workFor(script, parent); }, clean);
  ++stats_.jobRounds;
  if (tipSeenAt_) {
    stats_.lastTipToJobs =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - *tipSeenAt_);
    tipSeenAt_.reset();
  }
}

stratum::Work WorkCoordinator::workFor(const Bytes& payoutScript,
                                       const std::shared_ptr<const sharechain::ParentBlock>& parent) {
  const chain::BlockTemplate& t = parent->blockTemplate;
  const std::uint64_t now = static_cast<std::uint64_t>(unixSeconds());
  sharechain::NextShare next =
      chain_.nextShare(payoutScript, settings_.feeScript, settings_.feePpm, now, parent->work.coinbaseValue);
  auto payload = std::make_shared<JobPayload>();
  payload->parent = parent;
  payload->job = sharechain::makeShareJob(chain_, parent->work, std::move(next), settings_.extranonce1Size,
                                          settings_.extranonce2Size);
  const sharechain::ShareJob& job = payload->job;
  stratum::Work work;
  work.job.previousBlockHash = job.previousBlockHash;
  work.job.coinb1 = job.coinbase.coinb1();
  work.job.coinb2 = job.coinbase.coinb2();
  work.job.merkleBranch = job.merkleBranch;
  work.job.version = static_cast<std::uint32_t>(job.version);
  work.job.bits = job.bits;
  work.job.time = std::max<std::uint32_t>(static_cast<std::uint32_t>(now), t.mintime);
  work.minTime = t.mintime;
  work.blockTarget = t.target;
  work.shareTarget = targetFromCompact(job.data.shareBits);
  work.payload = std::move(payload);
  ++stats_.jobsMade;
  return work;
}

bool WorkCoordinator::onMinerShare(const stratum::AcceptedShare& accepted) {
  const auto payload = std::static_pointer_cast<const JobPayload>(accepted.work->payload);
  if (!payload) return false;
  const sharechain::Share share =
      sharechain::completeShare(payload->job, accepted.extranonce1, accepted.extranonce2,
                                static_cast<std::int32_t>(accepted.version), accepted.ntime, accepted.nonce);
  const Hash32 id = sharechain::shareId(share);
  if (accepted.meetsBlock) {
    // At once: the block is worth more than anything else we do with this share.
    const Bytes block =
        chain::assembleBlock(share.header, payload->job.coinbase.serializeForBlock(accepted.extranonce1, accepted.extranonce2),
                             payload->parent->blockTemplate, payload->parent->selection);
    submitBlock(block, id);
    // Below the share target (only where blocks are easier than shares, as on regtest) it is a
    // block and nothing else: recorded from the job's coinbase, with no share behind it.
    if (!accepted.meetsShareChain) {
      store::BlockRecord record;
      record.height = payload->job.parentHeight;
      record.hash = id;
      record.reward = payload->job.coinbaseValue;
      record.foundAt = unixSeconds();
      recordBlock(record, payload->job.coinbase.outputs(), true);
    }
  }
  if (!accepted.meetsShareChain) return true;

  sharechain::InsertOptions options;
  options.now = unixSeconds();
  options.powVerified = true;  // the stratum server checked it against the share target
  options.local = true;
  options.isBlock = accepted.meetsBlock;
  sharechain::InsertResult result;
  try {
    result = archive_.insert(share, options);
  } catch (const std::exception& error) {
    spdlog::error("work: share {} could not be kept: {}", shortHex(id), error.what());
    if (events_.onProblem) events_.onProblem(std::string("a share could not be stored: ") + error.what());
    return false;
  }
  const sharechain::InsertOutcome& outcome = result.first();
  if (outcome.status == sharechain::InsertStatus::Refused || outcome.status == sharechain::InsertStatus::Orphan) {
    // A job on a tip that was pruned meanwhile, a clock gone wrong: the miner is told, not credited.
    ++stats_.sharesRefused;
    spdlog::warn("work: our own share {} was not added ({}: {} {})", shortHex(id),
                 sharechain::insertStatusName(outcome.status), sharechain::refusalName(outcome.refusal), outcome.detail);
    return false;
  }
  ++stats_.sharesKept;
  if (outcome.status == sharechain::InsertStatus::Added) {
    if (network_) network_->announce(share);
    if (events_.onLocalShare) events_.onLocalShare(share, accepted.meetsBlock);
    onSharesAdded(result);
    if (result.tipChange) onTipChanged(*result.tipChange);
  }
  return true;
}

void WorkCoordinator::onSharesAdded(const sharechain::InsertResult& result) {
  for (const sharechain::InsertOutcome& outcome : result.outcomes) {
    if (outcome.status != sharechain::InsertStatus::Added || !outcome.isBlock) continue;
    if (const sharechain::ShareEntry* entry = chain_.find(outcome.id)) recordBlock(*entry);
  }
}

void WorkCoordinator::submitBlock(const Bytes& block, const Hash32& hash) {
  ++stats_.blocksSubmitted;
  spdlog::info("work: block {} found, submitting", displayHex(hash));
  parentNode_.submitBlock(block, hash, [this, hash](chain::SubmitOutcome outcome) {
    switch (outcome.status) {
      case chain::SubmitStatus::Accepted:
      case chain::SubmitStatus::Duplicate:
        ++stats_.blocksAccepted;
        spdlog::info("work: block {} accepted by the node ({})", displayHex(hash), chain::submitStatusName(outcome.status));
        break;
      default:
        ++stats_.blocksRefused;
        spdlog::error("work: block {} not accepted: {} {}", displayHex(hash), chain::submitStatusName(outcome.status),
                      outcome.reason);
        if (events_.onProblem) {
          events_.onProblem("a block we found was not accepted by the node: " + std::string(chain::submitStatusName(outcome.status)) +
                            (outcome.reason.empty() ? "" : " (" + outcome.reason + ")"));
        }
    }
  });
}

void WorkCoordinator::recordBlock(const sharechain::ShareEntry& entry) {
  const sharechain::Share& share = entry.share;
  store::BlockRecord block;
  block.height = share.parentHeight;
  block.hash = entry.id;  // the share id is the parent block's hash
  block.shareId = entry.id;
  block.reward = share.coinbaseValue;
  block.foundAt = static_cast<std::int64_t>(share.data.timestamp);
  std::vector<chain::TxOutput> outputs;
  try {
    outputs = chain_.coinbaseOf(share).outputs();
  } catch (const std::exception& error) {
    spdlog::error("work: block {} has no coinbase to record: {}", displayHex(entry.id), error.what());
    return;
  }
  recordBlock(block, outputs, entry.local);
}

void WorkCoordinator::recordBlock(const store::BlockRecord& block, const std::vector<chain::TxOutput>& outputs,
                                  bool local) {
  std::vector<store::PayoutRecord> payouts;
  for (const chain::TxOutput& output : outputs) {
    if (output.value <= 0) continue;  // the share commitment and the witness commitment
    std::string address;
    try {
      address = chain::encodeAddress(output.script, settings_.coin->name, settings_.network);
    } catch (const std::exception&) {
      // a script without an address form: kept by script alone
    }
    payouts.push_back(store::PayoutRecord{std::move(address), output.script, output.value});
  }
  try {
    store_.addBlock(block, payouts);
  } catch (const std::exception& error) {
    spdlog::error("work: block {} could not be recorded: {}", displayHex(block.hash), error.what());
    return;
  }
  spdlog::info("work: block {} at height {} ({}) pays {} miners", displayHex(block.hash), block.height,
               local ? "ours" : "a peer's", payouts.size());
  if (events_.onBlockFound) events_.onBlockFound(block);
}

}  // namespace otedama::node
