// The stratum v1 server miners connect to: sessions with subscribe/authorize/submit and the
// common extensions (BIP310 version rolling, suggest_difficulty, extranonce.subscribe), vardiff,
// jobs broadcast to every session (or one per payout script), shares checked (on worker threads for costly algorithms), and
// strict limits: line length, login deadline, idle timeout, per-IP caps and rate, ban scores, and
// bounded send queues. Optional TLS on a second port. Runs on the engine's io_context; every
// public method must be called on that thread (or before it runs).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/coin_params.hpp"
#include "pow/algorithm.hpp"
#include "stratum/ip_guard.hpp"
#include "stratum/vardiff.hpp"
#include "stratum/work.hpp"
#include "stratum/worker_stats.hpp"
#include "util/difficulty.hpp"

namespace boost::asio {
class io_context;
}

namespace otedama::stratum {

struct TlsOptions {
  std::uint16_t port = 0;  // 0: any free port (tests)
  std::filesystem::path certificateFile;  // PEM
  std::filesystem::path privateKeyFile;   // PEM
};

struct ServerOptions {
  std::string bindAddress = "0.0.0.0";
  std::uint16_t port = 3333;  // 0: any free port (tests)
  std::optional<TlsOptions> tls;

  std::string coin = "litecoin";  // payout addresses are checked for this chain and network
  chain::Network network = chain::Network::Mainnet;
  DifficultyFamily difficultyFamily = DifficultyFamily::ScryptStratum;

  VardiffOptions vardiff;
  std::size_t extranonce1Size = 4;
  std::size_t extranonce2Size = 4;
  std::uint32_t versionRollingMask = 0x1fffe000;  // BIP320 general purpose bits

  std::size_t maxLineBytes = 16 * 1024;
  std::chrono::seconds loginTimeout{30};
  std::chrono::seconds idleTimeout{600};
  std::size_t maxSendQueueBytes = 1 << 20;
  std::size_t maxSessions = 100000;
  std::size_t maxWorkersPerSession = 16;
  IpGuardOptions ipGuard;
  int penaltyInvalidShare = 10;  // low difficulty, bad ntime, ... (ban at ipGuard.banThreshold)
  int penaltyJunk = 25;          // unparsable lines, unknown methods, oversized lines
  int penaltyUnknownJob = 2;

  unsigned validationThreads = 0;      // for costly algorithms; 0: all cores
  std::size_t maxQueuedValidations = 20000;
  std::size_t maxValidationsPerSession = 64;  // one connection cannot fill the queue
};

// A share that met the session's difficulty, with what is needed to act on it.
struct AcceptedShare {
  std::string address;
  std::string worker;
  Bytes payoutScript;
  double difficulty = 0;
  std::shared_ptr<const Work> work;
  Bytes extranonce1, extranonce2;
  std::uint32_t ntime = 0, nonce = 0, version = 0;
  std::array<std::uint8_t, 80> header{};
  Hash32 hash{};
  bool meetsShareChain = false;
  bool meetsBlock = false;
};

struct ServerEvents {
  // Shares that meet the share-chain or the block target ("handed on" to the coordinator). Runs
  // before the miner's answer is written: return true once the share is kept (committed to the
  // store); only then does the miner hear "accepted". False answers with an error instead, so a
  // miner is never told a share counts that a crash could lose.
  std::function<bool(const AcceptedShare&)> onShare;
  // Every accepted share (statistics, tests).
  std::function<void(const AcceptedShare&)> onAccepted;
};

class StratumServer {
 public:
  StratumServer(boost::asio::io_context& io, ServerOptions options, const pow::Algorithm& algorithm,
                ServerEvents events = {});
  ~StratumServer();
  StratumServer(const StratumServer&) = delete;
  StratumServer& operator=(const StratumServer&) = delete;

  // Binds and starts accepting. Throws std::runtime_error naming the port when it cannot bind.
  void start();
  // Closes the listeners and every session.
  void stop();

  // A new job for every session (clean: miners drop older work and those jobs become stale).
  void setWork(Work work);
  // Work whose coinbase depends on the miner's payout script (a share chain commits to it): a job
  // per distinct script, made by `source` when a session with that script needs one — now for
  // every ready session, later for sessions that authorize. One payout address per connection
  // then (further workers must use the same address). Replaces any earlier work or source.
  using WorkSource = std::function<Work(const Bytes& payoutScript)>;
  void setWorkSource(WorkSource source, bool clean);

  std::uint16_t port() const;     // the bound port (useful with port 0)
  std::uint16_t tlsPort() const;  // 0 without TLS
  std::size_t sessionCount() const;
  std::vector<WorkerStats> workerStats() const;
  std::vector<BanInfo> bans() const;
  void unban(const std::string& ip);

  // Gives every session that asked for it (mining.extranonce.subscribe) a new extranonce1.
  void reassignExtranonces();

  class Core;  // implementation (server.cpp, session.cpp)

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace otedama::stratum
