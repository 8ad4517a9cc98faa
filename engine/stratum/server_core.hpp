// Internal to the stratum server (server.cpp and session.cpp): the state every session shares,
// and the session base class. Includes Asio; nothing outside engine/stratum includes this.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "stratum/job_registry.hpp"
#include "stratum/protocol.hpp"
#include "stratum/server.hpp"
#include "stratum/share_check.hpp"
#include "util/worker_pool.hpp"

namespace otedama::stratum {

class SessionBase;

class StratumServer::Core : public std::enable_shared_from_this<Core> {
 public:
  using SteadyClock = std::chrono::steady_clock;

  Core(boost::asio::io_context& io, ServerOptions options, const pow::Algorithm& algorithm, ServerEvents events);

  void start();
  void stop();
  void setWork(Work work);
  void setWorkSource(StratumServer::WorkSource source, bool clean);
  void reassignExtranonces();
  // The current job for a session mining to `payoutScript`, as a mining.notify line (null: no
  // work yet). With a work source the job is made on first need in the current round.
  std::shared_ptr<const std::string> notifyFor(const Bytes& payoutScript);
  bool perScriptWork() const { return static_cast<bool>(workSource_); }

  // Sessions call these.
  std::optional<std::uint64_t> allocateExtranonce(std::optional<std::uint64_t> resume);
  void releaseExtranonce(std::uint64_t value);
  void sessionClosed(std::uint64_t id, const std::string& ip);
  void banned(const std::string& ip);  // closes every session of the address

  boost::asio::io_context& io;
  const ServerOptions options;
  const pow::Algorithm& algorithm;
  const ServerEvents events;
  const bool inlineValidation;  // sha256d is cheap enough for the network thread
  JobRegistry jobs;
  IpGuard guard;
  StatsBook stats;
  std::unique_ptr<WorkerPool> pool;
  std::shared_ptr<const std::string> currentNotify;  // setWork's job as a mining.notify line
  std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> sessions;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor, tlsAcceptor;
  std::optional<boost::asio::ssl::context> tlsContext;
  bool running = false;

 private:
  void acceptLoop(boost::asio::ip::tcp::acceptor& acceptor, bool tls);
  void scheduleTick();

  std::shared_ptr<const std::string> makeNotify(Work work, bool sameRound);

  StratumServer::WorkSource workSource_;
  bool roundClean_ = false;
  bool roundStarted_ = false;  // the current source's round has its first job
  std::map<Bytes, std::shared_ptr<const std::string>> notifyByScript_;  // this round's jobs
  boost::asio::steady_timer ticker_;
  std::uint64_t nextSessionId_ = 1;
  std::unordered_set<std::uint64_t> extranoncesInUse_;
  std::uint64_t nextExtranonce_;
  std::uint64_t extranonceMask_;
  SteadyClock::time_point lastPrune_{};
};

// One miner connection's protocol state; the transport (TCP or TLS) is a subclass.
class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  using SteadyClock = std::chrono::steady_clock;

  SessionBase(std::shared_ptr<StratumServer::Core> core, std::uint64_t id, std::string ip, bool loopback);
  virtual ~SessionBase() = default;

  virtual void start() = 0;
  void close();  // idempotent

  void handleLine(std::string_view line);
  void tick(SteadyClock::time_point now);
  void notify(const std::shared_ptr<const std::string>& line);  // a new job, if the session is ready
  void renotify();  // the core's current job for this session's payout script, if ready
  void reassignExtranonce();

  std::uint64_t id() const { return id_; }
  const std::string& ip() const { return ip_; }

 protected:
  void send(std::string line) { send(std::make_shared<const std::string>(std::move(line))); }
  void send(std::shared_ptr<const std::string> line);
  virtual void pumpWrites() = 0;
  virtual void closeTransport() = 0;
  void lineTooLong();

  std::shared_ptr<StratumServer::Core> core_;
  std::deque<std::shared_ptr<const std::string>> outbox_;
  std::size_t outboxBytes_ = 0;
  bool closed_ = false;

 private:
  struct Worker {
    std::string user;  // as the miner wrote it: address[.worker]
    std::string address, name;
    Bytes payoutScript;
  };

  void onSubscribe(const Request& request);
  void onAuthorize(const Request& request);
  void onConfigure(const Request& request);
  void onSuggestDifficulty(const Request& request);
  void onSubmit(const Request& request);
  void finishSubmit(const nlohmann::json& id, const Worker& worker, const Submission& submission,
                    const ShareCheck& check, double difficulty, const std::shared_ptr<const Work>& work);
  void reject(const nlohmann::json& id, const Worker* worker, ErrorCode code, ShareVerdict verdict, int penalty);
  void penalize(int points);
  void becomeReadyIfPossible();
  void difficultyChanged(double difficulty);
  Worker* findWorker(std::string_view user);
  void sendCurrentJob();
  UInt256 shareTarget() const;

  const std::uint64_t id_;
  const std::string ip_;
  const bool loopback_;
  SteadyClock::time_point connected_, lastActivity_;
  bool subscribed_ = false, ready_ = false, extranonceSubscribed_ = false;
  std::optional<std::uint64_t> extranonce_;
  Bytes extranonce1_;
  std::uint32_t versionMask_ = 0;
  std::vector<Worker> workers_;
  Vardiff vardiff_;
  double previousDifficulty_ = 0;
  SteadyClock::time_point difficultyChangedAt_{};
  std::size_t validationsInFlight_ = 0;  // shares of this session waiting on the worker pool
};

std::shared_ptr<SessionBase> makeTcpSession(std::shared_ptr<StratumServer::Core> core, std::uint64_t id,
                                            boost::asio::ip::tcp::socket socket, std::string ip, bool loopback);
std::shared_ptr<SessionBase> makeTlsSession(std::shared_ptr<StratumServer::Core> core, std::uint64_t id,
                                            boost::asio::ip::tcp::socket socket, std::string ip, bool loopback);

}  // namespace otedama::stratum
