// The API's answers without a socket: every endpoint's fields and values from a hand-filled
// snapshot, the error answers (404, 405 with Allow, 400 for bad queries, 503 when the snapshot
// fails), the query decoding, and the /metrics text's values and escaping.
#include <QTest>

#include <cmath>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "api/api_json.hpp"
#include "api/api_routes.hpp"
#include "api/prometheus_text.hpp"
#include "api_sample_snapshot.hpp"

using namespace otedama;
using nlohmann::json;

namespace {

struct Source {
  int calls = 0;
  bool fail = false;
  node::NodeSnapshot snapshot = test::sampleSnapshot();
  std::function<node::NodeSnapshot()> function() {
    return [this] {
      ++calls;
      if (fail) throw std::runtime_error("engine busy");
      return snapshot;
    };
  }
};

api::HttpAnswer get(Source& source, std::string_view target, std::string_view method = "GET",
                    const api::ApiCounters& counters = {}) {
  return api::route(method, target, source.function(), counters);
}

json body(const api::HttpAnswer& answer) { return json::parse(answer.body); }

std::string header(const api::HttpAnswer& answer, const std::string& name) {
  for (const auto& [key, value] : answer.headers) {
    if (key == name) return value;
  }
  return {};
}

void checkError(const api::HttpAnswer& answer, unsigned status) {
  QCOMPARE(answer.status, status);
  QCOMPARE(answer.contentType, std::string(api::kJsonContentType));
  const json document = body(answer);
  QCOMPARE(document["error"]["status"].get<unsigned>(), status);
  QVERIFY(!document["error"]["message"].get<std::string>().empty());
}

}  // namespace

// The helper's QVERIFYs return from the helper only: stop the test function too.
#define CHECK_ERROR(answer, status)                 \
  do {                                              \
    checkError(answer, status);                     \
    if (QTest::currentTestFailed()) return;         \
  } while (false)

class ApiRoutesTest : public QObject {
  Q_OBJECT

 private slots:
  void statsHasEveryDocumentedField() {
    Source source;
    const api::HttpAnswer answer = get(source, "/api/stats");
    QCOMPARE(answer.status, 200u);
    QCOMPARE(answer.contentType, std::string("application/json; charset=utf-8"));
    const json s = body(answer);
    QCOMPARE(s["poolName"].get<std::string>(), std::string(test::kPoolName));
    QCOMPARE(s["version"].get<std::string>(), std::string("0.1.0-test"));
    QCOMPARE(s["nodeId"].get<std::string>(), source.snapshot.nodeId);
    QCOMPARE(s["chain"].get<std::string>(), std::string("litecoin"));
    QCOMPARE(s["network"].get<std::string>(), std::string("regtest"));
    QCOMPARE(s["algorithm"].get<std::string>(), std::string("scrypt"));
    QCOMPARE(s["running"].get<bool>(), true);
    QCOMPARE(s["uptime"].get<std::int64_t>(), std::int64_t{3600});
    QCOMPARE(s["poolHashrate"].get<double>(), 1.5e6);
    QCOMPARE(s["localHashrate"].get<double>(), 250000.5);
    QCOMPARE(s["miners"].get<int>(), 2);
    QCOMPARE(s["workers"].get<int>(), 3);
    QCOMPARE(s["peers"].get<int>(), 2);
    QCOMPARE(s["blocksFound"].get<int>(), 2);
    QCOMPARE(s["sharesAccepted"].get<int>(), 100);
    QCOMPARE(s["sharesRejected"].get<int>(), 7);
    const json& chain = s["sharechain"];
    QCOMPARE(chain["height"].get<int>(), 1234);
    QCOMPARE(chain["tip"].get<std::string>(), std::string(64, 'c'));
    QCOMPARE(chain["windowSize"].get<int>(), 2160);
    QCOMPARE(chain["windowShares"].get<int>(), 3);
    QCOMPARE(chain["shareDifficulty"].get<double>(), 0.015625);
    QCOMPARE(chain["targetShareTime"].get<int>(), 10);
    QCOMPARE(chain["orphans"].get<int>(), 2);
    QCOMPARE(chain["reorgs"].get<int>(), 5);
    QCOMPARE(chain["consensusId"].get<std::string>(), std::string(64, 'd'));
    QCOMPARE(chain["ok"].get<bool>(), true);
    QCOMPARE(chain["detail"].get<std::string>(), std::string());
    const json& parent = s["parentChain"];
    QCOMPARE(parent["height"].get<int>(), 201);
    QCOMPARE(parent["bestHash"].get<std::string>(), std::string(64, 'b'));
    QCOMPARE(parent["difficulty"].get<double>(), 0.5);
    QCOMPARE(parent["blockReward"].get<std::int64_t>(), std::int64_t{625000000});
    QCOMPARE(parent["lastTemplateAt"].get<std::int64_t>(), source.snapshot.time - 5);
    QCOMPARE(parent["ok"].get<bool>(), true);
    QVERIFY(parent.contains("detail"));
    QCOMPARE(s["stratum"]["port"].get<int>(), 3333);
    QCOMPARE(s["stratum"]["sessions"].get<int>(), 4);
    QCOMPARE(s["stratum"]["ok"].get<bool>(), true);
    QVERIFY(s["stratum"].contains("detail"));
    QCOMPARE(s["p2p"]["port"].get<int>(), 9338);
    QCOMPARE(s["p2p"]["peers"].get<int>(), 2);
    QCOMPARE(s["p2p"]["ok"].get<bool>(), false);
    QCOMPARE(s["p2p"]["detail"].get<std::string>(), std::string("no peer reachable"));
    QCOMPARE(source.calls, 1);
  }

  void uptimeIsZeroWhenNotRunning() {
    node::NodeSnapshot stopped = test::sampleSnapshot();
    stopped.running = false;
    QCOMPARE(api::uptimeSeconds(stopped), std::int64_t{0});
    stopped.running = true;
    stopped.startedAt = stopped.time + 10;  // a clock that went backwards
    QCOMPARE(api::uptimeSeconds(stopped), std::int64_t{0});
  }

  void minersWithWorkers() {
    Source source;
    const json document = body(get(source, "/api/miners"));
    const json& miners = document["miners"];
    QCOMPARE(miners.size(), std::size_t{2});
    const json& alice = miners[0];
    QCOMPARE(alice["address"].get<std::string>(), std::string(test::kAlice));
    QCOMPARE(alice["hashrate"].get<double>(), 200000.0);
    QCOMPARE(alice["hashrate1h"].get<double>(), 190000.0);
    QCOMPARE(alice["hashrate24h"].get<double>(), 180000.0);
    QCOMPARE(alice["accepted"].get<int>(), 80);
    QCOMPARE(alice["rejected"].get<int>(), 5);
    QCOMPARE(alice["lastShare"].get<std::int64_t>(), source.snapshot.time - 3);
    QCOMPARE(alice["windowWeight"].get<std::string>(), std::string(test::kBigWeight));
    QCOMPARE(alice["estimatedPayout"].get<std::int64_t>(), std::int64_t{400000000});
    QCOMPARE(alice["workers"].size(), std::size_t{2});
    const json& rig1 = alice["workers"][0];
    QCOMPARE(rig1["name"].get<std::string>(), std::string("rig1"));
    QCOMPARE(rig1["hashrate"].get<double>(), 150000.0);
    QCOMPARE(rig1["difficulty"].get<double>(), 0.03125);
    QCOMPARE(rig1["accepted"].get<int>(), 60);
    QCOMPARE(rig1["rejected"]["low difficulty"].get<int>(), 3);
    QCOMPARE(rig1["rejected"]["stale"].get<int>(), 1);
    QCOMPARE(rig1["lastShare"].get<std::int64_t>(), source.snapshot.time - 3);
    QCOMPARE(rig1["connections"].get<int>(), 2);
    // A name that is not UTF-8 is answered with U+FFFD instead of failing the whole request.
    QCOMPARE(alice["workers"][1]["name"].get<std::string>(), std::string("rig\xEF\xBF\xBD"));
    const json& bob = miners[1];
    QCOMPARE(bob["workers"][0]["name"].get<std::string>(), std::string());
    QVERIFY(bob["workers"][0]["rejected"].is_object());
    QVERIFY(bob["workers"][0]["rejected"].empty());
  }

  void blocksWithPayouts() {
    Source source;
    const json blocks = body(get(source, "/api/blocks"))["blocks"];
    QCOMPARE(blocks.size(), std::size_t{2});
    QCOMPARE(blocks[0]["height"].get<int>(), 200);
    QCOMPARE(blocks[0]["hash"].get<std::string>(), std::string(64, '9'));
    QCOMPARE(blocks[0]["shareId"].get<std::string>(), std::string(64, '3'));
    QCOMPARE(blocks[0]["status"].get<std::string>(), std::string("pending"));
    QCOMPARE(blocks[0]["confirmations"].get<int>(), 1);
    QCOMPARE(blocks[0]["foundAt"].get<std::int64_t>(), source.snapshot.time - 3);
    QCOMPARE(blocks[0]["reward"].get<std::int64_t>(), std::int64_t{625000000});
    QCOMPARE(blocks[0]["local"].get<bool>(), true);
    QCOMPARE(blocks[0]["payouts"].size(), std::size_t{3});
    QCOMPARE(blocks[0]["payouts"][1]["address"].get<std::string>(), std::string(test::kBob));
    QCOMPARE(blocks[0]["payouts"][1]["amount"].get<std::int64_t>(), std::int64_t{118750000});
    QCOMPARE(blocks[1]["status"].get<std::string>(), std::string("confirmed"));
    QCOMPARE(blocks[1]["local"].get<bool>(), false);
  }

  void paymentsAndTheAddressFilter() {
    Source source;
    const json all = body(get(source, "/api/payments"))["payments"];
    QCOMPARE(all.size(), std::size_t{4});
    QCOMPARE(all[0]["address"].get<std::string>(), std::string(test::kAlice));
    QCOMPARE(all[0]["amount"].get<std::int64_t>(), std::int64_t{500000000});
    QCOMPARE(all[0]["blockHeight"].get<int>(), 200);
    QCOMPARE(all[0]["blockHash"].get<std::string>(), std::string(64, '9'));
    QCOMPARE(all[0]["status"].get<std::string>(), std::string("pending"));
    QCOMPARE(all[0]["time"].get<std::int64_t>(), source.snapshot.time - 3);

    const json bobs = body(get(source, std::string("/api/payments?address=") + test::kBob))["payments"];
    QCOMPARE(bobs.size(), std::size_t{2});
    for (const json& payment : bobs) QCOMPARE(payment["address"].get<std::string>(), std::string(test::kBob));
    // Percent-encoded and with other parameters around it.
    std::string encoded = std::string("/api/payments?x=1&address=") + test::kAlice;
    encoded.replace(encoded.find("alice"), 1, "%61");
    QCOMPARE(body(get(source, encoded))["payments"].size(), std::size_t{2});
    QCOMPARE(body(get(source, "/api/payments?address=nobody"))["payments"].size(), std::size_t{0});

    const int before = source.calls;
    CHECK_ERROR(get(source, "/api/payments?address=" + std::string(129, 'a')), 400);
    QCOMPARE(get(source, "/api/payments?address=" + std::string(128, 'a')).status, 200u);
    CHECK_ERROR(get(source, "/api/payments?address=ltc1%0Aq"), 400);
    CHECK_ERROR(get(source, "/api/payments?address=ltc1%FFq"), 400);
    CHECK_ERROR(get(source, "/api/payments?address=a+b"), 400);
    CHECK_ERROR(get(source, "/api/payments?address=%zz"), 400);
    CHECK_ERROR(get(source, "/api/payments?address=%4"), 400);
    CHECK_ERROR(get(source, "/api/payments?address="), 400);
    CHECK_ERROR(get(source, "/api/payments?address=a&address=b"), 400);
    QCOMPARE(source.calls, before + 1);  // refused queries never ask for a snapshot
  }

  void peersWithUnknownLatency() {
    Source source;
    const json peers = body(get(source, "/api/peers"))["peers"];
    QCOMPARE(peers.size(), std::size_t{2});
    const json& near = peers[0];
    QCOMPARE(near["nodeId"].get<std::string>(), std::string(64, 'e'));
    QCOMPARE(near["endpoint"].get<std::string>(), std::string("192.0.2.10:9338"));
    QCOMPARE(near["direction"].get<std::string>(), std::string("outbound"));
    QCOMPARE(near["latencyMs"].get<double>(), 12.5);
    QCOMPARE(near["reputation"].get<double>(), 0.75);
    QCOMPARE(near["score"].get<int>(), 3);
    QCOMPARE(near["software"].get<std::string>(), std::string("otedama/0.1.0"));
    QCOMPARE(near["tipHeight"].get<int>(), 1234);
    QCOMPARE(near["connectedSeconds"].get<int>(), 600);
    QCOMPARE(near["sharesReceived"].get<int>(), 40);
    QCOMPARE(near["sharesRelayed"].get<int>(), 38);
    QCOMPARE(near["bytesIn"].get<int>(), 123456);
    QCOMPARE(near["bytesOut"].get<int>(), 654321);
    QCOMPARE(near["syncing"].get<bool>(), false);
    QVERIFY(peers[1]["latencyMs"].is_null());
    QCOMPARE(peers[1]["syncing"].get<bool>(), true);
  }

  void peersListTheBansInForce() {
    Source source;
    const json bans = body(get(source, "/api/peers"))["bans"];
    QCOMPARE(bans.size(), std::size_t{2});
    QCOMPARE(bans[0].size(), std::size_t{4});
    QCOMPARE(bans[0]["subject"].get<std::string>(), std::string(64, 'd'));
    QCOMPARE(bans[0]["reason"].get<std::string>(), std::string("banned by this node's owner"));
    QCOMPARE(bans[0]["since"].get<std::int64_t>(), source.snapshot.time - 60);
    QCOMPARE(bans[0]["until"].get<std::int64_t>(), source.snapshot.time + 3540);
    QCOMPARE(bans[1]["subject"].get<std::string>(), std::string("2001:db8:1:2::/64"));
    source.snapshot.bans.clear();
    QVERIFY(body(get(source, "/api/peers"))["bans"].is_array());
    QVERIFY(body(get(source, "/api/peers"))["bans"].empty());
  }

  void sharechainNewestFirstWithExactWeights() {
    Source source;
    const json document = body(get(source, "/api/sharechain"));
    QCOMPARE(document["height"].get<int>(), 1234);
    QCOMPARE(document["tip"].get<std::string>(), std::string(64, 'c'));
    QCOMPARE(document["windowSize"].get<int>(), 2160);
    const json& shares = document["shares"];
    QCOMPARE(shares.size(), std::size_t{3});
    QCOMPARE(shares[0]["id"].get<std::string>(), std::string(64, '3'));
    QCOMPARE(shares[0]["height"].get<int>(), 1234);
    QCOMPARE(shares[0]["miner"].get<std::string>(), std::string(test::kAlice));
    QVERIFY(shares[0]["weight"].is_string());
    QCOMPARE(shares[0]["weight"].get<std::string>(), std::string(test::kBigWeight));
    QCOMPARE(shares[0]["timestamp"].get<std::int64_t>(), source.snapshot.time - 3);
    QCOMPARE(shares[0]["isBlock"].get<bool>(), true);
    QCOMPARE(shares[0]["local"].get<bool>(), true);
    QCOMPARE(shares[0]["credits"].size(), std::size_t{2});
    QCOMPARE(shares[0]["credits"][0]["address"].get<std::string>(), std::string(test::kAlice));
    QCOMPARE(shares[0]["credits"][0]["weight"].get<std::string>(), std::string("340282366920938463463374607431768211000"));
    QCOMPARE(shares[1]["height"].get<int>(), 1233);
    QCOMPARE(shares[2]["height"].get<int>(), 1232);
  }

  void indexNeedsNoSnapshot() {
    Source source;
    source.fail = true;
    const api::HttpAnswer answer = get(source, "/");
    QCOMPARE(answer.status, 200u);
    const json endpoints = body(answer)["endpoints"];
    QVERIFY(endpoints.size() >= 7);
    QCOMPARE(source.calls, 0);
  }

  void errorsAreJson() {
    Source source;
    CHECK_ERROR(get(source, "/nope"), 404);
    CHECK_ERROR(get(source, "/api/stats/"), 404);
    CHECK_ERROR(get(source, "/API/STATS"), 404);
    for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "get"}) {
      const api::HttpAnswer answer = get(source, "/api/stats", method);
      CHECK_ERROR(answer, 405);
      QCOMPARE(header(answer, "Allow"), std::string("GET, HEAD"));
    }
    CHECK_ERROR(get(source, "http://example.org/api/stats"), 400);
    CHECK_ERROR(get(source, "*"), 400);
    QCOMPARE(source.calls, 0);
    // HEAD answers like GET (the server drops the body).
    const api::HttpAnswer head = get(source, "/api/stats", "HEAD");
    QCOMPARE(head.status, 200u);
    QCOMPARE(head.body, get(source, "/api/stats").body);
  }

  void aFailingSnapshotIs503() {
    Source source;
    source.fail = true;
    for (const char* path : {"/api/stats", "/api/miners", "/api/blocks", "/api/payments", "/api/peers",
                             "/api/sharechain", "/metrics"}) {
      CHECK_ERROR(get(source, path), 503);
    }
    source.fail = false;
    QCOMPARE(get(source, "/api/stats").status, 200u);
  }

  void parseTargetSplitsAndDecodes() {
    const auto target = api::parseTarget("/api/payments?address=a%2Fb&&flag&x=1+2#frag");
    QVERIFY(target);
    QCOMPARE(target->path, std::string("/api/payments"));
    QCOMPARE(target->query.size(), std::size_t{3});
    QCOMPARE(target->query[0].second, std::string("a/b"));
    QCOMPARE(target->query[1].first, std::string("flag"));
    QCOMPARE(target->query[1].second, std::string());
    QCOMPARE(target->query[2].second, std::string("1 2"));
    QVERIFY(!api::parseTarget(""));
    QVERIFY(!api::parseTarget("api/stats"));
    QVERIFY(!api::parseTarget("/x?a=%"));
  }

  void metricsValuesAndEscaping() {
    Source source;
    api::ApiCounters counters;
    counters.byClass[2] = 12;
    counters.byClass[4] = 3;
    counters.rateLimited = 1;
    counters.refusedConnections = 4;
    const api::HttpAnswer answer = get(source, "/metrics", "GET", counters);
    QCOMPARE(answer.status, 200u);
    QCOMPARE(answer.contentType, std::string("text/plain; version=0.0.4; charset=utf-8"));
    const std::string& text = answer.body;
    for (const char* line : {
             "# TYPE otedama_pool_hashrate gauge\notedama_pool_hashrate 1500000\n",
             "\notedama_local_hashrate 250000.5\n",
             "\notedama_miners 2\n",
             "\notedama_workers 3\n",
             "\notedama_peers 2\n",
             "\notedama_stratum_sessions 4\n",
             "\notedama_sharechain_height 1234\n",
             "\notedama_sharechain_window_shares 3\n",
             "\notedama_sharechain_orphans 2\n",
             "# TYPE otedama_sharechain_reorgs_total counter\notedama_sharechain_reorgs_total 5\n",
             "# TYPE otedama_blocks_found_total counter\notedama_blocks_found_total 2\n",
             "\notedama_shares_accepted_total 100\n",
             "\notedama_shares_rejected_total 7\n",
             "\notedama_parent_chain_height 201\n",
             "\notedama_part_up{part=\"parentChain\"} 1\n",
             "\notedama_part_up{part=\"sharechain\"} 1\n",
             "\notedama_part_up{part=\"stratum\"} 1\n",
             "\notedama_part_up{part=\"p2p\"} 0\n",
             "\notedama_api_requests_total{code=\"2xx\"} 12\n",
             "\notedama_api_requests_total{code=\"4xx\"} 3\n",
             "\notedama_api_requests_total{code=\"5xx\"} 0\n",
             "\notedama_api_rate_limited_total 1\n",
             "\notedama_api_connections_refused_total 4\n",
             "pool_name=\"Test \\\"pool\\\" \\\\ one\\nline\"",
         }) {
      if (text.find(line) == std::string::npos) QFAIL(qPrintable(QString("missing in /metrics: ") + line));
    }
  }

  void prometheusFormattingHelpers() {
    QCOMPARE(api::escapeLabelValue("a\"b\\c\nd"), std::string("a\\\"b\\\\c\\nd"));
    QCOMPARE(api::formatSampleValue(std::numeric_limits<double>::quiet_NaN()), std::string("NaN"));
    QCOMPARE(api::formatSampleValue(std::numeric_limits<double>::infinity()), std::string("+Inf"));
    QCOMPARE(api::formatSampleValue(-std::numeric_limits<double>::infinity()), std::string("-Inf"));
    QCOMPARE(api::formatSampleValue(0.1), std::string("0.1"));
    QCOMPARE(api::formatSampleValue(1e21), std::string("1e+21"));
  }
};

QTEST_GUILESS_MAIN(ApiRoutesTest)
#include "test_api_routes.moc"
