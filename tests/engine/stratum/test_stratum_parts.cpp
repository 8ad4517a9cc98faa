// Unit tests of the stratum server's parts: the vardiff rule, the per-IP guard (caps, rate,
// bans, loopback exemption), the job registry (ids, stale jobs, duplicates, pruning), worker
// statistics (hashrate windows) and the job wire format (prevhash words, hex fields).
#include <QTest>

#include "stratum/ip_guard.hpp"
#include "stratum/job.hpp"
#include "stratum/job_registry.hpp"
#include "stratum/protocol.hpp"
#include "stratum/vardiff.hpp"
#include "stratum/worker_stats.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::stratum;
using namespace std::chrono_literals;

class TestStratumParts : public QObject {
  Q_OBJECT

 private slots:
  void vardiffRaisesForAFastMiner() {
    const auto t0 = Vardiff::Clock::time_point{};
    Vardiff v({.startDifficulty = 1, .minDifficulty = 0.01, .maxDifficulty = 1000, .targetSeconds = 10,
               .retargetSeconds = 60, .tolerance = 0.3},
              t0);
    // 20 shares in 20 s: one per second, ten times too fast; the step is capped at x4.
    std::optional<double> changed;
    for (int i = 1; i <= 20; ++i) changed = v.onShare(t0 + std::chrono::seconds(i));
    QVERIFY(changed.has_value());
    QCOMPARE(*changed, 4.0);
  }

  void vardiffLowersForASilentMiner() {
    const auto t0 = Vardiff::Clock::time_point{};
    Vardiff v({.startDifficulty = 64, .minDifficulty = 1, .maxDifficulty = 1000, .targetSeconds = 10,
               .retargetSeconds = 60, .tolerance = 0.3},
              t0);
    QVERIFY(!v.onTick(t0 + 100s).has_value());  // not yet 2 x retarget
    QCOMPARE(v.onTick(t0 + 121s).value_or(0), 16.0);  // capped at x0.25
  }

  void vardiffKeepsAMinerOnTarget() {
    const auto t0 = Vardiff::Clock::time_point{};
    Vardiff v({.startDifficulty = 8, .targetSeconds = 10, .retargetSeconds = 60}, t0);
    // One share every 11 s: within the 30 % tolerance, no change.
    for (int i = 1; i <= 10; ++i) QVERIFY(!v.onShare(t0 + std::chrono::seconds(11 * i)).has_value());
    QCOMPARE(v.difficulty(), 8.0);
    // One share every 20 s: half as fast as wanted, difficulty halves.
    std::optional<double> changed;
    for (int i = 1; i <= 4 && !changed; ++i) changed = v.onShare(t0 + 110s + std::chrono::seconds(20 * i));
    QCOMPARE(changed.value_or(0), 4.0);
  }

  void vardiffFixedAndSuggested() {
    const auto t0 = Vardiff::Clock::time_point{};
    Vardiff v({.startDifficulty = 8, .minDifficulty = 1, .maxDifficulty = 100}, t0);
    QCOMPARE(v.suggest(1000, t0).value_or(0), 100.0);  // clamped
    QCOMPARE(v.fix(0.5), 1.0);                          // clamped
    QVERIFY(v.fixed());
    for (int i = 1; i <= 50; ++i) QVERIFY(!v.onShare(t0 + std::chrono::seconds(i)).has_value());
    QVERIFY(!v.suggest(50, t0).has_value());
  }

  void ipGuardCapsRatesAndBans() {
    IpGuard guard({.maxConnectionsPerIp = 2, .connectionsPerMinute = 3, .banThreshold = 10, .banDuration = 60s,
                   .exemptLoopback = true});
    const auto t0 = IpGuard::Clock::now();
    QCOMPARE(guard.admit("10.0.0.1", false, t0), Admission::Ok);
    QCOMPARE(guard.admit("10.0.0.1", false, t0), Admission::Ok);
    QCOMPARE(guard.admit("10.0.0.1", false, t0), Admission::TooManyConnections);
    guard.release("10.0.0.1");
    QCOMPARE(guard.admit("10.0.0.1", false, t0), Admission::Ok);
    guard.release("10.0.0.1");
    QCOMPARE(guard.admit("10.0.0.1", false, t0), Admission::TooFast);  // 3 per minute used up
    QCOMPARE(guard.admit("10.0.0.1", false, t0 + 40s), Admission::Ok);  // refilled
    QVERIFY(!guard.penalize("10.0.0.2", false, 9, t0));
    QVERIFY(guard.penalize("10.0.0.2", false, 1, t0));
    QCOMPARE(guard.admit("10.0.0.2", false, t0), Admission::Banned);
    QCOMPARE(guard.bans(t0).size(), std::size_t{1});
    QCOMPARE(guard.admit("10.0.0.2", false, t0 + 61s), Admission::Ok);  // expired
    QVERIFY(!guard.penalize("127.0.0.1", true, 1000, t0));             // loopback exempt
    guard.release("10.0.0.2");
    guard.prune(t0 + 10min);
    QVERIFY(guard.bans(t0 + 10min).empty());
  }

  void jobRegistryStaleAndDuplicates() {
    JobRegistry jobs(2, 30s);
    const auto t0 = std::chrono::steady_clock::now();
    Work work;
    work.job.cleanJobs = true;
    const std::string first = jobs.add(work, t0)->job.jobId;
    work.job.cleanJobs = false;
    const std::string second = jobs.add(work, t0)->job.jobId;
    QVERIFY(first != second);
    QVERIFY(!jobs.find(first)->stale);
    JobEntry* entry = jobs.find(second);
    const std::uint64_t fingerprint = shareFingerprint(fromHex("01020304"), fromHex("00000001"), 1, 2, 0);
    QVERIFY(JobRegistry::remember(*entry, fingerprint));
    QVERIFY(!JobRegistry::remember(*entry, fingerprint));
    QVERIFY(fingerprint != shareFingerprint(fromHex("01020304"), fromHex("00000001"), 1, 3, 0));
    work.job.cleanJobs = true;
    const std::string third = jobs.add(work, t0)->job.jobId;
    QVERIFY(jobs.find(first)->stale);
    QVERIFY(jobs.find(second)->stale);
    QVERIFY(!jobs.find(third)->stale);
    jobs.prune(t0 + 31s);
    QVERIFY(jobs.find(first) == nullptr);  // stale jobs are kept for a while only
    QVERIFY(jobs.find(third) != nullptr);
    QCOMPARE(jobs.latest()->job.jobId, third);

    // Rounds: jobs of one round (one per payout script) do not stale each other, and the last
    // two rounds stay live however many jobs they hold.
    std::vector<std::string> roundA, roundB;
    for (int i = 0; i < 20; ++i) roundA.push_back(jobs.add(work, t0, i > 0)->job.jobId);
    for (const std::string& id : roundA) QVERIFY(!jobs.find(id)->stale);
    QVERIFY(jobs.find(third)->stale);
    work.job.cleanJobs = false;
    for (int i = 0; i < 20; ++i) roundB.push_back(jobs.add(work, t0, i > 0)->job.jobId);
    for (const std::string& id : roundA) QVERIFY(jobs.find(id) && !jobs.find(id)->stale);
    jobs.add(work, t0);  // a third live round: the oldest (A) leaves
    for (const std::string& id : roundA) QVERIFY(jobs.find(id) == nullptr);
    for (const std::string& id : roundB) QVERIFY(jobs.find(id) != nullptr);
  }

  void workerStatsHashrateWindows() {
    StatsBook book;
    const auto t0 = std::chrono::system_clock::time_point(std::chrono::hours(480000));  // a whole minute
    // 60 shares standing for 1e9 hashes each over 10 minutes.
    for (int i = 0; i < 60; ++i) book.recordAccepted("addr", "w", 1.0, 1e9, t0 + std::chrono::seconds(10 * i));
    book.recordRejected("addr", "w", "stale", t0);
    const auto stats = book.snapshot(t0 + 599s);
    QCOMPARE(stats.size(), std::size_t{1});
    QCOMPARE(stats[0].accepted, std::uint64_t{60});
    QCOMPARE(stats[0].rejected.at("stale"), std::uint64_t{1});
    // Seen for 599 s: every window is measured over those, not over its whole length.
    QCOMPARE(stats[0].hashrate15m, 60e9 / 599);
    QCOMPARE(stats[0].hashrate1h, 60e9 / 599);
    // Nearly an hour later the 15 min window is empty and the hour holds every share.
    const auto later = book.snapshot(t0 + 3599s);
    QCOMPARE(later[0].hashrate15m, 0.0);
    QCOMPARE(later[0].hashrate1h, 60e9 / 3599);
    // A day later the windows are empty again.
    QCOMPARE(book.snapshot(t0 + 25h)[0].hashrate24h, 0.0);
  }

  void jobWireFormat() {
    Hash32 internal;
    for (std::size_t i = 0; i < 32; ++i) internal[i] = std::uint8_t(i);
    // Words reversed in order, bytes within a word kept.
    QCOMPARE(QString::fromStdString(stratumPrevHash(internal)),
             QString("1c1d1e1f18191a1b14151617101112130c0d0e0f08090a0b0405060700010203"));
    QCOMPARE(previousHashFromStratum(stratumPrevHash(internal)), internal);
    QCOMPARE(QString::fromStdString(hex32(0x1d00ffff)), QString("1d00ffff"));
    QCOMPARE(parseHex32("1d00ffff", "nbits"), 0x1d00ffffu);
    QVERIFY_THROWS_EXCEPTION(JobFormatError, parseHex32("1d00fff", "nbits"));
    QVERIFY_THROWS_EXCEPTION(JobFormatError, parseNotifyParams(nlohmann::json::array({"id"})));
    QCOMPARE(rolledVersion(0x20000000, 0x1fffe000, 0x00ffe000), 0x20ffe000u);
  }

  void protocolLines() {
    std::string error;
    QVERIFY(!parseRequest("[1,2]", error).has_value());
    QCOMPARE(QString::fromStdString(error), QString("not a JSON object"));
    QVERIFY(!parseRequest("{\"id\":1}", error).has_value());
    QVERIFY(!parseRequest("{\"id\":1,\"method\":\"m\",\"params\":5}", error).has_value());
    const auto request = parseRequest("{\"id\":\"abc\",\"method\":\"mining.subscribe\"}", error);
    QVERIFY(request.has_value());
    QCOMPARE(QString::fromStdString(request->id.dump()), QString("\"abc\""));
    QVERIFY(request->params.is_array());
    QCOMPARE(QString::fromStdString(errorLine("abc", ErrorCode::Duplicate, "duplicate")),
             QString("{\"error\":[22,\"duplicate\",null],\"id\":\"abc\",\"result\":null}\n"));
  }
};

QTEST_APPLESS_MAIN(TestStratumParts)
#include "test_stratum_parts.moc"
