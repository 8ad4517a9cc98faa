// One miner connection: the stratum v1 protocol state (subscribe, authorize, configure, submit,
// vardiff) in SessionBase, and the TCP and TLS transports as coroutines reading bounded lines and
// writing a bounded outbox.
#include <algorithm>
#include <cmath>
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "chain/address.hpp"
#include "stratum/server_core.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"

namespace otedama::stratum {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {

constexpr auto kDifficultyGrace = std::chrono::seconds(15);  // old difficulty still accepted after a change

double hashesPerShare(DifficultyFamily family, double difficulty) {
  return difficulty * std::ldexp(1.0, 256) / difficultyOneTarget(family).toDouble();
}

std::optional<std::uint32_t> hex32Param(const json& value) {
  if (!value.is_string()) return std::nullopt;
  try {
    return parseHex32(value.get<std::string>(), "value");
  } catch (const JobFormatError&) {
    return std::nullopt;
  }
}

// "d=0.5", "diff=0.5" among the password's comma or space separated options.
std::optional<double> fixedDifficultyOption(std::string_view password) {
  std::size_t at = 0;
  while (at < password.size()) {
    const std::size_t end = password.find_first_of(", ;", at);
    const std::string_view option = password.substr(at, end == std::string_view::npos ? password.size() - at : end - at);
    for (std::string_view key : {"d=", "diff="}) {
      if (option.starts_with(key)) {
        try {
          std::size_t used = 0;
          const std::string text(option.substr(key.size()));
          const double value = std::stod(text, &used);
          if (used == text.size() && std::isfinite(value) && value > 0) return value;
        } catch (const std::exception&) {
        }
      }
    }
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return std::nullopt;
}

}  // namespace

SessionBase::SessionBase(std::shared_ptr<StratumServer::Core> core, std::uint64_t id, std::string ip, bool loopback)
    : core_(std::move(core)),
      id_(id),
      ip_(std::move(ip)),
      loopback_(loopback),
      connected_(SteadyClock::now()),
      lastActivity_(connected_),
      vardiff_(core_->options.vardiff, connected_) {}

void SessionBase::close() {
  if (closed_) return;
  closed_ = true;
  outbox_.clear();
  outboxBytes_ = 0;
  closeTransport();
  if (extranonce_) core_->releaseExtranonce(*extranonce_);
  for (const Worker& worker : workers_) core_->stats.connectionClosed(worker.address, worker.name);
  core_->sessionClosed(id_, ip_);
}

void SessionBase::send(std::shared_ptr<const std::string> line) {
  if (closed_) return;
  outboxBytes_ += line->size();
  outbox_.push_back(std::move(line));
  if (outboxBytes_ > core_->options.maxSendQueueBytes) {
    spdlog::info("stratum: dropping {} (session {}): it does not read what it is sent", ip_, id_);
    close();
    return;
  }
  pumpWrites();
}

void SessionBase::penalize(int points) {
  if (core_->guard.penalize(ip_, loopback_, points, SteadyClock::now())) {
    spdlog::warn("stratum: banning {} for invalid shares or junk", ip_);
    core_->banned(ip_);
  }
}

void SessionBase::lineTooLong() {
  send(errorLine(nullptr, ErrorCode::Other, "line longer than " + std::to_string(core_->options.maxLineBytes) + " bytes"));
  penalize(core_->options.penaltyJunk);
  close();
}

void SessionBase::handleLine(std::string_view line) {
  lastActivity_ = SteadyClock::now();
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty()) return;
  std::string error;
  std::optional<Request> request = parseRequest(line, error);
  if (!request) {
    send(errorLine(nullptr, ErrorCode::Other, "invalid request: " + error));
    penalize(core_->options.penaltyJunk);
    return;
  }
  const std::string& method = request->method;
  if (method == "mining.submit") {
    onSubmit(*request);
  } else if (method == "mining.subscribe") {
    onSubscribe(*request);
  } else if (method == "mining.authorize") {
    onAuthorize(*request);
  } else if (method == "mining.configure") {
    onConfigure(*request);
  } else if (method == "mining.suggest_difficulty") {
    onSuggestDifficulty(*request);
  } else if (method == "mining.extranonce.subscribe") {
    extranonceSubscribed_ = true;
    send(resultLine(request->id, true));
  } else {
    send(errorLine(request->id, ErrorCode::Other, "unknown method '" + method.substr(0, 64) + "'"));
    penalize(core_->options.penaltyUnknownJob);
  }
}

void SessionBase::onSubscribe(const Request& request) {
  if (!subscribed_) {
    std::optional<std::uint64_t> resume;
    if (request.params.size() >= 2 && request.params[1].is_string()) {
      const auto bytes = tryFromHex(request.params[1].get<std::string>());
      if (bytes && bytes->size() == core_->options.extranonce1Size) {
        std::uint64_t value = 0;
        for (std::uint8_t b : *bytes) value = value << 8 | b;
        resume = value;
      }
    }
    extranonce_ = core_->allocateExtranonce(resume);
    if (!extranonce_) {
      send(errorLine(request.id, ErrorCode::Other, "no extranonce available, try again later"));
      close();
      return;
    }
    extranonce1_.resize(core_->options.extranonce1Size);
    for (std::size_t i = 0; i < extranonce1_.size(); ++i) {
      extranonce1_[i] = static_cast<std::uint8_t>(*extranonce_ >> (8 * (extranonce1_.size() - 1 - i)));
    }
    subscribed_ = true;
  }
  const std::string subscription = toHex(extranonce1_);
  send(resultLine(request.id, json::array({json::array({json::array({"mining.set_difficulty", subscription}),
                                                        json::array({"mining.notify", subscription})}),
                                           subscription, core_->options.extranonce2Size})));
  becomeReadyIfPossible();
}

void SessionBase::onAuthorize(const Request& request) {
  if (request.params.empty() || !request.params[0].is_string()) {
    send(errorLine(request.id, ErrorCode::Unauthorized, "authorize needs [\"ADDRESS.WORKER\", \"password\"]"));
    return;
  }
  const std::string user = request.params[0].get<std::string>();
  if (findWorker(user) != nullptr) {
    send(resultLine(request.id, true));
    return;
  }
  if (workers_.size() >= core_->options.maxWorkersPerSession) {
    send(errorLine(request.id, ErrorCode::Unauthorized, "too many workers on one connection"));
    return;
  }
  Worker worker;
  worker.user = user;
  const std::size_t dot = user.find('.');
  worker.address = user.substr(0, dot);
  worker.name = dot == std::string::npos ? "" : user.substr(dot + 1, 64);
  try {
    worker.payoutScript = chain::decodeAddress(worker.address, core_->options.coin, core_->options.network).script;
  } catch (const std::invalid_argument& e) {
    send(errorLine(request.id, ErrorCode::Unauthorized,
                   "'" + worker.address.substr(0, 100) + "' is not a payout address for this pool: " + e.what()));
    penalize(core_->options.penaltyUnknownJob);
    return;
  }
  if (core_->perScriptWork() && !workers_.empty() && worker.payoutScript != workers_.front().payoutScript) {
    // The job's coinbase commits to one payout script: a share of another address would not fit it.
    send(errorLine(request.id, ErrorCode::Unauthorized,
                   "one payout address per connection: this one mines for " + workers_.front().address));
    return;
  }
  if (request.params.size() >= 2 && request.params[1].is_string()) {
    if (const auto fixed = fixedDifficultyOption(request.params[1].get<std::string>())) {
      const double previous = vardiff_.difficulty();
      vardiff_.fix(*fixed);
      if (ready_ && vardiff_.difficulty() != previous) difficultyChanged(vardiff_.difficulty());
    }
  }
  core_->stats.connectionOpened(worker.address, worker.name);
  core_->stats.setDifficulty(worker.address, worker.name, vardiff_.difficulty());
  workers_.push_back(std::move(worker));
  send(resultLine(request.id, true));
  becomeReadyIfPossible();
}

void SessionBase::onConfigure(const Request& request) {
  json result = json::object();
  const json extensions = request.params.size() >= 1 && request.params[0].is_array() ? request.params[0] : json::array();
  const json params = request.params.size() >= 2 && request.params[1].is_object() ? request.params[1] : json::object();
  for (const json& extension : extensions) {
    if (!extension.is_string()) continue;
    const std::string name = extension.get<std::string>();
    if (name == "version-rolling") {
      std::uint32_t minerMask = 0xffffffff;
      if (auto it = params.find("version-rolling.mask"); it != params.end()) {
        if (auto parsed = hex32Param(*it)) minerMask = *parsed;
      }
      versionMask_ = core_->options.versionRollingMask & minerMask;
      result["version-rolling"] = true;
      result["version-rolling.mask"] = hex32(versionMask_);
    } else if (name == "subscribe-extranonce") {
      extranonceSubscribed_ = true;
      result[name] = true;
    } else {
      result[name] = false;
    }
  }
  send(resultLine(request.id, result));
}

void SessionBase::onSuggestDifficulty(const Request& request) {
  if (request.params.empty() || !request.params[0].is_number()) {
    send(errorLine(request.id, ErrorCode::Other, "suggest_difficulty needs a number"));
    return;
  }
  const auto changed = vardiff_.suggest(request.params[0].get<double>(), SteadyClock::now());
  send(resultLine(request.id, true));
  if (changed && ready_) difficultyChanged(*changed);
}

void SessionBase::becomeReadyIfPossible() {
  if (ready_ || !subscribed_ || workers_.empty()) return;
  ready_ = true;
  previousDifficulty_ = vardiff_.difficulty();
  send(notificationLine("mining.set_difficulty", json::array({vardiff_.difficulty()})));
  sendCurrentJob();
}

void SessionBase::difficultyChanged(double difficulty) {
  difficultyChangedAt_ = SteadyClock::now();
  for (const Worker& worker : workers_) core_->stats.setDifficulty(worker.address, worker.name, difficulty);
  send(notificationLine("mining.set_difficulty", json::array({difficulty})));
  // Many miners apply a new difficulty with the next job: hand them the current one again.
  sendCurrentJob();
}

UInt256 SessionBase::shareTarget() const {
  double difficulty = vardiff_.difficulty();
  if (SteadyClock::now() - difficultyChangedAt_ < kDifficultyGrace) difficulty = std::min(difficulty, previousDifficulty_);
  return targetFromDifficulty(core_->options.difficultyFamily, difficulty);
}

SessionBase::Worker* SessionBase::findWorker(std::string_view user) {
  for (Worker& worker : workers_) {
    if (worker.user == user) return &worker;
  }
  return nullptr;
}

void SessionBase::notify(const std::shared_ptr<const std::string>& line) {
  if (ready_) send(line);
}

void SessionBase::renotify() {
  if (ready_) sendCurrentJob();
}

void SessionBase::sendCurrentJob() {
  if (workers_.empty()) return;
  // Every worker of a session shares its first worker's payout script (see onAuthorize).
  if (auto line = core_->notifyFor(workers_.front().payoutScript)) send(std::move(line));
}

void SessionBase::reassignExtranonce() {
  if (!extranonceSubscribed_ || !extranonce_) return;
  const auto next = core_->allocateExtranonce(std::nullopt);
  if (!next) return;
  core_->releaseExtranonce(*extranonce_);
  extranonce_ = next;
  for (std::size_t i = 0; i < extranonce1_.size(); ++i) {
    extranonce1_[i] = static_cast<std::uint8_t>(*extranonce_ >> (8 * (extranonce1_.size() - 1 - i)));
  }
  send(notificationLine("mining.set_extranonce", json::array({toHex(extranonce1_), core_->options.extranonce2Size})));
  if (ready_) sendCurrentJob();
}

void SessionBase::tick(SteadyClock::time_point now) {
  if (workers_.empty() && now - connected_ > core_->options.loginTimeout) {
    spdlog::debug("stratum: {} (session {}) did not authorize in time", ip_, id_);
    close();
    return;
  }
  if (now - lastActivity_ > core_->options.idleTimeout) {
    spdlog::debug("stratum: {} (session {}) idle, closing", ip_, id_);
    close();
    return;
  }
  if (ready_) {
    if (const auto changed = vardiff_.onTick(now)) {
      previousDifficulty_ = vardiff_.difficulty();
      difficultyChanged(*changed);
    }
  }
}

void SessionBase::reject(const json& id, const Worker* worker, ErrorCode code, ShareVerdict verdict, int penalty) {
  if (worker != nullptr) {
    core_->stats.recordRejected(worker->address, worker->name, std::string(shareVerdictReason(verdict)),
                                std::chrono::system_clock::now());
  }
  send(errorLine(id, code, shareVerdictReason(verdict)));
  if (penalty > 0) penalize(penalty);
}

void SessionBase::onSubmit(const Request& request) {
  const json& p = request.params;
  if (!subscribed_) {
    send(errorLine(request.id, ErrorCode::NotSubscribed, "not subscribed"));
    return;
  }
  if (p.size() < 5 || !p[0].is_string() || !p[1].is_string() || !p[2].is_string()) {
    reject(request.id, nullptr, ErrorCode::Other, ShareVerdict::Malformed, core_->options.penaltyJunk);
    return;
  }
  const Worker* worker = findWorker(p[0].get<std::string>());
  if (worker == nullptr) {
    send(errorLine(request.id, ErrorCode::Unauthorized, "unauthorized worker"));
    penalize(core_->options.penaltyUnknownJob);
    return;
  }
  Submission submission;
  submission.worker = worker->user;
  submission.jobId = p[1].get<std::string>();
  const auto extranonce2 = tryFromHex(p[2].get<std::string>());
  const auto ntime = hex32Param(p[3]);
  const auto nonce = hex32Param(p[4]);
  std::optional<std::uint32_t> versionBits;
  if (p.size() >= 6 && !p[5].is_null()) versionBits = hex32Param(p[5]);
  if (!extranonce2 || !ntime || !nonce || (p.size() >= 6 && !p[5].is_null() && !versionBits)) {
    reject(request.id, worker, ErrorCode::Other, ShareVerdict::Malformed, core_->options.penaltyJunk);
    return;
  }
  submission.extranonce2 = *extranonce2;
  submission.ntime = *ntime;
  submission.nonce = *nonce;
  submission.versionBits = versionBits;

  JobEntry* entry = core_->jobs.find(submission.jobId);
  if (entry == nullptr) {
    reject(request.id, worker, ErrorCode::JobNotFound, ShareVerdict::UnknownJob, core_->options.penaltyUnknownJob);
    return;
  }
  if (entry->stale) {
    reject(request.id, worker, ErrorCode::JobNotFound, ShareVerdict::Stale, 0);
    return;
  }
  if (submission.extranonce2.size() != core_->options.extranonce2Size) {
    reject(request.id, worker, ErrorCode::Other, ShareVerdict::BadExtranonce2Size, core_->options.penaltyInvalidShare);
    return;
  }
  if (versionBits && versionMask_ == 0) {
    reject(request.id, worker, ErrorCode::Other, ShareVerdict::BadVersionBits, core_->options.penaltyInvalidShare);
    return;
  }
  if (!core_->inlineValidation && validationsInFlight_ >= core_->options.maxValidationsPerSession) {
    send(errorLine(request.id, ErrorCode::Other, "server busy: too many shares of this connection waiting"));
    return;
  }
  const std::uint64_t fingerprint = shareFingerprint(extranonce1_, submission.extranonce2, submission.ntime,
                                                     submission.nonce, versionBits.value_or(0));
  if (!JobRegistry::remember(*entry, fingerprint)) {
    reject(request.id, worker, ErrorCode::Duplicate, ShareVerdict::Duplicate, core_->options.penaltyInvalidShare);
    return;
  }

  const double difficulty = vardiff_.difficulty();
  const UInt256 target = shareTarget();
  std::shared_ptr<const Work> work = entry->work;
  const Worker workerCopy = *worker;
  if (core_->inlineValidation) {
    const ShareCheck check = checkShare(*work, core_->algorithm, extranonce1_, core_->options.extranonce2Size,
                                        submission, versionMask_, target, static_cast<std::uint32_t>(unixSeconds()));
    finishSubmit(request.id, workerCopy, submission, check, difficulty, work);
    return;
  }
  auto self = shared_from_this();
  const bool queued = core_->pool->tryPost([self, core = core_, id = request.id, workerCopy, submission, work, target,
                                            difficulty, extranonce1 = extranonce1_, mask = versionMask_] {
    const ShareCheck check = checkShare(*work, core->algorithm, extranonce1, core->options.extranonce2Size,
                                        submission, mask, target, static_cast<std::uint32_t>(unixSeconds()));
    asio::post(core->io, [self, id, workerCopy, submission, check, difficulty, work] {
      --self->validationsInFlight_;
      self->finishSubmit(id, workerCopy, submission, check, difficulty, work);
    });
  });
  if (queued) {
    ++validationsInFlight_;
  } else {
    entry->submitted.erase(fingerprint);  // not judged: a resubmission is not a duplicate
    send(errorLine(request.id, ErrorCode::Other, "server busy: share not checked, please resubmit"));
  }
}

void SessionBase::finishSubmit(const json& id, const Worker& worker, const Submission& submission,
                               const ShareCheck& check, double difficulty, const std::shared_ptr<const Work>& work) {
  if (closed_) return;
  if (check.verdict != ShareVerdict::Accepted) {
    const ErrorCode code = check.verdict == ShareVerdict::LowDifficulty ? ErrorCode::LowDifficulty : ErrorCode::Other;
    reject(id, &worker, code, check.verdict, core_->options.penaltyInvalidShare);
    return;
  }
  AcceptedShare share;
  share.address = worker.address;
  share.worker = worker.name;
  share.payoutScript = worker.payoutScript;
  share.difficulty = difficulty;
  share.work = work;
  share.extranonce1 = extranonce1_;
  share.extranonce2 = submission.extranonce2;
  share.ntime = submission.ntime;
  share.nonce = submission.nonce;
  share.version = submission.versionBits ? rolledVersion(work->job.version, *submission.versionBits, versionMask_)
                                         : work->job.version;
  share.header = check.header;
  share.hash = check.hash;
  share.meetsShareChain = check.meetsShareChain;
  share.meetsBlock = check.meetsBlock;
  if ((share.meetsShareChain || share.meetsBlock) && core_->events.onShare && !core_->events.onShare(share)) {
    send(errorLine(id, ErrorCode::Other, "the node could not record this share; it was not counted"));
    return;
  }
  core_->stats.recordAccepted(worker.address, worker.name, difficulty,
                              hashesPerShare(core_->options.difficultyFamily, difficulty),
                              std::chrono::system_clock::now());
  send(resultLine(id, true));
  if (core_->events.onAccepted) core_->events.onAccepted(share);

  if (const auto changed = vardiff_.onShare(SteadyClock::now())) {
    previousDifficulty_ = difficulty;
    difficultyChanged(*changed);
  }
}

// ---- transports ----

namespace {

template <class Stream>
class Session final : public SessionBase {
 public:
  template <class... StreamArgs>
  Session(std::shared_ptr<StratumServer::Core> core, std::uint64_t id, std::string ip, bool loopback,
          StreamArgs&&... streamArgs)
      : SessionBase(std::move(core), id, std::move(ip), loopback), stream_(std::forward<StreamArgs>(streamArgs)...) {}

  void start() override {
    asio::co_spawn(core_->io, run(std::static_pointer_cast<Session>(shared_from_this())), asio::detached);
  }

 protected:
  void pumpWrites() override {
    if (writing_ || outbox_.empty() || closed_) return;
    if constexpr (!kTls) {
      // Fast path: a job broadcast to thousands of sessions writes straight into each socket;
      // a coroutine is started only for a socket whose kernel buffer is full.
      while (!outbox_.empty()) {
        const std::string& line = *outbox_.front();
        boost::system::error_code ec;
        const std::size_t n = stream_.write_some(asio::buffer(line.data() + sent_, line.size() - sent_), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) break;
        if (ec) {
          close();
          return;
        }
        sent_ += n;
        if (sent_ < line.size()) break;
        outboxBytes_ -= line.size();
        outbox_.pop_front();
        sent_ = 0;
      }
      if (outbox_.empty()) return;
    }
    writing_ = true;
    asio::co_spawn(core_->io, writeLoop(std::static_pointer_cast<Session>(shared_from_this())), asio::detached);
  }

  void closeTransport() override {
    boost::system::error_code ignored;
    stream_.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.lowest_layer().close(ignored);
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

  static asio::awaitable<void> run(std::shared_ptr<Session> self) {
    boost::system::error_code ec;
    if constexpr (!kTls) self->stream_.non_blocking(true, ec);  // for the direct writes in pumpWrites
    if constexpr (kTls) {
      co_await self->stream_.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        self->close();
        co_return;
      }
    }
    std::string buffer;
    const std::size_t limit = self->core_->options.maxLineBytes;
    while (!self->closed_) {
      const std::size_t n = co_await asio::async_read_until(self->stream_, asio::dynamic_buffer(buffer, limit), '\n',
                                                            asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::not_found && !self->closed_) {
          self->lineTooLong();
        } else {
          self->close();
        }
        co_return;
      }
      self->handleLine(std::string_view(buffer).substr(0, n - 1));
      buffer.erase(0, n);
      if (buffer.capacity() > 4096 && buffer.size() < 1024) buffer.shrink_to_fit();  // keep idle sessions small
    }
  }

  static asio::awaitable<void> writeLoop(std::shared_ptr<Session> self) {
    boost::system::error_code ec;
    while (!self->outbox_.empty() && !self->closed_) {
      const std::shared_ptr<const std::string> line = self->outbox_.front();
      co_await asio::async_write(self->stream_, asio::buffer(line->data() + self->sent_, line->size() - self->sent_),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        self->writing_ = false;
        self->close();
        co_return;
      }
      self->sent_ = 0;
      if (!self->outbox_.empty()) {
        self->outboxBytes_ -= self->outbox_.front()->size();
        self->outbox_.pop_front();
      }
    }
    self->writing_ = false;
  }

  Stream stream_;
  bool writing_ = false;
  std::size_t sent_ = 0;  // bytes of the outbox's first line already written
};

}  // namespace

std::shared_ptr<SessionBase> makeTcpSession(std::shared_ptr<StratumServer::Core> core, std::uint64_t id,
                                            tcp::socket socket, std::string ip, bool loopback) {
  return std::make_shared<Session<tcp::socket>>(std::move(core), id, std::move(ip), loopback, std::move(socket));
}

std::shared_ptr<SessionBase> makeTlsSession(std::shared_ptr<StratumServer::Core> core, std::uint64_t id,
                                            tcp::socket socket, std::string ip, bool loopback) {
  auto& context = *core->tlsContext;
  return std::make_shared<Session<asio::ssl::stream<tcp::socket>>>(std::move(core), id, std::move(ip), loopback,
                                                                   std::move(socket), context);
}

}  // namespace otedama::stratum
