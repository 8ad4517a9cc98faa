// The project's small CPU miner: a stratum v1 client (subscribe, authorize, optional BIP310
// version rolling and extranonce subscription) with sha256d or scrypt hashing threads. It exists
// for the sandbox and for tests, not for profit: one connection, no reconnect, no failover.
//
// Networking runs on a caller-provided io_context (all callbacks run on its thread); hashing runs
// on N std::threads that split the extranonce2 space of the current job and iterate the 32-bit
// nonce. Found shares are handed to the io_context and submitted; every answer is reported with
// everything needed to re-check the share independently. Boost.Asio lives only in cpu_miner.cpp.
//
// Difficulty follows the stratum convention: mining.set_difficulty applies to the jobs notified
// after it, except that a higher difficulty is enforced on the current job at once (a stricter
// share is never wrong). mining.set_extranonce likewise applies from the next mining.notify.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "stratum/job.hpp"
#include "util/bytes.hpp"

namespace boost::asio {
class io_context;
}

namespace otedama::miner {

// BIP310 mask the miner asks for; it then rolls only within the mask the server answers.
inline constexpr std::uint32_t kRequestedVersionMask = 0x1fffe000;

struct CpuMinerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string user;              // ADDRESS.WORKER
  std::string password = "x";
  std::string algorithm = "sha256d";  // "sha256d" or "scrypt" (created through the pow registry)
  unsigned threads = 0;               // hashing threads; 0: all cores
  std::optional<double> suggestDifficulty;  // sends mining.suggest_difficulty after authorizing
  bool versionRolling = false;              // mining.configure ["version-rolling"]
  bool extranonceSubscribe = false;         // mining.extranonce.subscribe
  std::string userAgent = "otedama-cpuminer/0.1";

  std::chrono::milliseconds connectTimeout{10000};
  std::chrono::milliseconds handshakeTimeout{30000};  // until mining.authorize is answered
  std::size_t maxLineBytes = 64 * 1024;               // a longer line from the server disconnects
  std::size_t maxOutstandingSubmits = 64;             // found shares beyond this are dropped
  // Nonces a thread tries per work item (one extranonce2 / version-bits value) before moving to
  // its next item; 0: the whole 32-bit space. Small values make tests exercise rolling.
  std::uint64_t noncesPerWorkItem = 0;
};

enum class MinerState { Idle, Connecting, Subscribing, Mining, Failed, Stopped };
const char* minerStateName(MinerState state);

// One answered share, with what an independent check needs: rebuild the header with
// stratum::jobMerkleRoot(job, extranonce1, extranonce2) and stratum::jobHeader(job, root, ntime,
// nonce, version), hash it and compare with targetFromDifficulty(family, difficulty).
struct ShareResult {
  std::uint64_t requestId = 0;
  stratum::StratumJob job;
  Bytes extranonce1;
  Bytes extranonce2;
  std::uint32_t ntime = 0;
  std::uint32_t nonce = 0;
  std::uint32_t version = 0;                  // the full header version (rolled when rolling)
  std::optional<std::uint32_t> versionBits;   // the submitted 6th param, when rolling was negotiated
  std::uint32_t versionMask = 0;              // mask in force for this share (0: no rolling)
  double difficulty = 0;                      // the difficulty the share was mined against
  Hash32 hash{};                              // the proof-of-work hash, bytes as the algorithm outputs them
  bool accepted = false;
  std::string reason;                         // why it was rejected (empty when accepted)
  int errorCode = 0;                          // the server's error code, when it gave one
  std::chrono::milliseconds latency{0};       // submit -> answer
};

struct MinerStats {
  MinerState state = MinerState::Idle;
  std::uint64_t hashes = 0;
  std::uint64_t sharesFound = 0;         // met the target on a hashing thread
  std::uint64_t submitted = 0;
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::map<std::string, std::uint64_t> rejectedByReason;
  std::uint64_t staleDropped = 0;        // found on a job abandoned before it could be submitted
  std::uint64_t overflowDropped = 0;     // dropped because maxOutstandingSubmits were unanswered
  std::uint64_t malformedLines = 0;      // server lines that were ignored as malformed
  std::uint64_t jobsReceived = 0;
  double difficulty = 1.0;               // the latest mining.set_difficulty
  std::string extranonce1;               // hex, as in force for new jobs
  std::size_t extranonce2Size = 0;
  std::string currentJobId;
  std::optional<std::uint32_t> versionMask;  // set when version rolling was negotiated
  std::string lastError;
  double elapsedSeconds = 0;             // since start(), until stop() or failure
};

struct CpuMinerEvents {
  std::function<void()> onAuthorized;                    // mining.authorize answered true
  std::function<void(const ShareResult&)> onShare;       // every share answer
  std::function<void(const std::string& message)> onError;  // connection or protocol failure; the miner stops
};

class CpuMiner {
 public:
  // Throws std::invalid_argument for an algorithm other than sha256d or scrypt, or bad options.
  CpuMiner(boost::asio::io_context& io, CpuMinerOptions options, CpuMinerEvents events = {});
  ~CpuMiner();  // stop()
  CpuMiner(const CpuMiner&) = delete;
  CpuMiner& operator=(const CpuMiner&) = delete;

  // Starts the hashing threads and connects (the connection proceeds on the io_context). Once:
  // a second call throws std::logic_error. There is no reconnect; after a failure make a new miner.
  void start();
  // Disconnects and joins the hashing threads; no event fires afterwards. Any thread; idempotent.
  void stop();

  MinerStats stats() const;  // thread-safe snapshot
  unsigned threadCount() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace otedama::miner
