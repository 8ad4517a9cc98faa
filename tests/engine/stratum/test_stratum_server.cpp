// The stratum server on loopback, driven by a plain line client: the protocol (ids echoed
// verbatim, subscribe/authorize/notify), shares built and checked independently in the test,
// every refusal reason, version rolling, suggest_difficulty, extranonce changes and session
// resumption; hostile clients (overlong lines, junk, garbage, floods, idle sockets, a slow
// reader) from their own loopback addresses while an honest miner keeps working; bans, per-IP
// caps and timeouts; TLS.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include "chain/address.hpp"
#include "chain/block_builder.hpp"
#include "chain/coinbase.hpp"
#include "crypto/sha256.hpp"
#include "crypto/scrypt.hpp"
#include "line_client.hpp"
#include "miner/cpu_miner.hpp"
#include "pow/registry.hpp"
#include "stratum/server.hpp"
#include "stratum/tls_identity.hpp"
#include "util/compact_target.hpp"
#include "util/hex.hpp"
#include "util/serialize.hpp"

using namespace otedama;
using namespace otedama::stratum;
using nlohmann::json;
using test::LineClient;

namespace {

const char* kAddress = "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9";
const double kEasy = 1.0 / 16384;  // exact in binary: target = difficulty-1 target << 14

UInt256 easyTarget() { return UInt256(0xffff) << (208 + 14); }

std::uint32_t unixNow() {
  return std::uint32_t(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count());
}

// What a miner needs from the session: the extranonce and the latest job.
struct MinerView {
  Bytes extranonce1;
  std::size_t extranonce2Size = 0;
  json notify;  // params of the latest mining.notify
};

struct FoundShare {
  std::string jobId;
  Bytes extranonce2;
  std::uint32_t ntime = 0, nonce = 0;
  std::optional<std::uint32_t> versionBits;
};

// Built here, independently of the server's code: coinbase, merkle root, header, SHA-256d.
FoundShare solve(const MinerView& view, const UInt256& target, std::uint32_t extranonce2Seed,
                 std::optional<std::uint32_t> versionBits = std::nullopt, std::uint32_t versionMask = 0) {
  const json& p = view.notify;
  FoundShare share;
  share.jobId = p[0].get<std::string>();
  share.versionBits = versionBits;
  Bytes extranonce2(view.extranonce2Size, 0);
  for (std::size_t i = 0; i < extranonce2.size() && i < 4; ++i) extranonce2[i] = std::uint8_t(extranonce2Seed >> (8 * i));
  share.extranonce2 = extranonce2;

  Bytes coinbase = fromHex(p[2].get<std::string>());
  coinbase.insert(coinbase.end(), view.extranonce1.begin(), view.extranonce1.end());
  coinbase.insert(coinbase.end(), extranonce2.begin(), extranonce2.end());
  const Bytes coinb2 = fromHex(p[3].get<std::string>());
  coinbase.insert(coinbase.end(), coinb2.begin(), coinb2.end());
  Hash32 root = crypto::sha256d(coinbase);
  for (const json& h : p[4]) {
    Bytes pair(root.begin(), root.end());
    const Bytes sibling = fromHex(h.get<std::string>());
    pair.insert(pair.end(), sibling.begin(), sibling.end());
    root = crypto::sha256d(pair);
  }
  const Bytes prevWords = fromHex(p[1].get<std::string>());
  Bytes prev(32);
  for (int w = 0; w < 8; ++w) std::copy_n(prevWords.begin() + 4 * w, 4, prev.begin() + 4 * (7 - w));
  std::uint32_t version = std::stoul(p[5].get<std::string>(), nullptr, 16);
  if (versionBits) version = (version & ~versionMask) | (*versionBits & versionMask);
  share.ntime = std::stoul(p[7].get<std::string>(), nullptr, 16);
  const std::uint32_t bits = std::stoul(p[6].get<std::string>(), nullptr, 16);
  for (share.nonce = 0;; ++share.nonce) {
    ByteWriter header(80);
    header.u32le(version);
    header.bytes(prev);
    header.bytes(root);
    header.u32le(share.ntime);
    header.u32le(bits);
    header.u32le(share.nonce);
    if (UInt256::fromLittleEndian(crypto::sha256d(header.data())) <= target) return share;
  }
}

json submitParams(const std::string& user, const FoundShare& share) {
  json params = json::array({user, share.jobId, toHex(share.extranonce2), stratum::hex32(share.ntime),
                             stratum::hex32(share.nonce)});
  if (share.versionBits) params.push_back(stratum::hex32(*share.versionBits));
  return params;
}

}  // namespace

// QCOMPARE cannot take nlohmann::json (its conversions confuse QtTest's overloads): compare text.
#define QCOMPARE_JSON(actual, expected) \
  QCOMPARE(QString::fromStdString(json(actual).dump()), QString::fromStdString(json(expected).dump()))

class TestStratumServer : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    sha256d_ = pow::AlgorithmRegistry::builtin().create("sha256d");
    ioThread_ = std::thread([this] { io_.run(); });
    server_ = startServer(baseOptions());
  }

  void cleanupTestCase() {
    onIo([&] {
      for (auto& server : servers_) server->stop();
    });
    work_.reset();
    io_.stop();
    ioThread_.join();
    servers_.clear();
  }

  void subscribeAuthorizeAndWork() {
    LineClient client;
    QVERIFY(client.connect(server_->port()));
    // A string id and a numeric id both come back verbatim.
    client.sendLine({{"id", "subscribe-1"}, {"method", "mining.subscribe"}, {"params", {"test/1.0"}}});
    const auto subscribed = client.waitFor("subscribe-1");
    QVERIFY(subscribed.has_value());
    const json result = (*subscribed)["result"];
    QCOMPARE(result[1].get<std::string>().size(), std::size_t{8});
    QCOMPARE(result[2].get<int>(), 4);
    QCOMPARE(result[0][0][0].get<std::string>(), std::string("mining.set_difficulty"));
    client.sendLine({{"id", 7}, {"method", "mining.authorize"}, {"params", {std::string(kAddress) + ".rig1", "x"}}});
    const auto authorized = client.waitFor(7);
    QVERIFY(authorized.has_value());
    QCOMPARE_JSON((*authorized)["result"], json(true));
    QVERIFY(client.waitForMethod("mining.set_difficulty").has_value());
    const auto notify = client.waitForMethod("mining.notify");
    QVERIFY(notify.has_value());
    QCOMPARE_JSON((*notify)["params"].size(), std::size_t{9});
    QVERIFY((*notify)["params"][8].get<bool>());
  }

  void acceptedShareMeetsItsDifficulty() {
    LineClient client;
    MinerView view;
    QVERIFY(login(client, view, *server_, "rig2", "d=" + std::to_string(kEasy)));
    const FoundShare share = solve(view, easyTarget(), 1);
    const std::size_t before = acceptedCount();
    client.sendLine({{"id", 10}, {"method", "mining.submit"}, {"params", submitParams(std::string(kAddress) + ".rig2", share)}});
    const auto answer = client.waitFor(10);
    QVERIFY(answer.has_value());
    QVERIFY2((*answer)["result"] == json(true), answer->dump().c_str());
    QTRY_COMPARE(acceptedCount(), before + 1);
    // The server's view of the share is the header we built, and it meets the difficulty.
    const AcceptedShare last = lastAccepted();
    QVERIFY(UInt256::fromLittleEndian(crypto::sha256d(last.header)) <= easyTarget());
    QCOMPARE(last.worker, std::string("rig2"));
    QCOMPARE(last.nonce, share.nonce);

    const auto stats = workerStats(kAddress, "rig2");
    QVERIFY(stats.has_value());
    QCOMPARE(stats->accepted, std::uint64_t{1});
    QVERIFY(stats->hashrate15m > 0);
  }

  void everyRefusalSaysWhy() {
    LineClient client;
    MinerView view;
    const std::string user = std::string(kAddress) + ".rig3";
    QVERIFY(login(client, view, *server_, "rig3", "d=" + std::to_string(kEasy)));
    const FoundShare good = solve(view, easyTarget(), 2);
    int id = 100;
    auto submit = [&](const json& params) {
      client.sendLine({{"id", ++id}, {"method", "mining.submit"}, {"params", params}});
      return client.waitFor(id).value_or(json());
    };
    auto expectError = [&](const json& params, int code, const char* reason) {
      const json answer = submit(params);
      QVERIFY2(answer["result"].is_null() && answer["error"].is_array(), answer.dump().c_str());
      QCOMPARE(answer["error"][0].get<int>(), code);
      QCOMPARE(QString::fromStdString(answer["error"][1].get<std::string>()), QString(reason));
    };

    QCOMPARE_JSON(submit(submitParams(user, good))["result"], json(true));
    expectError(submitParams(user, good), 22, "duplicate");
    FoundShare unknown = good;
    unknown.jobId = "deadbeef";
    expectError(submitParams(user, unknown), 21, "unknown job");
    FoundShare early = solve(view, easyTarget(), 3);
    early.ntime = 1000;  // before the template's mintime
    expectError(submitParams(user, early), 20, "bad ntime");
    FoundShare shortNonce = solve(view, easyTarget(), 4);
    shortNonce.extranonce2.resize(2);
    expectError(submitParams(user, shortNonce), 20, "bad extranonce2 size");
    expectError(json::array({user, good.jobId, "00000000", "xyz", "00000000"}), 20, "malformed");
    expectError(json::array({std::string(kAddress) + ".nobody", good.jobId, "00000000", "00000000", "00000000"}), 24,
                "unauthorized worker");
    FoundShare rolled = solve(view, easyTarget(), 5);
    rolled.versionBits = 0x2000;  // version bits without mining.configure
    expectError(submitParams(user, rolled), 20, "bad version bits");

    // Low difficulty: a share for 1/16384 on a session fixed at difficulty 1,000,000.
    LineClient strict;
    MinerView strictView;
    QVERIFY(login(strict, strictView, *server_, "strict", "d=1000000"));
    const FoundShare weak = solve(strictView, easyTarget(), 6);
    strict.sendLine({{"id", 1}, {"method", "mining.submit"}, {"params", submitParams(std::string(kAddress) + ".strict", weak)}});
    const auto low = strict.waitFor(1);
    QVERIFY(low.has_value());
    QCOMPARE((*low)["error"][0].get<int>(), 23);
    QCOMPARE((*low)["error"][1].get<std::string>(), std::string("low difficulty"));

    // Stale: the tip changes (clean job), then a share for the old job arrives.
    const FoundShare old = solve(view, easyTarget(), 7);
    setWork(*server_, true);
    QVERIFY(client.waitForMethod("mining.notify").has_value());
    expectError(submitParams(user, old), 21, "stale");

    const auto stats = workerStats(kAddress, "rig3");
    QVERIFY(stats.has_value());
    QCOMPARE(stats->rejected.at("duplicate"), std::uint64_t{1});
    QCOMPARE(stats->rejected.at("stale"), std::uint64_t{1});
  }

  void perScriptWorkGivesEachAddressItsOwnJob() {
    // A work source (the share chain's case): each payout script gets a coinbase of its own,
    // made once per round; one address per connection; shares carry their script's work.
    StratumServer* server = startServer(baseOptions());
    const std::string otherAddress =
        chain::encodeAddress(Bytes{0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
                             "bitcoin", chain::Network::Regtest);
    std::atomic<int> made = 0;
    const auto source = [&](const Bytes& script) {
      ++made;
      Work work;
      chain::CoinbaseSpec spec;
      spec.height = 501;
      spec.extranonce1Size = 4;
      spec.extranonce2Size = 4;
      spec.payouts = {{5000000000, script}};
      const chain::Coinbase coinbase = chain::Coinbase::build(spec);
      work.job.coinb1 = coinbase.coinb1();
      work.job.coinb2 = coinbase.coinb2();
      work.job.version = 0x20000000;
      work.job.bits = 0x1d00ffff;
      work.job.time = unixNow();
      work.minTime = work.job.time - 3600;
      work.blockTarget = *targetFromCompact(work.job.bits);
      work.payload = std::make_shared<const Bytes>(script);
      return work;
    };
    onIo([&] { server->setWorkSource(source, true); });
    QCOMPARE(made.load(), 0);  // nobody asked yet

    LineClient first, second, third;
    MinerView firstView, secondView, thirdView;
    QVERIFY(login(first, firstView, *server, "a", "d=" + std::to_string(kEasy)));
    QVERIFY(login(second, secondView, *server, "b", "d=" + std::to_string(kEasy)));  // same address
    QVERIFY(third.connect(server->port()));
    third.sendLine({{"id", "s"}, {"method", "mining.subscribe"}, {"params", {"test/1.0"}}});
    const auto subscribed = third.waitFor("s");
    QVERIFY(subscribed.has_value());
    thirdView.extranonce1 = fromHex((*subscribed)["result"][1].get<std::string>());
    thirdView.extranonce2Size = 4;
    third.sendLine({{"id", "a"}, {"method", "mining.authorize"}, {"params", {otherAddress + ".c", "d=" + std::to_string(kEasy)}}});
    QCOMPARE_JSON(third.waitFor("a").value_or(json())["result"], json(true));
    const auto thirdNotify = third.waitForMethod("mining.notify");
    QVERIFY(thirdNotify.has_value());
    thirdView.notify = (*thirdNotify)["params"];
    QCOMPARE(made.load(), 2);  // one job per script, shared by the two sessions of kAddress
    QCOMPARE_JSON(firstView.notify[0], secondView.notify[0]);
    QVERIFY(thirdView.notify[0] != firstView.notify[0]);
    QVERIFY(thirdView.notify[3] != firstView.notify[3]);  // its own coinb2 (its payout)

    // Another address on a connection that mines for otherAddress is refused.
    third.sendLine({{"id", "w2"}, {"method", "mining.authorize"}, {"params", {std::string(kAddress) + ".d", "x"}}});
    const auto refused = third.waitFor("w2");
    QVERIFY(refused.has_value());
    QVERIFY((*refused)["error"].is_array());

    // A share on that job is accepted and carries that job's work.
    const FoundShare share = solve(thirdView, easyTarget(), 5);
    third.sendLine({{"id", "sub"}, {"method", "mining.submit"}, {"params", submitParams(otherAddress + ".c", share)}});
    QCOMPARE_JSON(third.waitFor("sub").value_or(json())["result"], json(true));
    const AcceptedShare accepted = lastAccepted();
    QCOMPARE(accepted.address, otherAddress);
    QVERIFY(*std::static_pointer_cast<const Bytes>(accepted.work->payload) == accepted.payoutScript);

    // A new round: every script's job is made again, and the old ones are stale.
    onIo([&] { server->setWorkSource(source, true); });
    QVERIFY(first.waitForMethod("mining.notify").has_value());
    QVERIFY(third.waitForMethod("mining.notify").has_value());
    QCOMPARE(made.load(), 4);
  }

  void versionRollingFollowsBip310() {
    LineClient client;
    QVERIFY(client.connect(server_->port()));
    client.sendLine({{"id", 1},
                     {"method", "mining.configure"},
                     {"params", {{"version-rolling", "minimum-difficulty"},
                                 {{"version-rolling.mask", "ffffffff"}, {"version-rolling.min-bit-count", 2}}}}});
    const auto configured = client.waitFor(1);
    QVERIFY(configured.has_value());
    QCOMPARE_JSON((*configured)["result"]["version-rolling"], json(true));
    QCOMPARE_JSON((*configured)["result"]["version-rolling.mask"], json("1fffe000"));  // pool mask AND miner mask
    QCOMPARE_JSON((*configured)["result"]["minimum-difficulty"], json(false));

    MinerView view;
    QVERIFY(loginOn(client, view, "roller", "d=" + std::to_string(kEasy)));  // same connection as configure
    const std::string user = std::string(kAddress) + ".roller";
    const FoundShare rolled = solve(view, easyTarget(), 8, 0x0004a000, 0x1fffe000);
    client.sendLine({{"id", 2}, {"method", "mining.submit"}, {"params", submitParams(user, rolled)}});
    QCOMPARE_JSON(client.waitFor(2).value_or(json())["result"], json(true));
    QCOMPARE(lastAccepted().version & 0x1fffe000, 0x0004a000u);
    FoundShare outside = rolled;
    outside.versionBits = 0x00000001;
    client.sendLine({{"id", 3}, {"method", "mining.submit"}, {"params", submitParams(user, outside)}});
    QCOMPARE_JSON(client.waitFor(3).value_or(json())["error"][1], json("bad version bits"));
  }

  void shareChainSharesAreAnsweredOnlyOnceKept() {
    std::atomic<bool> keep = false;
    std::atomic<int> handedOn = 0;
    StratumServer* server = startServer(baseOptions(), nullptr, [&](const AcceptedShare& share) {
      if (!share.meetsShareChain) return true;
      ++handedOn;
      return keep.load();
    }, easyTarget());
    LineClient client;
    MinerView view;
    QVERIFY(login(client, view, *server, "keeper", "d=" + std::to_string(kEasy)));
    const std::string user = std::string(kAddress) + ".keeper";

    const FoundShare lost = solve(view, easyTarget(), 31);
    client.sendLine({{"id", 40}, {"method", "mining.submit"}, {"params", submitParams(user, lost)}});
    const auto refused = client.waitFor(40);
    QVERIFY(refused.has_value());
    QCOMPARE_JSON((*refused)["result"], json(nullptr));
    QVERIFY2((*refused)["error"].dump().find("could not record") != std::string::npos, refused->dump().c_str());
    QCOMPARE(handedOn.load(), 1);

    keep = true;
    const FoundShare kept = solve(view, easyTarget(), 32);
    client.sendLine({{"id", 41}, {"method", "mining.submit"}, {"params", submitParams(user, kept)}});
    const auto accepted = client.waitFor(41);
    QVERIFY(accepted.has_value());
    QCOMPARE_JSON((*accepted)["result"], json(true));
    QCOMPARE(handedOn.load(), 2);  // the share was handed on (and kept) before the answer was written
    const auto stats = workerStats(kAddress, "keeper");
    QVERIFY(stats.has_value());
    QCOMPARE(stats->accepted, std::uint64_t{1});  // the unrecorded share is not counted
  }

  void suggestDifficultyExtranonceAndResume() {
    LineClient client;
    MinerView view;
    QVERIFY(login(client, view, *server_, "suggest", "x"));
    client.sendLine({{"id", 20}, {"method", "mining.suggest_difficulty"}, {"params", {0.5}}});
    QCOMPARE_JSON(client.waitFor(20).value_or(json())["result"], json(true));
    const auto difficulty = client.waitForMethod("mining.set_difficulty");
    QVERIFY(difficulty.has_value());
    QCOMPARE((*difficulty)["params"][0].get<double>(), 0.5);

    client.sendLine({{"id", 21}, {"method", "mining.extranonce.subscribe"}, {"params", json::array()}});
    QCOMPARE_JSON(client.waitFor(21).value_or(json())["result"], json(true));
    onIo([&] { server_->reassignExtranonces(); });
    const auto changed = client.waitForMethod("mining.set_extranonce");
    QVERIFY(changed.has_value());
    QVERIFY((*changed)["params"][0].get<std::string>() != toHex(view.extranonce1));
    QCOMPARE((*changed)["params"][1].get<int>(), 4);

    // A miner that reconnects with its subscription id gets its extranonce1 back.
    const std::string mine = (*changed)["params"][0].get<std::string>();
    client.close();
    QTRY_VERIFY(sessionCount(*server_) <= 3);
    LineClient again;
    QVERIFY(again.connect(server_->port()));
    again.sendLine({{"id", 1}, {"method", "mining.subscribe"}, {"params", {"test/1.0", mine}}});
    QCOMPARE_JSON(again.waitFor(1).value_or(json())["result"][1], json(mine));
  }

  void hostileClientsDoNotHurtAnHonestMiner() {
    ServerOptions options = baseOptions();
    options.ipGuard.exemptLoopback = false;  // every 127.0.0.x counts as its own host here
    options.ipGuard.banThreshold = 100;
    options.maxLineBytes = 4096;
    StratumServer& server = *startServer(options);

    LineClient honest;
    MinerView view;
    QVERIFY(login(honest, view, server, "honest", "d=" + std::to_string(kEasy)));
    const std::string user = std::string(kAddress) + ".honest";
    int honestId = 0;
    auto honestMines = [&] {
      const FoundShare share = solve(view, easyTarget(), 1000 + std::uint32_t(honestId));
      honest.sendLine({{"id", ++honestId}, {"method", "mining.submit"}, {"params", submitParams(user, share)}});
      return honest.waitFor(honestId).value_or(json())["result"] == json(true);
    };

    // An overlong line: an error, then the connection is closed.
    LineClient longLine;
    QVERIFY(longLine.connect(server.port(), std::chrono::seconds(5), "127.0.0.2"));
    longLine.sendRaw(std::string(8192, 'a'));
    QVERIFY(longLine.waitClosed());
    QVERIFY(honestMines());

    // Junk: invalid JSON, binary garbage, unknown methods — each answered, the session stays.
    LineClient junk;
    QVERIFY(junk.connect(server.port(), std::chrono::seconds(5), "127.0.0.3"));
    junk.sendRaw("{not json\n");
    QCOMPARE_JSON(junk.readJson().value_or(json())["error"][0], json(20));
    const char garbage[] = "\x00\x01\xff\xfe garbage \x7f\n";
    junk.sendRaw(std::string(garbage, sizeof garbage - 1));
    QCOMPARE_JSON(junk.readJson().value_or(json())["error"][0], json(20));
    junk.sendLine({{"id", "x"}, {"method", "mining.teleport"}, {"params", json::array()}});
    QCOMPARE_JSON(junk.waitFor("x").value_or(json())["error"][1], json("unknown method 'mining.teleport'"));
    QVERIFY(honestMines());

    // More junk than the ban threshold: banned, and a new connection from there is refused.
    for (int i = 0; i < 10; ++i) junk.sendRaw("][\n");
    QVERIFY(junk.waitClosed());
    QTRY_VERIFY(!bans(server).empty());
    LineClient again;
    QVERIFY(again.connect(server.port(), std::chrono::seconds(5), "127.0.0.3"));
    QVERIFY(again.waitClosed());
    QVERIFY(honestMines());

    // A flood of submits for unknown jobs: answered until the ban, and the honest miner goes on.
    LineClient flood;
    QVERIFY(flood.connect(server.port(), std::chrono::seconds(5), "127.0.0.4"));
    MinerView floodView;
    QVERIFY(loginOn(flood, floodView, "flooder", "x"));
    std::string burst;
    for (int i = 0; i < 5000; ++i) {
      burst += json{{"id", i}, {"method", "mining.submit"},
                    {"params", {std::string(kAddress) + ".flooder", "ffff", "00000000", "00000000", "00000000"}}}
                   .dump() +
               "\n";
    }
    flood.sendRaw(burst);
    QVERIFY(flood.waitClosed());
    QVERIFY(honestMines());
    QVERIFY(bans(server).size() >= 2);
    onIo([&] { server.unban("127.0.0.3"); });
    QTRY_COMPARE(bans(server).size(), std::size_t{1});
  }

  void connectionCapsTimeoutsAndIdleSockets() {
    ServerOptions options = baseOptions();
    options.ipGuard.exemptLoopback = false;
    options.ipGuard.maxConnectionsPerIp = 1200;
    options.ipGuard.connectionsPerMinute = 5000;
    options.loginTimeout = std::chrono::seconds(3);
    StratumServer& server = *startServer(options);

    LineClient honest;
    MinerView view;
    QVERIFY(login(honest, view, server, "steady", "d=" + std::to_string(kEasy)));

    // A thousand sockets that never log in: accepted, then closed at the login deadline.
    std::vector<LineClient> idle(1000);
    for (auto& socket : idle) QVERIFY(socket.connect(server.port(), std::chrono::seconds(5), "127.0.0.5"));
    QTRY_VERIFY_WITH_TIMEOUT(sessionCount(server) >= 1001, 20000);
    const FoundShare share = solve(view, easyTarget(), 77);
    honest.sendLine({{"id", 1}, {"method", "mining.submit"}, {"params", submitParams(std::string(kAddress) + ".steady", share)}});
    QCOMPARE_JSON(honest.waitFor(1).value_or(json())["result"], json(true));
    QTRY_VERIFY_WITH_TIMEOUT(sessionCount(server) == 1, 20000);
    for (auto& socket : idle) QVERIFY(socket.waitClosed(std::chrono::seconds(5)));

    // The per-IP cap: beyond it, connections are closed at once.
    ServerOptions capped = baseOptions();
    capped.ipGuard.exemptLoopback = false;
    capped.ipGuard.maxConnectionsPerIp = 5;
    StratumServer& small = *startServer(capped);
    std::vector<LineClient> five(5);
    for (auto& socket : five) QVERIFY(socket.connect(small.port(), std::chrono::seconds(5), "127.0.0.6"));
    QTRY_COMPARE(sessionCount(small), std::size_t{5});
    LineClient sixth;
    QVERIFY(sixth.connect(small.port(), std::chrono::seconds(5), "127.0.0.6"));
    QVERIFY(sixth.waitClosed());
  }

  void slowReaderIsDropped() {
    ServerOptions options = baseOptions();
    options.maxSendQueueBytes = 256 * 1024;
    StratumServer& server = *startServer(options);
    LineClient slow, honest;
    MinerView slowView, honestView;
    QVERIFY(login(slow, slowView, server, "slow", "x"));
    QVERIFY(login(honest, honestView, server, "reader", "x"));
    // Jobs until the slow reader's queue overflows (the kernel's socket buffers fill first).
    std::jthread drain([&](std::stop_token stop) {
      while (!stop.stop_requested()) honest.readLine(std::chrono::milliseconds(100));
    });
    for (int i = 0; i < 3000 && sessionCount(server) == 2; ++i) setWork(server, false, 8 * 1024);
    QTRY_COMPARE_WITH_TIMEOUT(sessionCount(server), std::size_t{1}, 20000);
    drain.request_stop();
    QVERIFY(slow.waitClosed());
  }

  void ourCpuMinerMinesAgainstTheServer_data() {
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("sha256d, checked on the network thread") << "sha256d";
    QTest::newRow("scrypt, checked on the worker pool") << "scrypt";
  }

  void ourCpuMinerMinesAgainstTheServer() {
    QFETCH(QString, algorithm);
    const bool scrypt = algorithm == "scrypt";
    // Difficulties that are powers of two, so the targets below are exact.
    const double difficulty = scrypt ? 1.0 / 1024 : kEasy;
    const UInt256 target = scrypt ? UInt256(0xffff) << (224 + 10) : easyTarget();
    std::unique_ptr<pow::Algorithm> pow;
    StratumServer* server = nullptr;
    std::string address = kAddress;
    if (scrypt) {
      address = "rltc1qaq8t3pakcftpk095tnqfv5cmmczysls05c8zyn";
      pow = pow::AlgorithmRegistry::builtin().create("scrypt");
      ServerOptions options = baseOptions();
      options.coin = "litecoin";
      options.difficultyFamily = DifficultyFamily::ScryptStratum;
      options.validationThreads = 1;
      server = startServer(options, pow.get());
    } else {
      server = server_;
    }

    std::mutex mutex;
    std::vector<miner::ShareResult> answers;
    miner::CpuMinerOptions minerOptions;
    minerOptions.port = server->port();
    minerOptions.user = address + ".cpu";
    minerOptions.password = "d=" + std::to_string(difficulty);
    minerOptions.algorithm = algorithm.toStdString();
    minerOptions.threads = 1;
    minerOptions.versionRolling = true;
    miner::CpuMinerEvents events;
    events.onShare = [&](const miner::ShareResult& share) {
      std::lock_guard lock(mutex);
      answers.push_back(share);
    };
    auto cpuMiner = std::make_unique<miner::CpuMiner>(io_, minerOptions, events);
    onIo([&] { cpuMiner->start(); });
    auto acceptedSoFar = [&] {
      std::lock_guard lock(mutex);
      return std::count_if(answers.begin(), answers.end(), [](const auto& a) { return a.accepted; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(acceptedSoFar() >= 8, 60000);
    cpuMiner->stop();

    std::lock_guard lock(mutex);
    for (const miner::ShareResult& share : answers) {
      QVERIFY2(share.accepted, share.reason.c_str());
      // Rebuilt here from the miner's submission alone: coinbase, merkle root, header, hash.
      Bytes coinbase = share.job.coinb1;
      coinbase.insert(coinbase.end(), share.extranonce1.begin(), share.extranonce1.end());
      coinbase.insert(coinbase.end(), share.extranonce2.begin(), share.extranonce2.end());
      coinbase.insert(coinbase.end(), share.job.coinb2.begin(), share.job.coinb2.end());
      Hash32 root = crypto::sha256d(coinbase);
      for (const Hash32& sibling : share.job.merkleBranch) {
        Bytes pair(root.begin(), root.end());
        pair.insert(pair.end(), sibling.begin(), sibling.end());
        root = crypto::sha256d(pair);
      }
      ByteWriter header(80);
      header.u32le(share.version);
      header.bytes(share.job.previousBlockHash);
      header.bytes(root);
      header.u32le(share.ntime);
      header.u32le(share.job.bits);
      header.u32le(share.nonce);
      const Hash32 hash = scrypt ? crypto::scryptLitecoin(header.data()) : crypto::sha256d(header.data());
      QVERIFY(UInt256::fromLittleEndian(hash) <= target);
    }
    const auto stats = workerStats(address, "cpu");
    QVERIFY(stats.has_value());
    QVERIFY(stats->accepted >= 8);
    QVERIFY(stats->rejected.empty());
  }

  void thirdPartyStratumClient() {
    // stratum-client@1.1.0 from the npm registry (installed by installer/setup-deps.sh --with-tests).
    const QString clients = OTEDAMA_SOURCE_DIR "/tests/clients";
    QVERIFY2(QFile::exists(clients + "/node_modules/stratum-client/package.json"),
             "stratum-client is not installed: run installer/setup-deps.sh --with-tests");
    QProcess node;
    node.setWorkingDirectory(clients);
    node.start("node", {"stratum_client_check.js", QString::number(server_->port()), QString(kAddress) + ".npm"});
    QVERIFY2(node.waitForFinished(60000), "the npm client did not finish");
    const QString out = QString::fromUtf8(node.readAllStandardOutput());
    QVERIFY2(node.exitCode() == 0, qPrintable(out + node.readAllStandardError()));
    std::map<std::string, json> events;
    for (const QString& line : out.split('\n', Qt::SkipEmptyParts)) {
      const json message = json::parse(line.toStdString(), nullptr, false);
      if (message.contains("event")) events[message["event"].get<std::string>()] = message["data"];
    }
    QVERIFY(events.contains("subscribe"));
    QCOMPARE(events["subscribe"]["extraNonce2Size"].get<int>(), 4);
    QVERIFY(events.contains("authorize"));
    QVERIFY(events.contains("difficulty"));
    QVERIFY(events.contains("work"));
    // Its zero-nonce share is almost surely too weak, and the answer says so.
    QVERIFY(events.contains("submitAnswer"));
    const json answer = events["submitAnswer"];
    if (!answer["accepted"].get<bool>()) QCOMPARE_JSON(answer["error"][1], json("low difficulty"));
  }

  void tlsMinerConnectsAndMines() {
    QTemporaryDir dir;
    const std::filesystem::path cert = dir.filePath("stratum.crt").toStdString();
    const std::filesystem::path key = dir.filePath("stratum.key").toStdString();
    QVERIFY(ensureSelfSignedIdentity(cert, key, "otedama-test"));
    QVERIFY(!ensureSelfSignedIdentity(cert, key, "otedama-test"));  // kept, not overwritten
    QVERIFY((std::filesystem::status(key).permissions() & std::filesystem::perms::group_read) ==
            std::filesystem::perms::none);  // the key is private
    ServerOptions options = baseOptions();
    options.tls = TlsOptions{0, cert, key};
    StratumServer& server = *startServer(options);
    QVERIFY(server.tlsPort() != 0);

    namespace asio = boost::asio;
    asio::io_context clientIo;
    asio::ssl::context context(asio::ssl::context::tls_client);
    context.load_verify_file(cert.string());  // trust exactly this self-signed certificate
    context.set_verify_mode(asio::ssl::verify_peer);
    asio::ssl::stream<asio::ip::tcp::socket> stream(clientIo, context);
    stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), server.tlsPort()});
    stream.handshake(asio::ssl::stream_base::client);
    std::string buffer;
    auto sendLine = [&](const json& message) { asio::write(stream, asio::buffer(message.dump() + "\n")); };
    auto readUntil = [&](auto predicate) {
      for (;;) {
        const std::size_t n = asio::read_until(stream, asio::dynamic_buffer(buffer), '\n');
        json message = json::parse(buffer.substr(0, n - 1));
        buffer.erase(0, n);
        if (predicate(message)) return message;
      }
    };
    sendLine({{"id", 1}, {"method", "mining.subscribe"}, {"params", json::array()}});
    MinerView view;
    const json subscribed = readUntil([](const json& m) { return m.value("id", json()) == json(1); });
    view.extranonce1 = fromHex(subscribed["result"][1].get<std::string>());
    view.extranonce2Size = subscribed["result"][2].get<std::size_t>();
    sendLine({{"id", 2}, {"method", "mining.authorize"}, {"params", {std::string(kAddress) + ".tls", "d=" + std::to_string(kEasy)}}});
    view.notify = readUntil([](const json& m) { return m.value("method", "") == "mining.notify"; })["params"];
    const FoundShare share = solve(view, easyTarget(), 9);
    sendLine({{"id", 3}, {"method", "mining.submit"}, {"params", submitParams(std::string(kAddress) + ".tls", share)}});
    const json answer = readUntil([](const json& m) { return m.value("id", json()) == json(3); });
    QCOMPARE_JSON(answer["result"], json(true));
  }

 private:
  ServerOptions baseOptions() const {
    ServerOptions options;
    options.bindAddress = "127.0.0.1";
    options.port = 0;
    options.coin = "bitcoin";
    options.network = chain::Network::Regtest;
    options.difficultyFamily = DifficultyFamily::Bitcoin;
    options.vardiff.startDifficulty = 1;
    options.vardiff.minDifficulty = 1e-6;
    return options;
  }

  template <typename F>
  void onIo(F&& f) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

  StratumServer* startServer(ServerOptions options, const pow::Algorithm* algorithm = nullptr,
                             std::function<bool(const AcceptedShare&)> onShare = {},
                             std::optional<UInt256> shareTarget = std::nullopt) {
    if (algorithm == nullptr) algorithm = sha256d_.get();
    StratumServer* created = nullptr;
    onIo([&] {
      ServerEvents events;
      events.onShare = onShare;
      events.onAccepted = [this](const AcceptedShare& share) {
        std::lock_guard lock(mutex_);
        accepted_.push_back(share);
      };
      servers_.push_back(std::make_unique<StratumServer>(io_, options, *algorithm, events));
      created = servers_.back().get();
      created->start();
    });
    setWork(*created, true, 0, shareTarget);
    return created;
  }

  void setWork(StratumServer& server, bool clean, std::size_t padding = 0,
               std::optional<UInt256> shareTarget = std::nullopt) {
    static std::mt19937_64 random(11);
    Work work;
    chain::CoinbaseSpec spec;
    spec.height = 500;
    spec.extranonce1Size = 4;
    spec.extranonce2Size = 4;
    spec.payouts = {{5000000000, chain::decodeAddress(kAddress, "bitcoin", chain::Network::Regtest).script}};
    if (padding != 0) spec.payouts.push_back({0, Bytes(padding, 0x6a)});  // makes big notify lines
    const chain::Coinbase coinbase = chain::Coinbase::build(spec);
    work.job.coinb1 = coinbase.coinb1();
    work.job.coinb2 = coinbase.coinb2();
    std::vector<Hash32> txids(3);
    for (auto& txid : txids) {
      for (auto& b : txid) b = std::uint8_t(random());
    }
    work.job.merkleBranch = chain::coinbaseMerkleBranch(txids);
    for (auto& b : work.job.previousBlockHash) b = std::uint8_t(random());
    work.job.version = 0x20000000;
    work.job.bits = 0x1d00ffff;  // shares are no blocks here
    work.job.time = unixNow();
    work.job.cleanJobs = clean;
    work.minTime = work.job.time - 3600;
    work.blockTarget = *targetFromCompact(work.job.bits);
    work.shareTarget = shareTarget;
    onIo([&] { server.setWork(work); });
  }

  bool login(LineClient& client, MinerView& view, StratumServer& server, const std::string& worker,
             const std::string& password) {
    return client.connect(server.port()) && loginOn(client, view, worker, password);
  }

  bool loginOn(LineClient& client, MinerView& view, const std::string& worker, const std::string& password) {
    client.sendLine({{"id", "s"}, {"method", "mining.subscribe"}, {"params", {"test/1.0"}}});
    const auto subscribed = client.waitFor("s");
    if (!subscribed) return false;
    view.extranonce1 = fromHex((*subscribed)["result"][1].get<std::string>());
    view.extranonce2Size = (*subscribed)["result"][2].get<std::size_t>();
    client.sendLine({{"id", "a"}, {"method", "mining.authorize"}, {"params", {std::string(kAddress) + "." + worker, password}}});
    if (client.waitFor("a").value_or(json())["result"] != json(true)) return false;
    const auto notify = client.waitForMethod("mining.notify");
    if (!notify) return false;
    view.notify = (*notify)["params"];
    return true;
  }

  std::size_t acceptedCount() {
    std::lock_guard lock(mutex_);
    return accepted_.size();
  }
  AcceptedShare lastAccepted() {
    std::lock_guard lock(mutex_);
    return accepted_.back();
  }
  std::size_t sessionCount(StratumServer& server) {
    std::size_t count = 0;
    onIo([&] { count = server.sessionCount(); });
    return count;
  }
  std::vector<BanInfo> bans(StratumServer& server) {
    std::vector<BanInfo> out;
    onIo([&] { out = server.bans(); });
    return out;
  }
  std::optional<WorkerStats> workerStats(const std::string& address, const std::string& worker) {
    std::vector<WorkerStats> all;
    onIo([&] {
      for (auto& server : servers_) {
        auto stats = server->workerStats();
        all.insert(all.end(), stats.begin(), stats.end());
      }
    });
    for (const WorkerStats& s : all) {
      if (s.address == address && s.worker == worker) return s;
    }
    return std::nullopt;
  }

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(io_)};
  std::thread ioThread_;
  std::unique_ptr<pow::Algorithm> sha256d_;
  std::vector<std::unique_ptr<StratumServer>> servers_;
  StratumServer* server_ = nullptr;
  std::mutex mutex_;
  std::vector<AcceptedShare> accepted_;
};

QTEST_GUILESS_MAIN(TestStratumServer)
#include "test_stratum_server.moc"
