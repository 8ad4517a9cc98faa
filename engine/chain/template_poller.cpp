// Long polling, refresh and backoff for block templates.
#include "chain/template_poller.hpp"

#include <algorithm>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace otedama::chain {

struct TemplatePoller::State : std::enable_shared_from_this<State> {
  State(BitcoinNode& n, TemplateEvents e, TemplatePollerOptions o, boost::asio::io_context& io)
      : node(n), events(std::move(e)), options(o), refreshTimer(io), retryTimer(io), backoff(o.backoffMin) {}

  BitcoinNode& node;
  TemplateEvents events;
  TemplatePollerOptions options;
  boost::asio::steady_timer refreshTimer;
  boost::asio::steady_timer retryTimer;
  std::chrono::milliseconds backoff;
  bool running = false;
  bool longPollInFlight = false;
  bool haveTip = false;
  Hash32 tip{};
  std::string longPollId;
  std::optional<NodeProblem::Kind> problem;
  std::string problemMessage;

  void longPoll() {
    if (!running || longPollInFlight) return;
    longPollInFlight = true;
    std::weak_ptr<State> weak = weak_from_this();
    node.getTemplate(
        longPollId,
        [weak](TemplateReply reply) {
          auto self = weak.lock();
          if (!self) return;
          self->longPollInFlight = false;
          if (!self->running) return;
          if (reply.timedOut && !self->longPollId.empty()) {
            self->longPollId.clear();  // the node is silent: ask plainly once, then long-poll again
            self->longPoll();
            return;
          }
          if (self->handle(std::move(reply))) {
            self->longPoll();
          } else {
            self->retryAfterBackoff();
          }
        },
        longPollId.empty() ? std::chrono::milliseconds(0) : options.longPollTimeout);
  }

  void retryAfterBackoff() {
    retryTimer.expires_after(backoff);
    backoff = std::min(backoff * 2, options.backoffMax);
    std::weak_ptr<State> weak = weak_from_this();
    retryTimer.async_wait([weak](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (!self || ec || !self->running) return;
      self->longPollId.clear();  // a fresh plain request first: the node may have restarted
      self->longPoll();
    });
  }

  void scheduleRefresh() {
    refreshTimer.expires_after(options.refreshInterval);
    std::weak_ptr<State> weak = weak_from_this();
    refreshTimer.async_wait([weak](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (!self || ec || !self->running) return;
      self->refresh();
      self->scheduleRefresh();
    });
  }

  void refresh() {
    std::weak_ptr<State> weak = weak_from_this();
    node.getTemplate({}, [weak](TemplateReply reply) {
      auto self = weak.lock();
      if (!self || !self->running) return;
      // A failed refresh while the long poll is waiting is reported; the long poll's own failure
      // drives the retries.
      self->handle(std::move(reply));
    });
  }

  // Returns true when a template arrived.
  bool handle(TemplateReply reply) {
    if (reply.problem) {
      if (!problem || *problem != reply.problem->kind || problemMessage != reply.problem->message) {
        problem = reply.problem->kind;
        problemMessage = reply.problem->message;
        if (events.onProblem) events.onProblem(*reply.problem);
      }
      return false;
    }
    const BlockTemplate& t = *reply.blockTemplate;
    backoff = options.backoffMin;
    if (problem) {
      problem.reset();
      problemMessage.clear();
      if (events.onRecovered) events.onRecovered();
    }
    if (!t.longPollId.empty()) longPollId = t.longPollId;
    const bool newTip = !haveTip || t.previousBlockHash != tip;
    const Hash32 previousTip = haveTip ? tip : Hash32{};
    tip = t.previousBlockHash;
    haveTip = true;
    if (events.onTemplate) events.onTemplate(t, newTip, previousTip);
    return true;
  }
};

TemplatePoller::TemplatePoller(BitcoinNode& node, TemplateEvents events, TemplatePollerOptions options)
    : state_(std::make_shared<State>(node, std::move(events), options, node.rpc().ioContext())) {}

TemplatePoller::~TemplatePoller() { stop(); }

void TemplatePoller::start() {
  if (state_->running) return;
  state_->running = true;
  state_->longPoll();
  state_->scheduleRefresh();
}

void TemplatePoller::stop() {
  state_->running = false;
  state_->refreshTimer.cancel();
  state_->retryTimer.cancel();
}

void TemplatePoller::refreshNow() {
  if (state_->running) state_->refresh();
}

}  // namespace otedama::chain
