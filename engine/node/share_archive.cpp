// Share chain <-> store.
#include "node/share_archive.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "util/serialize.hpp"

namespace otedama::node {

RestoreReport ShareArchive::restore(std::int64_t now) {
  const auto started = std::chrono::steady_clock::now();
  RestoreReport report;
  const std::vector<store::ShareRecord> records = store_.loadShares();
  report.stored = records.size();
  std::vector<sharechain::Share> shares;
  shares.reserve(records.size());
  for (const store::ShareRecord& record : records) {
    try {
      shares.push_back(sharechain::decodeShare(record.encoded));
    } catch (const DecodeError& error) {
      ++report.undecodable;
      spdlog::warn("store: share at height {} does not decode ({}); skipped", record.height, error.what());
    }
  }
  report.tipChange = chain_.restore(std::move(shares), now);
  report.restored = chain_.size();
  report.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return report;
}

sharechain::InsertResult ShareArchive::insert(sharechain::Share share, const sharechain::InsertOptions& options) {
  sharechain::InsertResult result = chain_.insert(std::move(share), options);
  commitAdded(result);
  return result;
}

sharechain::InsertResult ShareArchive::anchor(std::vector<sharechain::Share> history,
                                              const sharechain::InsertOptions& options) {
  sharechain::InsertResult result = chain_.anchor(std::move(history), options);
  commitAdded(result);
  return result;
}

void ShareArchive::commitAdded(const sharechain::InsertResult& result) {
  std::vector<store::ShareRecord> added;
  for (const sharechain::InsertOutcome& outcome : result.outcomes) {
    if (outcome.status != sharechain::InsertStatus::Added) continue;
    const sharechain::ShareEntry* entry = chain_.find(outcome.id);
    added.push_back({entry->id, entry->share.data.previousShareId, entry->height(),
                     sharechain::encodeShare(entry->share), entry->receivedAt, entry->local});
  }
  if (added.size() == 1) {
    store_.addShare(added.front());
  } else if (!added.empty()) {
    store_.addShares(added);
  }
}

std::size_t ShareArchive::prune() {
  const std::vector<Hash32> removed = chain_.prune();
  if (!removed.empty()) store_.removeShares(removed);
  return removed.size();
}

}  // namespace otedama::node
