// The stratum server: listeners (TCP and TLS), the session registry, job broadcast, the 1 Hz tick
// for deadlines and vardiff, and extranonce1 allocation.
#include "stratum/server.hpp"

#include <random>
#include <thread>
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "stratum/server_core.hpp"

namespace otedama::stratum {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

StratumServer::Core::Core(asio::io_context& ioContext, ServerOptions serverOptions, const pow::Algorithm& pow,
                          ServerEvents serverEvents)
    : io(ioContext),
      options(std::move(serverOptions)),
      algorithm(pow),
      events(std::move(serverEvents)),
      inlineValidation(pow.name() == "sha256d"),
      guard(options.ipGuard),
      ticker_(ioContext) {
  if (options.extranonce1Size < 2 || options.extranonce1Size > 8) {
    throw std::invalid_argument("stratum extranonce1 size must be 2..8 bytes");
  }
  if (options.extranonce2Size < 1 || options.extranonce2Size > 16) {
    throw std::invalid_argument("stratum extranonce2 size must be 1..16 bytes");
  }
  extranonceMask_ = options.extranonce1Size == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * options.extranonce1Size)) - 1;
  std::random_device random;
  nextExtranonce_ = (std::uint64_t{random()} << 32 | random()) & extranonceMask_;
  if (!inlineValidation) {
    const unsigned threads = options.validationThreads != 0 ? options.validationThreads
                                                            : std::max(1u, std::thread::hardware_concurrency());
    pool = std::make_unique<WorkerPool>(threads, options.maxQueuedValidations);
  }
}

void StratumServer::Core::start() {
  if (running) return;
  auto listen = [this](std::uint16_t port, const char* what) {
    tcp::acceptor listener(io);
    boost::system::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address(options.bindAddress, ec), port);
    if (ec) throw std::runtime_error("stratum: bad bind address '" + options.bindAddress + "'");
    listener.open(endpoint.protocol(), ec);
    if (!ec) listener.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) listener.bind(endpoint, ec);
    if (!ec) listener.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw std::runtime_error(std::string("cannot open the ") + what + " port " + options.bindAddress + ":" +
                               std::to_string(port) + ": " + ec.message() +
                               (ec == asio::error::address_in_use ? " (another program uses it; change the port)" : ""));
    }
    return listener;
  };
  acceptor.emplace(listen(options.port, "stratum"));
  if (options.tls) {
    tlsContext.emplace(asio::ssl::context::tls_server);
    tlsContext->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    tlsContext->use_certificate_chain_file(options.tls->certificateFile.string(), ec);
    if (ec) {
      throw std::runtime_error("stratum TLS: cannot use the certificate '" + options.tls->certificateFile.string() +
                               "': " + ec.message());
    }
    tlsContext->use_private_key_file(options.tls->privateKeyFile.string(), asio::ssl::context::pem, ec);
    if (ec) {
      throw std::runtime_error("stratum TLS: cannot use the private key '" + options.tls->privateKeyFile.string() +
                               "': " + ec.message());
    }
    tlsAcceptor.emplace(listen(options.tls->port, "stratum TLS"));
  }
  running = true;
  acceptLoop(*acceptor, false);
  if (tlsAcceptor) acceptLoop(*tlsAcceptor, true);
  scheduleTick();
  spdlog::info("stratum: listening on {}:{}{}", options.bindAddress, acceptor->local_endpoint().port(),
               tlsAcceptor ? " and TLS on port " + std::to_string(tlsAcceptor->local_endpoint().port()) : "");
}

void StratumServer::Core::acceptLoop(tcp::acceptor& listener, bool tls) {
  asio::co_spawn(
      io,
      [self = shared_from_this(), &listener, tls]() -> asio::awaitable<void> {
        while (self->running) {
          boost::system::error_code ec;
          tcp::socket socket = co_await listener.async_accept(asio::redirect_error(asio::use_awaitable, ec));
          if (ec) {
            if (!self->running || ec == asio::error::operation_aborted) co_return;
            // Out of file descriptors or similar: keep accepting after a breath.
            spdlog::warn("stratum: accept failed: {}", ec.message());
            asio::steady_timer pause(self->io, std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
          }
          const auto remote = socket.remote_endpoint(ec);
          if (ec) continue;
          const std::string ip = remote.address().to_string();
          const bool loopback = remote.address().is_loopback();
          const Admission admission = self->guard.admit(ip, loopback, SteadyClock::now());
          if (admission != Admission::Ok || self->sessions.size() >= self->options.maxSessions) {
            if (admission == Admission::Ok) self->guard.release(ip);
            socket.close(ec);
            continue;
          }
          socket.set_option(tcp::no_delay(true), ec);
          const std::uint64_t id = self->nextSessionId_++;
          auto session = tls ? makeTlsSession(self, id, std::move(socket), ip, loopback)
                             : makeTcpSession(self, id, std::move(socket), ip, loopback);
          self->sessions.emplace(id, session);
          session->start();
        }
      },
      asio::detached);
}

void StratumServer::Core::scheduleTick() {
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!self || ec || !self->running) return;
    const auto now = SteadyClock::now();
    std::vector<std::shared_ptr<SessionBase>> live;
    live.reserve(self->sessions.size());
    for (const auto& [id, weakSession] : self->sessions) {
      if (auto session = weakSession.lock()) live.push_back(std::move(session));
    }
    for (const auto& session : live) session->tick(now);
    if (now - self->lastPrune_ > std::chrono::minutes(1)) {
      self->guard.prune(now);
      self->jobs.prune(now);
      self->lastPrune_ = now;
    }
    self->scheduleTick();
  });
}

void StratumServer::Core::stop() {
  if (!running) return;
  running = false;
  boost::system::error_code ignored;
  if (acceptor) acceptor->close(ignored);
  if (tlsAcceptor) tlsAcceptor->close(ignored);
  ticker_.cancel();
  std::vector<std::shared_ptr<SessionBase>> live;
  for (const auto& [id, weakSession] : sessions) {
    if (auto session = weakSession.lock()) live.push_back(std::move(session));
  }
  for (const auto& session : live) session->close();
  sessions.clear();
}

std::shared_ptr<const std::string> StratumServer::Core::makeNotify(Work work, bool sameRound) {
  std::shared_ptr<const Work> registered = jobs.add(std::move(work), SteadyClock::now(), sameRound);
  return std::make_shared<const std::string>(notificationLine("mining.notify", notifyParams(registered->job)));
}

void StratumServer::Core::setWork(Work work) {
  const bool clean = work.job.cleanJobs;
  workSource_ = nullptr;
  notifyByScript_.clear();
  currentNotify = makeNotify(std::move(work), false);
  std::vector<std::shared_ptr<SessionBase>> live;
  live.reserve(sessions.size());
  for (const auto& [id, weakSession] : sessions) {
    if (auto session = weakSession.lock()) live.push_back(std::move(session));
  }
  for (const auto& session : live) session->notify(currentNotify);
  spdlog::debug("stratum: job to {} sessions{}", live.size(), clean ? " (clean)" : "");
}

void StratumServer::Core::setWorkSource(StratumServer::WorkSource source, bool clean) {
  workSource_ = std::move(source);
  roundClean_ = clean;
  roundStarted_ = false;
  notifyByScript_.clear();
  currentNotify.reset();
  std::vector<std::shared_ptr<SessionBase>> live;
  live.reserve(sessions.size());
  for (const auto& [id, weakSession] : sessions) {
    if (auto session = weakSession.lock()) live.push_back(std::move(session));
  }
  for (const auto& session : live) session->renotify();
  spdlog::debug("stratum: new work for {} payout scripts ({} sessions){}", notifyByScript_.size(), live.size(),
                clean ? " (clean)" : "");
}

std::shared_ptr<const std::string> StratumServer::Core::notifyFor(const Bytes& payoutScript) {
  if (!workSource_) return currentNotify;
  if (const auto it = notifyByScript_.find(payoutScript); it != notifyByScript_.end()) return it->second;
  Work work;
  try {
    work = workSource_(payoutScript);
  } catch (const std::exception& error) {
    spdlog::warn("stratum: no job for a payout script: {}", error.what());
    return nullptr;
  }
  work.job.cleanJobs = roundClean_;
  auto line = makeNotify(std::move(work), roundStarted_);
  roundStarted_ = true;
  notifyByScript_.emplace(payoutScript, line);
  return line;
}

void StratumServer::Core::reassignExtranonces() {
  std::vector<std::shared_ptr<SessionBase>> live;
  for (const auto& [id, weakSession] : sessions) {
    if (auto session = weakSession.lock()) live.push_back(std::move(session));
  }
  for (const auto& session : live) session->reassignExtranonce();
}

std::optional<std::uint64_t> StratumServer::Core::allocateExtranonce(std::optional<std::uint64_t> resume) {
  if (resume && (*resume & ~extranonceMask_) == 0 && extranoncesInUse_.insert(*resume).second) return resume;
  for (int attempt = 0; attempt < 1024; ++attempt) {
    const std::uint64_t value = nextExtranonce_;
    nextExtranonce_ = (nextExtranonce_ + 1) & extranonceMask_;
    if (extranoncesInUse_.insert(value).second) return value;
  }
  return std::nullopt;
}

void StratumServer::Core::releaseExtranonce(std::uint64_t value) { extranoncesInUse_.erase(value); }

void StratumServer::Core::sessionClosed(std::uint64_t id, const std::string& ip) {
  if (sessions.erase(id) != 0) guard.release(ip);
}

void StratumServer::Core::banned(const std::string& ip) {
  std::vector<std::shared_ptr<SessionBase>> victims;
  for (const auto& [id, weakSession] : sessions) {
    if (auto session = weakSession.lock(); session && session->ip() == ip) victims.push_back(std::move(session));
  }
  for (const auto& session : victims) session->close();
}

// ---- public API ----

StratumServer::StratumServer(asio::io_context& io, ServerOptions options, const pow::Algorithm& algorithm,
                             ServerEvents events)
    : core_(std::make_shared<Core>(io, std::move(options), algorithm, std::move(events))) {}

StratumServer::~StratumServer() { core_->stop(); }

void StratumServer::start() { core_->start(); }
void StratumServer::stop() { core_->stop(); }
void StratumServer::setWork(Work work) { core_->setWork(std::move(work)); }
void StratumServer::setWorkSource(WorkSource source, bool clean) { core_->setWorkSource(std::move(source), clean); }
void StratumServer::reassignExtranonces() { core_->reassignExtranonces(); }

std::uint16_t StratumServer::port() const {
  boost::system::error_code ec;
  return core_->acceptor ? core_->acceptor->local_endpoint(ec).port() : 0;
}

std::uint16_t StratumServer::tlsPort() const {
  boost::system::error_code ec;
  return core_->tlsAcceptor ? core_->tlsAcceptor->local_endpoint(ec).port() : 0;
}

std::size_t StratumServer::sessionCount() const { return core_->sessions.size(); }

std::vector<WorkerStats> StratumServer::workerStats() const { return core_->stats.snapshot(std::chrono::system_clock::now()); }

std::vector<BanInfo> StratumServer::bans() const { return core_->guard.bans(std::chrono::steady_clock::now()); }

void StratumServer::unban(const std::string& ip) { core_->guard.unban(ip); }

}  // namespace otedama::stratum
