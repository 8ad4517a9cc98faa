// Tests of the CPU miner against a scripted stratum server inside the test (Boost.Asio on
// 127.0.0.1): the handshake, well-formed submits whose shares really meet the difficulty when
// recomputed here (sha256d and scrypt), clean jobs, set_extranonce, version rolling within the
// server's mask, rejected shares counted by reason, and hostile or broken servers.
#include <QTest>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "crypto/sha256.hpp"
#include "miner/cpu_miner.hpp"
#include "pow/registry.hpp"
#include "stratum/job.hpp"
#include "util/difficulty.hpp"
#include "util/hex.hpp"
#include "util/serialize.hpp"

using namespace otedama;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {

constexpr int kWaitMs = 30000;
constexpr const char* kUser = "ltc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh.rig1";
constexpr const char* kPassword = "secret";
constexpr double kSha256dDifficulty = 0.00002;  // ~86 000 hashes a share (Bitcoin convention)
constexpr double kScryptDifficulty = 0.001;     // ~66 hashes a share (Scrypt stratum convention)

DifficultyFamily familyOf(const std::string& algorithm) {
  return algorithm == "scrypt" ? DifficultyFamily::ScryptStratum : DifficultyFamily::Bitcoin;
}

// The independent check: rebuild the header from the share's parts, hash it, compare.
bool shareMeetsDifficulty(const pow::Algorithm& algorithm, DifficultyFamily family, const stratum::StratumJob& job,
                          const Bytes& extranonce1, const Bytes& extranonce2, std::uint32_t ntime, std::uint32_t nonce,
                          std::uint32_t version, double difficulty, Hash32* hashOut = nullptr) {
  const Hash32 root = stratum::jobMerkleRoot(job, extranonce1, extranonce2);
  const auto header = stratum::jobHeader(job, root, ntime, nonce, version);
  const Hash32 hash = algorithm.hash(header);
  if (hashOut != nullptr) *hashOut = hash;
  return algorithm.hashValue(hash) <= targetFromDifficulty(family, difficulty);
}

Hash32 hashOfText(const std::string& text) { return crypto::sha256d(asBytes(text)); }

// A job shaped like a pool's: a coinbase split around the extranonces (with a scriptSig length
// that counts them), a two-entry merkle branch, BIP9 version, real-looking bits and time.
stratum::StratumJob makeJob(const std::string& id, bool clean, std::size_t extranonce1Size,
                            std::size_t extranonce2Size, std::uint32_t time) {
  const std::string tag = "/otedama-test/";
  ByteWriter b1;
  b1.u32le(1);                       // transaction version
  b1.u8(1);                          // one input
  b1.bytes(Hash32{});                // null prevout
  b1.u32le(0xffffffff);
  b1.compactSize(4 + extranonce1Size + extranonce2Size + tag.size());  // scriptSig length
  b1.u8(3);                          // push 3 bytes: the height
  b1.u8(0x40);
  b1.u8(0x42);
  b1.u8(0x0f);
  ByteWriter b2;
  b2.bytes(asBytes(tag));
  b2.u32le(0xffffffff);              // sequence
  b2.u8(1);                          // one output
  b2.u64le(625000000);
  b2.u8(22);
  b2.u8(0x00);
  b2.u8(0x14);
  const Hash32 program = hashOfText("payout " + id);
  b2.bytes(ByteSpan(program.data(), 20));
  b2.u32le(0);                       // lock time

  stratum::StratumJob job;
  job.jobId = id;
  job.previousBlockHash = hashOfText("previous block " + id);
  job.coinb1 = b1.take();
  job.coinb2 = b2.take();
  job.merkleBranch = {hashOfText("tx a " + id), hashOfText("tx b " + id)};
  job.version = 0x20000000;
  job.bits = 0x1a0b3c4d;
  job.time = time;
  job.cleanJobs = clean;
  return job;
}

struct PoolSettings {
  std::string algorithm = "sha256d";
  std::string extranonce1 = "a1b2c3d4";
  std::size_t extranonce2Size = 4;
  double difficulty = kSha256dDifficulty;
  std::optional<std::string> versionMask;  // answer to mining.configure; none: refuse it
  json authorizeError;                     // non-null: refuse the worker with this error
  std::vector<json> submitErrors;          // the first submits get these answers, in order
  bool silent = false;                     // answer nothing at all
};

struct ReceivedSubmit {
  json params;
  std::string jobId;
  bool valid = false;
  std::string problem;
  std::uint32_t version = 0;
};

// A stratum server driven by the test: answers the handshake, sends difficulty and jobs, checks
// every submit independently, and sends whatever lines the test asks for.
class ScriptedPool {
 public:
  explicit ScriptedPool(PoolSettings settings)
      : settings_(std::move(settings)),
        algorithm_(pow::AlgorithmRegistry::builtin().create(settings_.algorithm)),
        acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    extranonce1_ = fromHex(settings_.extranonce1);
    extranonce2Size_ = settings_.extranonce2Size;
    difficulty_ = settings_.difficulty;
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(io_, acceptLoop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~ScriptedPool() {
    asio::post(io_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      if (connection_) connection_->close(ignored);
      io_.stop();
    });
    thread_.join();
  }

  std::uint16_t port() const { return port_; }

  // Thread-safe views for the test.
  std::vector<json> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<ReceivedSubmit> submits() const {
    std::lock_guard lock(mutex_);
    return submits_;
  }
  std::size_t submitCount(const std::string& jobId) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const ReceivedSubmit& s : submits_) n += s.jobId == jobId ? 1 : 0;
    return n;
  }
  std::size_t submitCount() const {
    std::lock_guard lock(mutex_);
    return submits_.size();
  }
  bool received(const std::string& method) const {
    std::lock_guard lock(mutex_);
    for (const json& r : requests_) {
      if (r.is_object() && r.value("method", "") == method) return true;
    }
    return false;
  }
  bool connectionClosed() const { return closed_.load(); }

  // Commands, carried out in order on the pool's thread.
  void notify(const std::string& jobId, bool clean) {
    asio::post(io_, [this, jobId, clean] { sendJob(jobId, clean); });
  }
  // The job again, unchanged but for the difficulty now in force (as pools do after a retarget).
  void resendJob(const std::string& jobId) {
    asio::post(io_, [this, jobId] {
      SentJob& sent = jobs_.at(jobId);
      sent.difficulty = difficulty_;
      send(json{{"id", nullptr}, {"method", "mining.notify"}, {"params", stratum::notifyParams(sent.job)}});
    });
  }
  void setDifficulty(double difficulty) {
    asio::post(io_, [this, difficulty] {
      difficulty_ = difficulty;
      send(json{{"id", nullptr}, {"method", "mining.set_difficulty"}, {"params", json::array({difficulty})}});
    });
  }
  void setExtranonce(const std::string& extranonce1, std::size_t extranonce2Size) {
    asio::post(io_, [this, extranonce1, extranonce2Size] {
      extranonce1_ = fromHex(extranonce1);
      extranonce2Size_ = extranonce2Size;
      send(json{{"id", nullptr},
                {"method", "mining.set_extranonce"},
                {"params", json::array({extranonce1, extranonce2Size})}});
    });
  }
  void sendRaw(std::string line) {
    asio::post(io_, [this, line = std::move(line)] { write(line); });
  }
  void dropConnection() {
    asio::post(io_, [this] {
      boost::system::error_code ignored;
      if (connection_) connection_->close(ignored);
    });
  }

 private:
  struct SentJob {
    stratum::StratumJob job;
    Bytes extranonce1;
    std::size_t extranonce2Size = 0;
    double difficulty = 0;
  };

  asio::awaitable<void> acceptLoop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      connection_ = std::make_shared<tcp::socket>(std::move(socket));
      asio::co_spawn(io_, session(connection_), asio::detached);
    }
  }

  asio::awaitable<void> session(std::shared_ptr<tcp::socket> socket) {
    std::string buffer;
    for (;;) {
      boost::system::error_code ec;
      const std::size_t n = co_await asio::async_read_until(*socket, asio::dynamic_buffer(buffer), '\n',
                                                            asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        closed_ = true;
        co_return;
      }
      const std::string line = buffer.substr(0, n - 1);
      buffer.erase(0, n);
      handle(line);
    }
  }

  void write(const std::string& line) {
    if (!connection_) return;
    boost::system::error_code ignored;
    asio::write(*connection_, asio::buffer(line + "\n"), ignored);
  }
  void send(const json& message) { write(message.dump()); }
  void answer(const json& id, const json& result, const json& error = nullptr) {
    send(json{{"id", id}, {"result", result}, {"error", error}});
  }

  void sendJob(const std::string& jobId, bool clean) {
    const stratum::StratumJob job =
        makeJob(jobId, clean, extranonce1_.size(), extranonce2Size_, 0x66b0c0d0 + std::uint32_t(jobs_.size()));
    jobs_[jobId] = SentJob{job, extranonce1_, extranonce2Size_, difficulty_};
    send(json{{"id", nullptr}, {"method", "mining.notify"}, {"params", stratum::notifyParams(job)}});
  }

  void handle(const std::string& line) {
    const json message = json::parse(line, nullptr, false);
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(message.is_discarded() ? json(line) : message);
    }
    if (settings_.silent || !message.is_object()) return;
    const json id = message.value("id", json());
    const std::string method = message.value("method", "");
    const json params = message.value("params", json::array());
    if (method == "mining.configure") {
      if (settings_.versionMask) {
        negotiatedMask_ = stratum::parseHex32(*settings_.versionMask, "mask");
        answer(id, json{{"version-rolling", true}, {"version-rolling.mask", *settings_.versionMask}});
      } else {
        answer(id, nullptr, json::array({20, "Unsupported method", nullptr}));
      }
    } else if (method == "mining.subscribe") {
      const json subscriptions = json::array({json::array({"mining.set_difficulty", "d1"}),
                                              json::array({"mining.notify", "n1"})});
      answer(id, json::array({subscriptions, toHex(extranonce1_), extranonce2Size_}));
    } else if (method == "mining.extranonce.subscribe") {
      answer(id, true);
    } else if (method == "mining.authorize") {
      if (!settings_.authorizeError.is_null()) {
        answer(id, nullptr, settings_.authorizeError);
        return;
      }
      answer(id, true);
      send(json{{"id", nullptr}, {"method", "mining.set_difficulty"}, {"params", json::array({difficulty_})}});
      sendJob("1", true);
    } else if (method == "mining.submit") {
      ReceivedSubmit submit = check(params);
      {
        std::lock_guard lock(mutex_);
        submits_.push_back(submit);
      }
      if (answered_ < settings_.submitErrors.size()) {
        answer(id, nullptr, settings_.submitErrors[answered_++]);
      } else if (submit.valid) {
        answer(id, true);
      } else {
        answer(id, nullptr, json::array({23, submit.problem, nullptr}));
      }
    } else {
      answer(id, true);
    }
  }

  ReceivedSubmit check(const json& params) {
    ReceivedSubmit s;
    s.params = params;
    auto bad = [&](std::string why) {
      s.problem = std::move(why);
      return s;
    };
    try {
      const std::size_t expected = negotiatedMask_ ? 6 : 5;
      if (!params.is_array() || params.size() != expected) return bad("expected " + std::to_string(expected) + " params");
      for (const json& p : params) {
        if (!p.is_string()) return bad("a param is not a string");
      }
      if (params[0] != kUser) return bad("wrong user");
      s.jobId = params[1].get<std::string>();
      const auto found = jobs_.find(s.jobId);
      if (found == jobs_.end()) return bad("unknown job");
      const SentJob& sent = found->second;
      const std::string en2Hex = params[2].get<std::string>();
      if (en2Hex.size() != 2 * sent.extranonce2Size) return bad("extranonce2 of the wrong size: " + en2Hex);
      const auto extranonce2 = tryFromHex(en2Hex);
      if (!extranonce2) return bad("extranonce2 is not hex");
      const std::string ntimeHex = params[3].get<std::string>(), nonceHex = params[4].get<std::string>();
      if (ntimeHex.size() != 8 || nonceHex.size() != 8) return bad("ntime and nonce must be 8 hex digits");
      const std::uint32_t ntime = stratum::parseHex32(ntimeHex, "ntime");
      const std::uint32_t nonce = stratum::parseHex32(nonceHex, "nonce");
      if (ntime != sent.job.time) return bad("ntime is not the job's");
      s.version = sent.job.version;
      if (negotiatedMask_) {
        const std::string bitsHex = params[5].get<std::string>();
        if (bitsHex.size() != 8) return bad("version bits must be 8 hex digits");
        const std::uint32_t bits = stratum::parseHex32(bitsHex, "version bits");
        if ((bits & ~*negotiatedMask_) != 0) return bad("version bits outside the mask");
        s.version = stratum::rolledVersion(sent.job.version, bits, *negotiatedMask_);
      }
      const std::string key = s.jobId + "/" + toHex(sent.extranonce1) + "/" + en2Hex + "/" + nonceHex + "/" +
                              stratum::hex32(s.version);
      if (!seen_.insert(key).second) return bad("duplicate share");
      if (!shareMeetsDifficulty(*algorithm_, familyOf(settings_.algorithm), sent.job, sent.extranonce1, *extranonce2,
                                ntime, nonce, s.version, sent.difficulty)) {
        return bad("low difficulty share");
      }
      s.valid = true;
      return s;
    } catch (const std::exception& e) {
      return bad(e.what());
    }
  }

  PoolSettings settings_;
  std::unique_ptr<pow::Algorithm> algorithm_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread thread_;

  // pool thread only
  std::shared_ptr<tcp::socket> connection_;
  Bytes extranonce1_;
  std::size_t extranonce2Size_ = 0;
  double difficulty_ = 1;
  std::optional<std::uint32_t> negotiatedMask_;
  std::map<std::string, SentJob> jobs_;
  std::set<std::string> seen_;
  std::size_t answered_ = 0;

  mutable std::mutex mutex_;
  std::vector<json> requests_;
  std::vector<ReceivedSubmit> submits_;
  std::atomic<bool> closed_{false};
};

miner::CpuMinerOptions optionsFor(std::uint16_t port, const std::string& algorithm, unsigned threads) {
  miner::CpuMinerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.user = kUser;
  options.password = kPassword;
  options.algorithm = algorithm;
  options.threads = threads;
  return options;
}

// A miner on its own io_context thread, recording its events.
class MinerRun {
 public:
  explicit MinerRun(miner::CpuMinerOptions options) : guard_(asio::make_work_guard(io_)) {
    miner::CpuMinerEvents events;
    events.onAuthorized = [this] { authorized_ = true; };
    events.onShare = [this](const miner::ShareResult& result) {
      std::lock_guard lock(mutex_);
      results_.push_back(result);
    };
    events.onError = [this](const std::string& message) {
      std::lock_guard lock(mutex_);
      errors_.push_back(message);
    };
    miner_ = std::make_unique<miner::CpuMiner>(io_, std::move(options), std::move(events));
    miner_->start();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~MinerRun() {
    miner_.reset();  // stops: joins the hashing threads, closes the connection
    guard_.reset();
    thread_.join();  // the io_context runs out of work by itself
  }

  miner::CpuMiner& miner() { return *miner_; }
  miner::MinerStats stats() const { return miner_->stats(); }
  bool authorized() const { return authorized_.load(); }
  std::vector<miner::ShareResult> results() const {
    std::lock_guard lock(mutex_);
    return results_;
  }
  std::size_t resultsAt(const std::string& jobId, double difficulty) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const miner::ShareResult& r : results_) n += r.job.jobId == jobId && r.difficulty == difficulty ? 1 : 0;
    return n;
  }
  std::size_t resultCount() const {
    std::lock_guard lock(mutex_);
    return results_.size();
  }
  std::string errors() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const std::string& e : errors_) out += e + "\n";
    return out;
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  mutable std::mutex mutex_;
  std::vector<miner::ShareResult> results_;
  std::vector<std::string> errors_;
  std::atomic<bool> authorized_{false};
  std::unique_ptr<miner::CpuMiner> miner_;
  std::thread thread_;
};

QString describe(const ReceivedSubmit& s) { return QString::fromStdString(s.params.dump() + ": " + s.problem); }

// Every submit well-formed and meeting the difficulty, and every answered share re-checked from
// what the miner reported.
void verifyAll(const ScriptedPool& pool, const MinerRun& run, const std::string& algorithm) {
  for (const ReceivedSubmit& s : pool.submits()) QVERIFY2(s.valid, qPrintable(describe(s)));
  const auto pow = pow::AlgorithmRegistry::builtin().create(algorithm);
  for (const miner::ShareResult& r : run.results()) {
    Hash32 hash;
    QVERIFY(shareMeetsDifficulty(*pow, familyOf(algorithm), r.job, r.extranonce1, r.extranonce2, r.ntime, r.nonce,
                                 r.version, r.difficulty, &hash));
    QCOMPARE(hash, r.hash);
    QCOMPARE(r.ntime, r.job.time);
  }
}

}  // namespace

class TestCpuMiner : public QObject {
  Q_OBJECT

 private slots:
  void sha256dSharesMeetDifficulty() {
    ScriptedPool pool(PoolSettings{});
    MinerRun run(optionsFor(pool.port(), "sha256d", 2));
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() >= 4, kWaitMs);
    QVERIFY(run.authorized());

    const std::vector<json> requests = pool.requests();
    QVERIFY(requests.size() >= 3);
    QCOMPARE(requests[0].dump(), json::parse("{\"id\":1,\"method\":\"mining.subscribe\","
                                             "\"params\":[\"otedama-cpuminer/0.1\"]}").dump());
    QCOMPARE(requests[1].value("method", ""), std::string("mining.authorize"));
    QCOMPARE(requests[1]["params"].dump(), json::array({kUser, kPassword}).dump());

    verifyAll(pool, run, "sha256d");
    for (const ReceivedSubmit& s : pool.submits()) {
      QCOMPARE(s.params.size(), std::size_t{5});
      QCOMPARE(s.jobId, std::string("1"));
      QCOMPARE(s.params[2].get<std::string>().size(), std::size_t{8});  // 4-byte extranonce2
    }
    for (const miner::ShareResult& r : run.results()) {
      QVERIFY2(r.accepted, r.reason.c_str());
      QCOMPARE(toHex(r.extranonce1), std::string("a1b2c3d4"));
      QCOMPARE(r.difficulty, kSha256dDifficulty);
      QVERIFY(!r.versionBits.has_value());
    }
    const miner::MinerStats stats = run.stats();
    QCOMPARE(stats.state, miner::MinerState::Mining);
    QVERIFY(stats.accepted >= 4);
    QCOMPARE(stats.rejected, std::uint64_t{0});
    QVERIFY(stats.submitted >= stats.accepted);
    QVERIFY(stats.hashes > 0);
    QCOMPARE(stats.difficulty, kSha256dDifficulty);
    QCOMPARE(stats.extranonce1, std::string("a1b2c3d4"));
    QCOMPARE(stats.extranonce2Size, std::size_t{4});
    QCOMPARE(stats.currentJobId, std::string("1"));
    QCOMPARE(run.miner().threadCount(), 2u);

    // The independent check is not a formality: a tampered share fails it.
    const miner::ShareResult first = run.results().front();
    const auto sha256d = pow::AlgorithmRegistry::builtin().create("sha256d");
    QVERIFY(!shareMeetsDifficulty(*sha256d, DifficultyFamily::Bitcoin, first.job, first.extranonce1, first.extranonce2,
                                  first.ntime, first.nonce + 1, first.version, 1.0));
    QVERIFY(shareMeetsDifficulty(*sha256d, DifficultyFamily::Bitcoin, first.job, first.extranonce1, first.extranonce2,
                                 first.ntime, first.nonce, first.version, first.difficulty));

    run.miner().stop();
    const std::size_t answered = run.resultCount();
    QCOMPARE(run.stats().state, miner::MinerState::Stopped);
    pool.notify("2", true);  // nothing reaches a stopped miner's handlers
    QTRY_VERIFY_WITH_TIMEOUT(pool.connectionClosed(), kWaitMs);
    QCOMPARE(run.resultCount(), answered);
  }

  void scryptSharesMeetDifficulty() {
    PoolSettings settings;
    settings.algorithm = "scrypt";
    settings.difficulty = kScryptDifficulty;
    settings.extranonce1 = "0badc0de";
    settings.extranonce2Size = 8;
    ScriptedPool pool(settings);
    MinerRun run(optionsFor(pool.port(), "scrypt", 2));
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() >= 3, kWaitMs);
    verifyAll(pool, run, "scrypt");
    for (const ReceivedSubmit& s : pool.submits()) QCOMPARE(s.params[2].get<std::string>().size(), std::size_t{16});
    for (const miner::ShareResult& r : run.results()) {
      QVERIFY2(r.accepted, r.reason.c_str());
      QCOMPARE(r.difficulty, kScryptDifficulty);
    }
    QVERIFY(run.stats().accepted >= 3);
  }

  void cleanJobSwitchesWork() {
    ScriptedPool pool(PoolSettings{});
    MinerRun run(optionsFor(pool.port(), "sha256d", 2));
    QTRY_VERIFY_WITH_TIMEOUT(pool.submitCount("1") >= 1, kWaitMs);
    pool.notify("2", true);
    QTRY_VERIFY_WITH_TIMEOUT(pool.submitCount("2") >= 3, kWaitMs);
    QCOMPARE(run.stats().currentJobId, std::string("2"));

    // Everything the miner wrote after it saw the clean job is for the clean job.
    const std::vector<ReceivedSubmit> submits = pool.submits();
    bool switched = false;
    for (const ReceivedSubmit& s : submits) {
      if (s.jobId == "2") switched = true;
      if (switched) QCOMPARE(s.jobId, std::string("2"));
    }

    // A job without clean_jobs also becomes the work (the older job stays submittable).
    pool.notify("3", false);
    QTRY_VERIFY_WITH_TIMEOUT(pool.submitCount("3") >= 2, kWaitMs);
    QCOMPARE(run.stats().currentJobId, std::string("3"));
    verifyAll(pool, run, "sha256d");
    QCOMPARE(run.stats().jobsReceived, std::uint64_t{3});
  }

  void difficultyChanges() {
    ScriptedPool pool(PoolSettings{});
    miner::CpuMinerOptions options = optionsFor(pool.port(), "sha256d", 2);
    options.suggestDifficulty = 0.5;
    MinerRun run(options);
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() >= 1, kWaitMs);
    QVERIFY(pool.received("mining.suggest_difficulty"));

    // A stricter difficulty holds at once, on the current job.
    pool.setDifficulty(2 * kSha256dDifficulty);
    QTRY_VERIFY_WITH_TIMEOUT(run.resultsAt("1", 2 * kSha256dDifficulty) >= 2, kWaitMs);
    QCOMPARE(run.stats().difficulty, 2 * kSha256dDifficulty);
    // An easier one waits for the next job.
    pool.setDifficulty(kSha256dDifficulty / 2);
    QTRY_VERIFY_WITH_TIMEOUT(run.stats().difficulty == kSha256dDifficulty / 2, kWaitMs);
    const std::size_t afterEasier = run.resultsAt("1", 2 * kSha256dDifficulty);
    QTRY_VERIFY_WITH_TIMEOUT(run.resultsAt("1", 2 * kSha256dDifficulty) >= afterEasier + 2, kWaitMs);
    pool.notify("2", true);
    QTRY_VERIFY_WITH_TIMEOUT(run.resultsAt("2", kSha256dDifficulty / 2) >= 2, kWaitMs);
    QCOMPARE(run.resultsAt("1", kSha256dDifficulty / 2), std::size_t{0});
    for (const miner::ShareResult& r : run.results()) {
      if (r.job.jobId == "2") QCOMPARE(r.difficulty, kSha256dDifficulty / 2);
    }
    verifyAll(pool, run, "sha256d");
  }

  void resentJobContinuesWithoutDuplicates() {
    ScriptedPool pool(PoolSettings{});
    MinerRun run(optionsFor(pool.port(), "sha256d", 2));
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() >= 3, kWaitMs);
    // The same job again with an easier difficulty: the miner must not hash its headers again
    // (the pool counts a share found twice as a duplicate).
    pool.setDifficulty(kSha256dDifficulty / 2);
    pool.resendJob("1");
    QTRY_VERIFY_WITH_TIMEOUT(run.resultsAt("1", kSha256dDifficulty / 2) >= 4, kWaitMs);
    QCOMPARE(run.stats().jobsReceived, std::uint64_t{2});
    verifyAll(pool, run, "sha256d");
    for (const miner::ShareResult& r : run.results()) QVERIFY2(r.accepted, r.reason.c_str());
  }

  void setExtranonceIsHonoured() {
    ScriptedPool pool(PoolSettings{});
    miner::CpuMinerOptions options = optionsFor(pool.port(), "sha256d", 2);
    options.extranonceSubscribe = true;
    MinerRun run(options);
    QTRY_VERIFY_WITH_TIMEOUT(pool.submitCount("1") >= 1, kWaitMs);
    QVERIFY(pool.received("mining.extranonce.subscribe"));

    pool.setExtranonce("f00dbabe01", 3);
    pool.notify("2", true);
    QTRY_VERIFY_WITH_TIMEOUT(pool.submitCount("2") >= 3, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() == pool.submitCount(), kWaitMs);
    verifyAll(pool, run, "sha256d");
    for (const ReceivedSubmit& s : pool.submits()) {
      QCOMPARE(s.params[2].get<std::string>().size(), s.jobId == "2" ? std::size_t{6} : std::size_t{8});
    }
    for (const miner::ShareResult& r : run.results()) {
      if (r.job.jobId != "2") continue;
      QCOMPARE(toHex(r.extranonce1), std::string("f00dbabe01"));
      QCOMPARE(r.extranonce2.size(), std::size_t{3});
      QVERIFY2(r.accepted, r.reason.c_str());
    }
    const miner::MinerStats stats = run.stats();
    QCOMPARE(stats.extranonce1, std::string("f00dbabe01"));
    QCOMPARE(stats.extranonce2Size, std::size_t{3});
  }

  void versionRollingStaysInServerMask() {
    PoolSettings settings;
    settings.versionMask = "00ffe000";  // narrower than the 1fffe000 the miner asks for
    ScriptedPool pool(settings);
    miner::CpuMinerOptions options = optionsFor(pool.port(), "sha256d", 2);
    options.versionRolling = true;
    options.noncesPerWorkItem = 4096;  // move to the next version bits often
    MinerRun run(options);
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() >= 4, kWaitMs);

    const std::vector<json> requests = pool.requests();
    QCOMPARE(requests[0].value("method", ""), std::string("mining.configure"));
    QCOMPARE(requests[0]["params"].dump(),
             json::parse("[[\"version-rolling\"],{\"version-rolling.mask\":\"1fffe000\","
                         "\"version-rolling.min-bit-count\":2}]").dump());
    QCOMPARE(requests[1].value("method", ""), std::string("mining.subscribe"));

    verifyAll(pool, run, "sha256d");
    bool rolled = false;
    for (const ReceivedSubmit& s : pool.submits()) {
      QCOMPARE(s.params.size(), std::size_t{6});
      const std::uint32_t bits = stratum::parseHex32(s.params[5].get<std::string>(), "bits");
      QCOMPARE(bits & ~0x00ffe000u, 0u);
      rolled = rolled || bits != 0;
    }
    QVERIFY(rolled);
    for (const miner::ShareResult& r : run.results()) {
      QVERIFY2(r.accepted, r.reason.c_str());
      QVERIFY(r.versionBits.has_value());
      QCOMPARE(r.versionMask, 0x00ffe000u);
      QCOMPARE(r.version, stratum::rolledVersion(r.job.version, *r.versionBits, 0x00ffe000u));
    }
    QCOMPARE(run.stats().versionMask, std::optional<std::uint32_t>(0x00ffe000u));
  }

  void versionRollingRefusedKeepsFiveParams() {
    ScriptedPool pool(PoolSettings{});  // answers mining.configure with an error
    miner::CpuMinerOptions options = optionsFor(pool.port(), "sha256d", 1);
    options.versionRolling = true;
    MinerRun run(options);
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() >= 2, kWaitMs);
    verifyAll(pool, run, "sha256d");
    for (const ReceivedSubmit& s : pool.submits()) QCOMPARE(s.params.size(), std::size_t{5});
    QVERIFY(!run.stats().versionMask.has_value());
  }

  void rejectedSharesCountedByReason() {
    PoolSettings settings;
    settings.submitErrors = {json::array({23, "low difficulty share", nullptr}),
                             json::array({23, "low difficulty share", nullptr}),
                             json{{"code", 21}, {"message", "stale job"}}};
    ScriptedPool pool(settings);
    MinerRun run(optionsFor(pool.port(), "sha256d", 2));
    QTRY_VERIFY_WITH_TIMEOUT(run.resultCount() >= 4, kWaitMs);

    const std::vector<miner::ShareResult> results = run.results();
    QVERIFY(!results[0].accepted);
    QCOMPARE(results[0].reason, std::string("low difficulty share"));
    QCOMPARE(results[0].errorCode, 23);
    QCOMPARE(results[2].reason, std::string("stale job"));
    QCOMPARE(results[2].errorCode, 21);
    QVERIFY(results[3].accepted);
    const miner::MinerStats stats = run.stats();
    QCOMPARE(stats.rejected, std::uint64_t{3});
    QCOMPARE(stats.rejectedByReason.at("low difficulty share"), std::uint64_t{2});
    QCOMPARE(stats.rejectedByReason.at("stale job"), std::uint64_t{1});
    QVERIFY(stats.accepted >= 1);
    QCOMPARE(stats.state, miner::MinerState::Mining);  // rejections do not end the session
    verifyAll(pool, run, "sha256d");
  }

  void garbageFromServerIsIgnored() {
    ScriptedPool pool(PoolSettings{});
    MinerRun run(optionsFor(pool.port(), "sha256d", 2));
    QTRY_VERIFY_WITH_TIMEOUT(pool.submitCount("1") >= 1, kWaitMs);

    const std::vector<std::string> malformed = {
        "this is not json",
        "{\"id\":",
        "[1,2,3]",
        "42",
        "{}",
        std::string("\x01\x02\xff\xfe binary \0 junk", sizeof("\x01\x02\xff\xfe binary \0 junk") - 1),
        "{\"id\":987654,\"result\":true,\"error\":null}",
        "{\"id\":1,\"result\":[1,2,3],\"error\":null}",
        "{\"id\":\"abc\",\"result\":true,\"error\":null}",
        "{\"method\":42,\"params\":[]}",
        "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"x\"]}",
        "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"9\",\"zz\",\"\",\"\",[],\"20000000\",\"1d00ffff\","
        "\"66b0c0d0\",true]}",
        "{\"id\":null,\"method\":\"mining.notify\",\"params\":\"oops\"}",
        "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[\"abc\"]}",
        "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[-1]}",
        "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0]}",
        "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[]}",
        "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"zz\",4]}",
        "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"00\",-1]}",
        std::string(3000, '[') + std::string(3000, ']'),
    };
    for (const std::string& line : malformed) pool.sendRaw(line);
    // Ignored quietly: unknown methods, messages for people, an empty line.
    pool.sendRaw("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"hello miner\"]}");
    pool.sendRaw("{\"id\":null,\"method\":\"mining.something_new\",\"params\":[]}");
    pool.sendRaw("\r");
    pool.notify("2", true);

    QTRY_VERIFY_WITH_TIMEOUT(pool.submitCount("2") >= 2, kWaitMs);
    const miner::MinerStats stats = run.stats();
    QCOMPARE(stats.malformedLines, std::uint64_t(malformed.size()));
    QCOMPARE(stats.state, miner::MinerState::Mining);
    QCOMPARE(stats.difficulty, kSha256dDifficulty);
    QCOMPARE(stats.extranonce1, std::string("a1b2c3d4"));
    QVERIFY(run.errors().empty());
    verifyAll(pool, run, "sha256d");
  }

  void overlongLineDisconnects() {
    ScriptedPool pool(PoolSettings{});
    MinerRun run(optionsFor(pool.port(), "sha256d", 1));
    QTRY_VERIFY_WITH_TIMEOUT(run.authorized(), kWaitMs);
    pool.sendRaw("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"" + std::string(70000, 'x') + "\"]}");
    QTRY_VERIFY_WITH_TIMEOUT(!run.errors().empty(), kWaitMs);
    QVERIFY2(run.errors().find("longer than 65536 bytes") != std::string::npos, run.errors().c_str());
    const miner::MinerStats stats = run.stats();
    QCOMPARE(stats.state, miner::MinerState::Failed);
    QVERIFY(stats.lastError.find("longer than") != std::string::npos);
    QTRY_VERIFY_WITH_TIMEOUT(pool.connectionClosed(), kWaitMs);
  }

  void serverClosingIsReported() {
    ScriptedPool pool(PoolSettings{});
    MinerRun run(optionsFor(pool.port(), "sha256d", 1));
    QTRY_VERIFY_WITH_TIMEOUT(run.authorized(), kWaitMs);
    pool.dropConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!run.errors().empty(), kWaitMs);
    QCOMPARE(run.stats().state, miner::MinerState::Failed);
    QVERIFY2(run.errors().find("closed the connection") != std::string::npos ||
                 run.errors().find("lost the connection") != std::string::npos,
             run.errors().c_str());
  }

  void refusedWorkerIsReported() {
    PoolSettings settings;
    settings.authorizeError = json::array({24, "unknown worker", nullptr});
    ScriptedPool pool(settings);
    MinerRun run(optionsFor(pool.port(), "sha256d", 1));
    QTRY_VERIFY_WITH_TIMEOUT(!run.errors().empty(), kWaitMs);
    QVERIFY2(run.errors().find("unknown worker") != std::string::npos, run.errors().c_str());
    QCOMPARE(run.stats().state, miner::MinerState::Failed);
    QVERIFY(!run.authorized());
  }

  void silentServerTimesOut() {
    PoolSettings settings;
    settings.silent = true;
    ScriptedPool pool(settings);
    miner::CpuMinerOptions options = optionsFor(pool.port(), "sha256d", 1);
    options.handshakeTimeout = std::chrono::milliseconds(300);
    MinerRun run(options);
    QTRY_VERIFY_WITH_TIMEOUT(!run.errors().empty(), kWaitMs);
    QVERIFY2(run.errors().find("did not answer") != std::string::npos, run.errors().c_str());
    QVERIFY(pool.received("mining.subscribe"));
  }

  void connectionRefusedIsReported() {
    std::uint16_t port = 0;
    {
      asio::io_context io;
      tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
      port = acceptor.local_endpoint().port();
    }  // closed again: nothing listens there now
    MinerRun run(optionsFor(port, "scrypt", 1));
    QTRY_VERIFY_WITH_TIMEOUT(!run.errors().empty(), kWaitMs);
    QVERIFY2(run.errors().find("cannot connect to stratum server 127.0.0.1:" + std::to_string(port)) !=
                 std::string::npos,
             run.errors().c_str());
    QCOMPARE(run.stats().state, miner::MinerState::Failed);
    QCOMPARE(run.stats().hashes, std::uint64_t{0});
  }

  void badOptionsAreRefused() {
    asio::io_context io;
    miner::CpuMinerOptions options = optionsFor(3333, "randomx", 1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, std::make_unique<miner::CpuMiner>(io, options));
    options.algorithm = "sha256d";
    options.user.clear();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, std::make_unique<miner::CpuMiner>(io, options));
    options = optionsFor(3333, "sha256d", 0);
    miner::CpuMiner idle(io, options);  // never started: destroying it must be harmless
    QVERIFY(idle.threadCount() >= 1);
    QCOMPARE(idle.stats().state, miner::MinerState::Idle);
  }
};

QTEST_GUILESS_MAIN(TestCpuMiner)
#include "test_cpu_miner.moc"
