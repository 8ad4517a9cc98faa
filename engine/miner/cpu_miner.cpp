// The CPU miner: a stratum v1 client on Asio (a read loop written as a coroutine, writes as a
// queue) and hashing threads that take their work from one shared, generation-numbered slot.
//
// Threading: every protocol field lives on the io_context's thread. The hashing threads only read
// the published Work (under workMutex_) and watch generation_, which changes whenever they must
// drop their work (new job, new mask or extranonce, failure, stop), and targetVersion_, which
// changes when a stricter difficulty applies in place. Found shares go back to the io_context
// with asio::post. Statistics visible to other threads sit under statsMutex_.
#include "miner/cpu_miner.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "pow/registry.hpp"
#include "util/difficulty.hpp"
#include "util/hex.hpp"

namespace otedama::miner {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

const char* minerStateName(MinerState state) {
  switch (state) {
    case MinerState::Idle: return "idle";
    case MinerState::Connecting: return "connecting";
    case MinerState::Subscribing: return "subscribing";
    case MinerState::Mining: return "mining";
    case MinerState::Failed: return "failed";
    case MinerState::Stopped: return "stopped";
  }
  return "unknown";
}

namespace {

constexpr std::size_t kMaxExtranonce1Bytes = 64;
constexpr std::size_t kMaxExtranonce2Size = 32;
constexpr std::size_t kJobsKept = 16;             // non-clean jobs still accepted for submitting
constexpr std::size_t kMaxRejectReasons = 32;     // distinct reasons counted; the rest as "other"
constexpr std::size_t kMaxReasonLength = 200;
constexpr std::uint64_t kMalformedWarnings = 20;  // then malformed lines are logged at debug level
constexpr std::uint64_t kNonceSpace = std::uint64_t{1} << 32;
constexpr std::uint64_t kHashFlush = 64;           // hashes counted locally before publishing

// A line shown in a log: truncated, with control characters replaced.
std::string printable(std::string_view text, std::size_t limit = 160) {
  std::string out;
  for (char c : text.substr(0, limit)) out += (c < 0x20 || c > 0x7e) ? '?' : c;  // also non-ASCII bytes
  if (text.size() > limit) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string dumpJson(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// The reason a server gave in a JSON-RPC error: [code, "message", data], {"code","message"} or a string.
std::string errorReason(const json& error, int& code) {
  std::string reason;
  if (error.is_array()) {
    if (!error.empty() && error[0].is_number_integer()) code = error[0].get<int>();
    if (error.size() > 1 && error[1].is_string()) reason = error[1].get<std::string>();
  } else if (error.is_object()) {
    if (auto c = error.find("code"); c != error.end() && c->is_number_integer()) code = c->get<int>();
    if (auto m = error.find("message"); m != error.end() && m->is_string()) reason = m->get<std::string>();
  } else if (error.is_string()) {
    reason = error.get<std::string>();
  }
  if (reason.empty()) reason = error.is_null() ? "rejected without a reason" : dumpJson(error);
  if (reason.size() > kMaxReasonLength) reason.resize(kMaxReasonLength);
  return reason;
}

// Spreads the low bits of `counter` over the set bits of `mask` (lowest first).
std::uint32_t depositBits(std::uint64_t counter, std::uint32_t mask) {
  std::uint32_t out = 0;
  for (std::uint32_t bit = 1; bit != 0 && counter != 0; bit <<= 1) {
    if ((mask & bit) == 0) continue;
    if (counter & 1) out |= bit;
    counter >>= 1;
  }
  return out;
}

std::uint64_t saturatingMul(std::uint64_t a, std::uint64_t b) {
  const WideLimb product = static_cast<WideLimb>(a) * b;
  return product > WideLimb(~std::uint64_t{0}) ? ~std::uint64_t{0} : static_cast<std::uint64_t>(product);
}

// Whether two jobs give the same headers (a job sent again, for example with a new difficulty).
bool sameHeaderFields(const stratum::StratumJob& a, const stratum::StratumJob& b) {
  return a.previousBlockHash == b.previousBlockHash && a.coinb1 == b.coinb1 && a.coinb2 == b.coinb2 &&
         a.merkleBranch == b.merkleBranch && a.version == b.version && a.bits == b.bits && a.time == b.time;
}

std::optional<std::uint64_t> requestId(const json& id) {
  if (id.is_number_unsigned()) return id.get<std::uint64_t>();
  if (id.is_number_integer() && id.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(id.get<std::int64_t>());
  return std::nullopt;
}

}  // namespace

class CpuMiner::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, CpuMinerOptions options, CpuMinerEvents events)
      : io_(io), options_(std::move(options)), events_(std::move(events)), socket_(io), resolver_(io), timer_(io) {
    if (options_.algorithm == "sha256d") {
      family_ = DifficultyFamily::Bitcoin;
    } else if (options_.algorithm == "scrypt") {
      family_ = DifficultyFamily::ScryptStratum;
    } else {
      throw std::invalid_argument("the CPU miner mines sha256d or scrypt, not '" + options_.algorithm + "'");
    }
    pow::AlgorithmOptions algorithmOptions;
    algorithmOptions.threads = 1;
    algorithm_ = pow::AlgorithmRegistry::builtin().create(options_.algorithm, algorithmOptions);
    if (options_.host.empty()) throw std::invalid_argument("the stratum host is empty");
    if (options_.port == 0) throw std::invalid_argument("the stratum port is 0");
    if (options_.user.empty()) throw std::invalid_argument("the stratum user is empty");
    if (options_.suggestDifficulty && !(std::isfinite(*options_.suggestDifficulty) && *options_.suggestDifficulty > 0)) {
      throw std::invalid_argument("the suggested difficulty must be a positive number");
    }
    if (options_.maxLineBytes < 1024) throw std::invalid_argument("maxLineBytes must be at least 1024");
    if (options_.maxOutstandingSubmits == 0) throw std::invalid_argument("maxOutstandingSubmits must be at least 1");
    threadCount_ = options_.threads != 0 ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
  }

  ~Impl() { joinThreads(); }

  unsigned threadCount() const { return threadCount_; }

  void start() {
    if (started_.exchange(true)) throw std::logic_error("CpuMiner::start() called twice");
    {
      std::lock_guard lock(statsMutex_);
      startTime_ = Clock::now();
      stats_.state = MinerState::Connecting;
    }
    {
      std::lock_guard lock(threadsMutex_);
      for (unsigned i = 0; i < threadCount_; ++i) threads_.emplace_back([this, i] { hashLoop(i); });
    }
    auto self = shared_from_this();
    asio::co_spawn(io_, run(self), asio::detached);
  }

  void stop() {
    stopping_.store(true);
    {
      std::lock_guard lock(statsMutex_);
      if (stats_.state != MinerState::Failed) stats_.state = MinerState::Stopped;
      if (!endTime_) endTime_ = Clock::now();
    }
    joinThreads();
    // An event already running on the io thread finishes before stop() returns (recursive: an
    // event handler may itself call stop()).
    { std::lock_guard lock(eventMutex_); }
    if (io_.get_executor().running_in_this_thread()) {
      closeConnection();
    } else {
      asio::post(io_, [self = shared_from_this()] { self->closeConnection(); });
    }
  }

  MinerStats stats() const {
    std::lock_guard lock(statsMutex_);
    MinerStats out = stats_;
    out.hashes = hashes_.load(std::memory_order_relaxed);
    out.sharesFound = sharesFound_.load(std::memory_order_relaxed);
    if (startTime_) {
      out.elapsedSeconds = std::chrono::duration<double>(endTime_.value_or(Clock::now()) - *startTime_).count();
    }
    return out;
  }

 private:
  // ---------------------------------------------------------------------------------------------
  // Work shared with the hashing threads.
  struct Work {
    std::uint64_t generation = 0;
    std::shared_ptr<const stratum::StratumJob> job;  // null: nothing to mine
    Bytes extranonce1;
    std::size_t extranonce2Size = 0;
    std::uint64_t extranonce2Start = 0;  // first extranonce2 value (after a restart of the same job)
    std::uint32_t versionMask = 0;       // 0: no version rolling
    double difficulty = 1.0;             // difficulty and target may change in place (targetVersion_)
    UInt256 target;
  };

  struct FoundShare {
    std::shared_ptr<const stratum::StratumJob> job;
    Bytes extranonce1, extranonce2;
    std::uint32_t ntime = 0, nonce = 0, version = 0, versionBits = 0, versionMask = 0;
    double difficulty = 0;
    Hash32 hash{};
  };

  enum class RequestKind { Configure, Subscribe, ExtranonceSubscribe, Authorize, SuggestDifficulty, Submit };

  struct Pending {
    RequestKind kind;
    std::optional<FoundShare> share;
    Clock::time_point sentAt;
  };

  void hashLoop(unsigned index) {
    std::uint64_t seen = 0;
    for (;;) {
      Work work;
      std::uint64_t targetVersion = 0;
      {
        std::unique_lock lock(workMutex_);
        workCv_.wait(lock, [&] { return stopThreads_ || (work_.job && work_.generation != seen); });
        if (stopThreads_) return;
        work = work_;
        seen = work.generation;
        targetVersion = targetVersion_.load();
      }
      try {
        mine(std::move(work), targetVersion, index);
      } catch (const std::exception& e) {
        spdlog::error("cpu miner: hashing thread {}: {}", index, e.what());
      }
    }
  }

  static std::uint64_t extranonce2Space(std::size_t size) {
    return size >= 8 ? ~std::uint64_t{0} : std::uint64_t{1} << (8 * size);
  }

  // Work items are (extranonce2 value, version-bits value, nonce slice), the version bits varying
  // fastest; thread `index` takes items index, index + N, index + 2N, ... so no two threads ever
  // hash the same header. Before hashing an item a thread raises extranonce2End_ past its
  // extranonce2 value, so a restart of the same job can begin on values nobody has used.
  void mine(Work work, std::uint64_t targetVersion, unsigned index) {
    const stratum::StratumJob& job = *work.job;
    const std::size_t en2Size = work.extranonce2Size;
    const std::uint64_t en2Values = extranonce2Space(en2Size) - work.extranonce2Start;
    const int maskBits = std::popcount(work.versionMask);
    const std::uint64_t rollSpace = std::uint64_t{1} << maskBits;  // at most 2^32
    std::uint64_t perItem =
        options_.noncesPerWorkItem == 0 ? kNonceSpace : std::min(options_.noncesPerWorkItem, kNonceSpace);
    std::uint64_t slices = (kNonceSpace + perItem - 1) / perItem;
    if (saturatingMul(saturatingMul(en2Values, rollSpace), slices) < threadCount_) {
      // Too little extranonce2 and version space for every thread: split the nonces instead.
      slices = std::max<std::uint64_t>(slices, threadCount_);
      perItem = (kNonceSpace + slices - 1) / slices;
    }
    const std::uint64_t items = saturatingMul(saturatingMul(en2Values, rollSpace), slices);

    std::uint64_t counted = 0;
    auto flush = [&] {
      hashes_.fetch_add(counted, std::memory_order_relaxed);
      counted = 0;
    };
    Bytes extranonce2(en2Size, 0);
    const std::uint64_t lastStart = ~std::uint64_t{0} - threadCount_;  // stepping further would wrap
    for (std::uint64_t item = index; item < items; item = item > lastStart ? items : item + threadCount_) {
      const std::uint64_t roll = item % rollSpace;
      const std::uint64_t slice = (item / rollSpace) % slices;
      const std::uint64_t en2Value = work.extranonce2Start + item / rollSpace / slices;
      // Claim the extranonce2 value, then make sure the work is still current (both sequentially
      // consistent, paired with publishWork: either it sees the claim or this thread sees the change).
      std::uint64_t end = extranonce2End_.load();
      while (en2Value >= end && !extranonce2End_.compare_exchange_weak(end, en2Value + 1)) {
      }
      if (generation_.load() != work.generation || stopThreads_.load()) break;

      for (std::size_t i = 0, shift = 0; i < en2Size; ++i, shift += 8) {
        extranonce2[en2Size - 1 - i] = shift < 64 ? static_cast<std::uint8_t>(en2Value >> shift) : 0;
      }
      const std::uint32_t versionBits = depositBits(roll, work.versionMask);
      const std::uint32_t version =
          work.versionMask != 0 ? stratum::rolledVersion(job.version, versionBits, work.versionMask) : job.version;
      const Hash32 root = stratum::jobMerkleRoot(job, work.extranonce1, extranonce2);
      const std::uint64_t nonceBegin = slice * perItem;
      const std::uint64_t nonceEnd = std::min(kNonceSpace, nonceBegin + perItem);
      auto header = stratum::jobHeader(job, root, job.time, static_cast<std::uint32_t>(nonceBegin), version);

      for (std::uint64_t n = nonceBegin; n < nonceEnd; ++n) {
        const auto nonce = static_cast<std::uint32_t>(n);
        header[76] = static_cast<std::uint8_t>(nonce);  // the header's last field, little-endian
        header[77] = static_cast<std::uint8_t>(nonce >> 8);
        header[78] = static_cast<std::uint8_t>(nonce >> 16);
        header[79] = static_cast<std::uint8_t>(nonce >> 24);
        const Hash32 hash = algorithm_->hash(header);
        if (++counted == kHashFlush) flush();
        if (algorithm_->hashValue(hash) <= work.target) {
          sharesFound_.fetch_add(1, std::memory_order_relaxed);
          FoundShare share{work.job, work.extranonce1, extranonce2, job.time, nonce, version,
                           versionBits, work.versionMask, work.difficulty, hash};
          asio::post(io_, [self = shared_from_this(), share = std::move(share)]() mutable {
            self->submit(std::move(share));
          });
        }
        if (generation_.load(std::memory_order_relaxed) != work.generation ||
            stopThreads_.load(std::memory_order_relaxed)) {
          flush();
          return;
        }
        if (targetVersion_.load(std::memory_order_relaxed) != targetVersion) {
          std::lock_guard lock(workMutex_);
          if (work_.generation != work.generation) break;  // caught by the generation check
          work.difficulty = work_.difficulty;
          work.target = work_.target;
          targetVersion = targetVersion_.load();
        }
      }
    }
    flush();  // every item of this job is done (or the work changed): wait for the next
  }

  // Hands the current job to the hashing threads. When it gives the headers they already mine (a
  // new version mask, the same job sent again with a new difficulty), they restart on extranonce2
  // values not used yet, so no header is hashed twice and no share is found twice.
  void publishWork() {
    if (!subscribed_ || !currentJob_) return;
    {
      std::lock_guard lock(workMutex_);
      const std::uint64_t generation = generation_.fetch_add(1) + 1;  // stops the old work first
      const bool sameJob = work_.job && sameHeaderFields(*work_.job, *currentJob_) &&
                           work_.extranonce1 == extranonce1_ && work_.extranonce2Size == extranonce2Size_;
      std::uint64_t start = 0;
      if (sameJob) {
        start = extranonce2End_.load();
        if (start >= extranonce2Space(extranonce2Size_)) start = 0;  // exhausted (tiny extranonce2): start over
      }
      extranonce2End_.store(start);
      work_.generation = generation;
      work_.job = currentJob_;
      work_.extranonce1 = extranonce1_;
      work_.extranonce2Size = extranonce2Size_;
      work_.extranonce2Start = start;
      work_.versionMask = versionMask_.value_or(0);
      work_.difficulty = jobDifficulty_;
      work_.target = targetFromDifficulty(family_, jobDifficulty_);
      ++targetVersion_;
    }
    workCv_.notify_all();
  }

  // A stricter difficulty for the job being mined: the threads pick it up without restarting.
  void updateTarget() {
    std::lock_guard lock(workMutex_);
    if (!work_.job) return;
    work_.difficulty = jobDifficulty_;
    work_.target = targetFromDifficulty(family_, jobDifficulty_);
    ++targetVersion_;
  }

  void clearWork() {
    {
      std::lock_guard lock(workMutex_);
      work_.job.reset();
      work_.generation = generation_.fetch_add(1) + 1;
    }
    workCv_.notify_all();
  }

  void joinThreads() {
    {
      std::lock_guard lock(workMutex_);
      stopThreads_ = true;
    }
    workCv_.notify_all();
    std::lock_guard lock(threadsMutex_);
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Connection (io thread only).
  bool done() const { return stopping_.load() || failed_; }

  template <typename Fn, typename... Args>
  void emit(const Fn& handler, const Args&... args) {
    if (!handler) return;
    std::lock_guard lock(eventMutex_);
    if (stopping_.load()) return;
    try {
      handler(args...);
    } catch (const std::exception& e) {
      spdlog::error("cpu miner: an event handler threw: {}", e.what());
    }
  }

  void fail(const std::string& message) {
    if (done()) return;
    failed_ = true;
    // With an onError handler the caller reports the failure; the log keeps it at info level.
    spdlog::log(events_.onError ? spdlog::level::info : spdlog::level::warn, "cpu miner: {}", message);
    {
      std::lock_guard lock(statsMutex_);
      stats_.state = MinerState::Failed;
      stats_.lastError = message;
      if (!endTime_) endTime_ = Clock::now();
    }
    clearWork();
    closeConnection();
    emit(events_.onError, message);
  }

  void closeConnection() {
    boost::system::error_code ignored;
    timer_.cancel();
    resolver_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void armTimer(std::chrono::milliseconds after, std::string message) {
    timer_.expires_after(after);
    timer_.async_wait([weak = weak_from_this(), message = std::move(message)](boost::system::error_code ec) {
      if (ec) return;
      if (auto self = weak.lock()) self->fail(message);
    });
  }

  std::string where() const {
    const bool ipv6 = options_.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(options_.port);
  }

  asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    try {
      co_await connectAndRead();
    } catch (const std::exception& e) {
      fail(std::string("stratum client error: ") + e.what());
    }
    (void)self;
  }

  asio::awaitable<void> connectAndRead() {
    if (done()) co_return;
    boost::system::error_code ec;
    armTimer(options_.connectTimeout, "timed out connecting to stratum server " + where());
    const auto endpoints = co_await resolver_.async_resolve(options_.host, std::to_string(options_.port),
                                                            asio::redirect_error(asio::use_awaitable, ec));
    if (done()) co_return;
    if (ec) {
      fail("cannot resolve stratum host '" + options_.host + "': " + ec.message());
      co_return;
    }
    co_await asio::async_connect(socket_, endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (done()) co_return;
    if (ec) {
      fail("cannot connect to stratum server " + where() + ": " + ec.message());
      co_return;
    }
    socket_.set_option(tcp::no_delay(true), ec);
    spdlog::info("cpu miner: connected to {}", where());
    {
      std::lock_guard lock(statsMutex_);
      stats_.state = MinerState::Subscribing;
    }
    const auto timeout = options_.handshakeTimeout.count();
    armTimer(options_.handshakeTimeout, "the stratum server " + where() +
                                            " did not answer mining.subscribe and mining.authorize within " +
                                            (timeout % 1000 == 0 ? std::to_string(timeout / 1000) + " s"
                                                                 : std::to_string(timeout) + " ms"));
    if (options_.versionRolling) {
      request("mining.configure",
              json::array({json::array({"version-rolling"}),
                           json{{"version-rolling.mask", stratum::hex32(kRequestedVersionMask)},
                                {"version-rolling.min-bit-count", 2}}}),
              RequestKind::Configure);
    }
    request("mining.subscribe", json::array({options_.userAgent}), RequestKind::Subscribe);

    std::string buffer;
    for (;;) {
      const std::size_t n = co_await asio::async_read_until(socket_, asio::dynamic_buffer(buffer, options_.maxLineBytes),
                                                            '\n', asio::redirect_error(asio::use_awaitable, ec));
      if (done()) co_return;
      if (ec == asio::error::not_found) {
        fail("the stratum server sent a line longer than " + std::to_string(options_.maxLineBytes) + " bytes");
        co_return;
      }
      if (ec == asio::error::eof) {
        fail("the stratum server " + where() + " closed the connection");
        co_return;
      }
      if (ec) {
        fail("lost the connection to stratum server " + where() + ": " + ec.message());
        co_return;
      }
      std::string_view line(buffer.data(), n - 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      if (!line.empty()) handleLine(line);
      buffer.erase(0, n);
      if (done()) co_return;
    }
  }

  void send(const json& message) {
    if (done()) return;
    writeQueue_.push_back(dumpJson(message) + "\n");
    if (!writing_) writeNext();
  }

  void writeNext() {
    writing_ = true;
    asio::async_write(socket_, asio::buffer(writeQueue_.front()),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        if (self->done()) return;
                        if (ec) {
                          self->fail("cannot send to stratum server " + self->where() + ": " + ec.message());
                          return;
                        }
                        self->writeQueue_.pop_front();
                        if (self->writeQueue_.empty()) {
                          self->writing_ = false;
                        } else {
                          self->writeNext();
                        }
                      });
  }

  std::uint64_t request(const char* method, json params, RequestKind kind, std::optional<FoundShare> share = {}) {
    const std::uint64_t id = nextId_++;
    pending_.emplace(id, Pending{kind, std::move(share), Clock::now()});
    send(json{{"id", id}, {"method", method}, {"params", std::move(params)}});
    return id;
  }

  void malformed(std::string_view line, const std::string& why) {
    std::uint64_t count;
    {
      std::lock_guard lock(statsMutex_);
      count = ++stats_.malformedLines;
    }
    if (count <= kMalformedWarnings) {
      spdlog::warn("cpu miner: ignored a server line ({}): {}", why, printable(line));
    } else {
      spdlog::debug("cpu miner: ignored a server line ({}): {}", why, printable(line));
    }
  }

  void handleLine(std::string_view line) {
    const json message = json::parse(line.begin(), line.end(), nullptr, false);
    if (message.is_discarded() || !message.is_object()) {
      malformed(line, "not a JSON object");
      return;
    }
    try {
      const auto method = message.find("method");
      if (method != message.end() && method->is_string()) {
        const auto params = message.find("params");
        const auto id = message.find("id");
        handleNotification(line, method->get<std::string>(), params != message.end() ? *params : json(),
                           id != message.end() ? *id : json());
        return;
      }
      const auto id = message.find("id");
      const std::optional<std::uint64_t> number = id != message.end() ? requestId(*id) : std::nullopt;
      if (!number) {
        malformed(line, "neither a notification nor an answer with a request id");
        return;
      }
      handleAnswer(line, *number, message);
    } catch (const std::exception& e) {
      malformed(line, e.what());
    }
  }

  void handleNotification(std::string_view line, const std::string& method, const json& params, const json& id) {
    if (method == "mining.notify") {
      onNotify(stratum::parseNotifyParams(params));
    } else if (method == "mining.set_difficulty") {
      if (!params.is_array() || params.empty() || !params[0].is_number()) {
        malformed(line, "mining.set_difficulty needs a number");
        return;
      }
      onSetDifficulty(line, params[0].get<double>());
    } else if (method == "mining.set_extranonce") {
      onSetExtranonce(line, params);
    } else if (method == "mining.set_version_mask") {
      if (!params.is_array() || params.empty() || !params[0].is_string()) {
        malformed(line, "mining.set_version_mask needs a hex mask");
        return;
      }
      const std::uint32_t mask = stratum::parseHex32(params[0].get<std::string>(), "version mask");
      if (!versionMask_) return;  // rolling was not negotiated
      setVersionMask(mask);
      publishWork();  // a new mask is valid at once (BIP310)
    } else if (method == "client.get_version" && !id.is_null()) {
      send(json{{"id", id}, {"result", options_.userAgent}, {"error", nullptr}});
    } else if (method == "client.reconnect" || method == "client.show_message") {
      spdlog::info("cpu miner: ignored {} {}", method, printable(dumpJson(params)));
    } else {
      spdlog::debug("cpu miner: ignored unknown method {}", printable(method));
    }
  }

  void onNotify(stratum::StratumJob job) {
    if (pendingExtranonce_) {
      extranonce1_ = std::move(pendingExtranonce_->first);
      extranonce2Size_ = pendingExtranonce_->second;
      pendingExtranonce_.reset();
    }
    auto shared = std::make_shared<const stratum::StratumJob>(std::move(job));
    if (shared->cleanJobs) jobs_.clear();
    jobs_.push_back(shared);
    while (jobs_.size() > kJobsKept) jobs_.pop_front();
    currentJob_ = shared;
    jobDifficulty_ = difficulty_;
    {
      std::lock_guard lock(statsMutex_);
      ++stats_.jobsReceived;
      stats_.currentJobId = shared->jobId;
    }
    spdlog::debug("cpu miner: job {}{}", shared->jobId, shared->cleanJobs ? " (clean)" : "");
    publishWork();
  }

  void onSetDifficulty(std::string_view line, double difficulty) {
    try {
      (void)targetFromDifficulty(family_, difficulty);
    } catch (const std::invalid_argument& e) {
      malformed(line, e.what());
      return;
    }
    difficulty_ = difficulty;
    {
      std::lock_guard lock(statsMutex_);
      stats_.difficulty = difficulty;
    }
    // A stricter difficulty holds at once; an easier one from the next job (stratum convention).
    if (!currentJob_) {
      jobDifficulty_ = difficulty;
    } else if (difficulty > jobDifficulty_) {
      jobDifficulty_ = difficulty;
      updateTarget();
    }
  }

  void onSetExtranonce(std::string_view line, const json& params) {
    if (!params.is_array() || params.size() < 2 || !params[0].is_string() || !params[1].is_number_unsigned()) {
      malformed(line, "mining.set_extranonce needs [extranonce1 hex, extranonce2 size]");
      return;
    }
    auto extranonce1 = tryFromHex(params[0].get<std::string>());
    const auto size = params[1].get<std::uint64_t>();
    if (!extranonce1 || extranonce1->size() > kMaxExtranonce1Bytes || size > kMaxExtranonce2Size) {
      malformed(line, "bad extranonce1 or extranonce2 size");
      return;
    }
    {
      std::lock_guard lock(statsMutex_);
      stats_.extranonce1 = toHex(*extranonce1);
      stats_.extranonce2Size = size;
    }
    spdlog::info("cpu miner: new extranonce1 {} with {}-byte extranonce2 from the next job", toHex(*extranonce1), size);
    pendingExtranonce_ = std::make_pair(std::move(*extranonce1), static_cast<std::size_t>(size));
  }

  void setVersionMask(std::uint32_t serverMask) {
    versionMask_ = serverMask & kRequestedVersionMask;
    std::lock_guard lock(statsMutex_);
    stats_.versionMask = versionMask_;
  }

  void handleAnswer(std::string_view line, std::uint64_t id, const json& message) {
    const auto found = pending_.find(id);
    if (found == pending_.end()) {
      malformed(line, "answer to an unknown request id " + std::to_string(id));
      return;
    }
    Pending pending = std::move(found->second);
    pending_.erase(found);
    const json result = message.contains("result") ? message["result"] : json();
    const json error = message.contains("error") ? message["error"] : json();
    const bool ok = error.is_null();

    switch (pending.kind) {
      case RequestKind::Configure: {
        const bool rolling = ok && result.is_object() && result.value("version-rolling", false) == true;
        const auto mask = rolling ? result.find("version-rolling.mask") : result.end();
        if (rolling && mask != result.end() && mask->is_string()) {
          setVersionMask(stratum::parseHex32(mask->get<std::string>(), "version-rolling.mask"));
          spdlog::info("cpu miner: version rolling with mask {}", stratum::hex32(*versionMask_));
          publishWork();
        } else {
          spdlog::info("cpu miner: the server does not allow version rolling");
        }
        break;
      }
      case RequestKind::Subscribe: onSubscribed(result, error); break;
      case RequestKind::Authorize:
        if (ok && result == true) {
          onAuthorized();
        } else {
          int code = 0;
          fail("the stratum server refused worker '" + options_.user +
               "': " + (ok ? std::string("mining.authorize answered ") + printable(dumpJson(result))
                           : errorReason(error, code)));
        }
        break;
      case RequestKind::ExtranonceSubscribe:
      case RequestKind::SuggestDifficulty:
        if (!ok) spdlog::debug("cpu miner: request {} refused: {}", id, printable(dumpJson(error)));
        break;
      case RequestKind::Submit: onSubmitAnswer(id, std::move(pending), result, error); break;
    }
  }

  void onSubscribed(const json& result, const json& error) {
    if (!error.is_null()) {
      int code = 0;
      fail("mining.subscribe refused: " + errorReason(error, code));
      return;
    }
    if (!result.is_array() || result.size() < 3 || !result[1].is_string() || !result[2].is_number_unsigned()) {
      fail("mining.subscribe answered without [subscriptions, extranonce1, extranonce2_size]: " +
           printable(dumpJson(result)));
      return;
    }
    auto extranonce1 = tryFromHex(result[1].get<std::string>());
    const auto size = result[2].get<std::uint64_t>();
    if (!extranonce1 || extranonce1->size() > kMaxExtranonce1Bytes || size > kMaxExtranonce2Size) {
      fail("mining.subscribe answered a bad extranonce1 or extranonce2 size: " + printable(dumpJson(result)));
      return;
    }
    extranonce1_ = std::move(*extranonce1);
    extranonce2Size_ = static_cast<std::size_t>(size);
    subscribed_ = true;
    {
      std::lock_guard lock(statsMutex_);
      stats_.extranonce1 = toHex(extranonce1_);
      stats_.extranonce2Size = extranonce2Size_;
    }
    if (options_.extranonceSubscribe) request("mining.extranonce.subscribe", json::array(), RequestKind::ExtranonceSubscribe);
    request("mining.authorize", json::array({options_.user, options_.password}), RequestKind::Authorize);
    if (options_.suggestDifficulty) {
      request("mining.suggest_difficulty", json::array({*options_.suggestDifficulty}), RequestKind::SuggestDifficulty);
    }
    publishWork();  // a job may have come before the answer
  }

  void onAuthorized() {
    timer_.cancel();
    {
      std::lock_guard lock(statsMutex_);
      stats_.state = MinerState::Mining;
    }
    spdlog::info("cpu miner: worker {} authorized, mining {} with {} thread(s)", options_.user, options_.algorithm,
                 threadCount_);
    emit(events_.onAuthorized);
  }

  void submit(FoundShare share) {
    if (done()) return;
    // Still submittable: its job (or the same job sent again) is kept, with the same extranonces.
    const bool jobKept = std::any_of(jobs_.begin(), jobs_.end(), [&](const auto& job) {
      return job == share.job || (job->jobId == share.job->jobId && sameHeaderFields(*job, *share.job));
    });
    const bool current =
        jobKept && share.extranonce1 == extranonce1_ && share.extranonce2.size() == extranonce2Size_;
    if (!current) {
      std::lock_guard lock(statsMutex_);
      ++stats_.staleDropped;
      return;
    }
    if (outstandingSubmits_ >= options_.maxOutstandingSubmits) {
      spdlog::warn("cpu miner: {} shares unanswered; dropped a share", outstandingSubmits_);
      std::lock_guard lock(statsMutex_);
      ++stats_.overflowDropped;
      return;
    }
    json params = json::array({options_.user, share.job->jobId, toHex(share.extranonce2), stratum::hex32(share.ntime),
                               stratum::hex32(share.nonce)});
    if (share.versionMask != 0) params.push_back(stratum::hex32(share.versionBits));
    ++outstandingSubmits_;
    {
      std::lock_guard lock(statsMutex_);
      ++stats_.submitted;
    }
    request("mining.submit", std::move(params), RequestKind::Submit, std::move(share));
  }

  void onSubmitAnswer(std::uint64_t id, Pending pending, const json& result, const json& error) {
    --outstandingSubmits_;
    FoundShare& share = *pending.share;
    ShareResult out;
    out.requestId = id;
    out.job = *share.job;
    out.extranonce1 = std::move(share.extranonce1);
    out.extranonce2 = std::move(share.extranonce2);
    out.ntime = share.ntime;
    out.nonce = share.nonce;
    out.version = share.version;
    if (share.versionMask != 0) out.versionBits = share.versionBits;
    out.versionMask = share.versionMask;
    out.difficulty = share.difficulty;
    out.hash = share.hash;
    out.accepted = error.is_null() && result == true;
    if (!out.accepted) {
      out.reason = error.is_null() ? "rejected without a reason" : errorReason(error, out.errorCode);
    }
    out.latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - pending.sentAt);
    {
      std::lock_guard lock(statsMutex_);
      if (out.accepted) {
        ++stats_.accepted;
      } else {
        ++stats_.rejected;
        const bool known = stats_.rejectedByReason.count(out.reason) != 0;
        ++stats_.rejectedByReason[known || stats_.rejectedByReason.size() < kMaxRejectReasons ? out.reason : "other"];
      }
    }
    emit(events_.onShare, out);
  }

  asio::io_context& io_;
  const CpuMinerOptions options_;
  const CpuMinerEvents events_;
  DifficultyFamily family_ = DifficultyFamily::Bitcoin;
  std::unique_ptr<pow::Algorithm> algorithm_;
  unsigned threadCount_ = 1;

  // io thread only
  tcp::socket socket_;
  tcp::resolver resolver_;
  asio::steady_timer timer_;
  bool failed_ = false;
  bool subscribed_ = false;
  bool writing_ = false;
  std::deque<std::string> writeQueue_;
  std::uint64_t nextId_ = 1;
  std::unordered_map<std::uint64_t, Pending> pending_;
  std::size_t outstandingSubmits_ = 0;
  std::deque<std::shared_ptr<const stratum::StratumJob>> jobs_;  // submittable jobs, newest last
  std::shared_ptr<const stratum::StratumJob> currentJob_;
  Bytes extranonce1_;
  std::size_t extranonce2Size_ = 0;
  std::optional<std::pair<Bytes, std::size_t>> pendingExtranonce_;  // from the next job
  double difficulty_ = 1.0;     // the latest mining.set_difficulty
  double jobDifficulty_ = 1.0;  // what the current job is mined at
  std::optional<std::uint32_t> versionMask_;

  // any thread
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::recursive_mutex eventMutex_;

  mutable std::mutex statsMutex_;
  MinerStats stats_;
  std::optional<Clock::time_point> startTime_, endTime_;
  std::atomic<std::uint64_t> hashes_{0};
  std::atomic<std::uint64_t> sharesFound_{0};

  std::mutex workMutex_;
  std::condition_variable workCv_;
  Work work_;                           // under workMutex_
  std::atomic<bool> stopThreads_{false};  // set under workMutex_, polled by the hashing loops
  std::atomic<std::uint64_t> generation_{0};       // changes whenever the threads must drop their work
  std::atomic<std::uint64_t> targetVersion_{0};    // changes with work_.target
  std::atomic<std::uint64_t> extranonce2End_{0};   // above every extranonce2 value claimed for the job
  std::mutex threadsMutex_;
  std::vector<std::thread> threads_;
};

CpuMiner::CpuMiner(boost::asio::io_context& io, CpuMinerOptions options, CpuMinerEvents events)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(events))) {}

CpuMiner::~CpuMiner() { impl_->stop(); }

void CpuMiner::start() { impl_->start(); }
void CpuMiner::stop() { impl_->stop(); }
MinerStats CpuMiner::stats() const { return impl_->stats(); }
unsigned CpuMiner::threadCount() const { return impl_->threadCount(); }

}  // namespace otedama::miner
