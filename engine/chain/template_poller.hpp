// Keeps the pool's view of the node's block template current: a long-poll getblocktemplate that
// answers the moment the tip changes, a periodic refresh for new transactions, and, while the node
// is away, retries with exponential backoff. Reports a template (and whether it is on a new tip,
// with the previous tip's hash), problems, and recovery.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "chain/bitcoin_node.hpp"

namespace otedama::chain {

struct TemplatePollerOptions {
  std::chrono::milliseconds refreshInterval{10000};   // also picks up new transactions
  std::chrono::milliseconds longPollTimeout{300000};  // a long poll that times out is simply renewed
  std::chrono::milliseconds backoffMin{500};
  std::chrono::milliseconds backoffMax{30000};
};

struct TemplateEvents {
  // newTip: the template builds on a different block than the previous one (previousTip: the
  // block the earlier templates built on; zero for the first template).
  std::function<void(const BlockTemplate&, bool newTip, const Hash32& previousTip)> onTemplate;
  std::function<void(const NodeProblem&)> onProblem;  // once per change of problem
  std::function<void()> onRecovered;                  // after a problem, the first good template
};

// Runs on the node's io_context; start() and stop() must be called on that thread (or before it runs).
class TemplatePoller {
 public:
  TemplatePoller(BitcoinNode& node, TemplateEvents events, TemplatePollerOptions options = {});
  ~TemplatePoller();
  TemplatePoller(const TemplatePoller&) = delete;
  TemplatePoller& operator=(const TemplatePoller&) = delete;

  void start();
  void stop();
  // Asks for a fresh template now (for example after a block was submitted).
  void refreshNow();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace otedama::chain
