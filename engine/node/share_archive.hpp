// Keeps the share chain and the store in step. Every share the chain adds (and every orphan it
// connects) is committed to the store before insert() returns, so whoever acts on the result — the
// stratum reply to a miner, the relay to peers — only ever speaks of shares that survive a crash.
// At start the chain is restored from the store without checking proof of work again, and
// pruning deletes from both.
#pragma once

#include <cstdint>
#include <optional>

#include "sharechain/share_chain.hpp"
#include "store/store.hpp"

namespace otedama::node {

struct RestoreReport {
  std::size_t stored = 0;       // rows in the store
  std::size_t restored = 0;     // shares in the chain afterwards
  std::size_t undecodable = 0;  // rows that no longer decode (skipped, logged)
  double milliseconds = 0;
  std::optional<sharechain::TipChange> tipChange;
};

class ShareArchive {
 public:
  ShareArchive(store::Store& store, sharechain::ShareChain& chain) : store_(store), chain_(chain) {}

  RestoreReport restore(std::int64_t now);

  // chain.insert, then the added shares committed in one transaction. Throws store::StoreError
  // when the commit fails (the shares then stay in memory but nobody may be told they are kept).
  sharechain::InsertResult insert(sharechain::Share share, const sharechain::InsertOptions& options);

  // chain.anchor (a peer's history our chain does not reach back to), committed the same way.
  sharechain::InsertResult anchor(std::vector<sharechain::Share> history, const sharechain::InsertOptions& options);

  // chain.prune, then the same shares deleted from the store; returns how many.
  std::size_t prune();

 private:
  void commitAdded(const sharechain::InsertResult& result);

  store::Store& store_;
  sharechain::ShareChain& chain_;
};

}  // namespace otedama::node
