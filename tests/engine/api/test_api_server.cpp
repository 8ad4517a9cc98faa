// The HTTP API end to end: a real ApiServer on 127.0.0.1 (its io_context on a thread of its own)
// and real clients over loopback (Beast, or raw bytes for hostile input): every endpoint's status,
// content type and fields, HEAD, 404/405, oversized and malformed requests, the query filter, the
// per-IP rate limit and connection caps, the idle deadline against slow clients, a failing
// snapshot, and the /metrics text line by line. Every wait has a deadline; no fixed sleeps.
#include <QTest>

#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "api/api_server.hpp"
#include "api_sample_snapshot.hpp"

using namespace otedama;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {

// A server on its own io_context thread; the snapshot can be made to fail.
struct Harness {
  explicit Harness(api::ApiOptions options = {}) {
    options.bindAddress = "127.0.0.1";
    options.port = 0;
    server.emplace(io, options, [this] {
      ++snapshotCalls;
      if (failSnapshot) throw std::runtime_error("engine busy");
      return test::sampleSnapshot();
    });
    server->start();
    thread = std::thread([this] { io.run(); });
  }
  ~Harness() {
    asio::post(io, [this] { server->stop(); });
    work.reset();
    thread.join();
    server.reset();
  }
  std::uint16_t port() const { return server->port(); }

  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::optional<api::ApiServer> server;
  std::atomic<bool> failSnapshot{false};
  std::atomic<int> snapshotCalls{0};
  std::thread thread;
};

using Response = http::response<http::string_body>;

// A client on the test thread: every operation runs the client's own io_context under a deadline.
struct Client {
  Client(std::uint16_t port, const std::string& from = "127.0.0.1") : stream(io) {
    tcp::socket& socket = stream.socket();
    socket.open(tcp::v4());
    socket.bind(tcp::endpoint(asio::ip::make_address(from), 0));
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  bool writeRaw(const std::string& bytes, std::chrono::milliseconds timeout = 5s) {
    beast::error_code result = asio::error::would_block;
    stream.expires_after(timeout);
    asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    return !result;
  }

  std::optional<Response> read(bool head = false, std::chrono::milliseconds timeout = 5s) {
    http::response_parser<http::string_body> parser;
    parser.skip(head);
    parser.body_limit(64 << 20);
    beast::error_code result = asio::error::would_block;
    stream.expires_after(timeout);
    http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    if (result) return std::nullopt;
    return parser.release();
  }

  std::optional<Response> request(const std::string& target, http::verb method = http::verb::get,
                                  bool keepAlive = true) {
    http::request<http::string_body> message{method, target, 11};
    message.set(http::field::host, "127.0.0.1");
    message.keep_alive(keepAlive);
    if (method == http::verb::post) message.prepare_payload();
    std::ostringstream out;
    out << message;
    if (!writeRaw(out.str())) return std::nullopt;
    return read(method == http::verb::head);
  }

  // True when the server closes the connection within the timeout (whatever it sent before).
  bool waitClosed(std::chrono::milliseconds timeout = 5s, std::string* received = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string got(static_cast<const char*>(buffer.data().data()), buffer.size());
    buffer.consume(buffer.size());
    for (;;) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= 0s) return false;
      char chunk[4096];
      beast::error_code result = asio::error::would_block;
      std::size_t n = 0;
      stream.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(left));
      stream.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t bytes) {
        result = ec;
        n = bytes;
      });
      run();
      got.append(chunk, n);
      if (received) *received = got;
      if (result == asio::error::eof || result == asio::error::connection_reset) return true;
      if (result) return false;  // timeout
    }
  }

  void run() {
    io.restart();
    io.run();
  }

  asio::io_context io;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
};

json bodyJson(const Response& response) { return json::parse(response.body()); }
// 0 / null when there was no answer, so a failing check reports instead of crashing.
unsigned statusOf(const std::optional<Response>& response) { return response ? response->result_int() : 0; }
json bodyOf(const std::optional<Response>& response) { return response ? bodyJson(*response) : json(); }

std::string field(const Response& response, http::field name) { return std::string(response[name]); }

void checkJsonError(const std::optional<Response>& response, unsigned status) {
  QVERIFY(response);
  QCOMPARE(response->result_int(), status);
  QCOMPARE(field(*response, http::field::content_type), std::string("application/json; charset=utf-8"));
  const json document = bodyJson(*response);
  QCOMPARE(document["error"]["status"].get<unsigned>(), status);
  QVERIFY(document["error"]["message"].is_string());
}

template <class Condition>
bool waitFor(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);  // polling a condition under a deadline
  }
  return condition();
}

}  // namespace

// The helper's QVERIFYs return from the helper only: stop the test function too.
#define CHECK_JSON_ERROR(response, status)          \
  do {                                              \
    checkJsonError(response, status);               \
    if (QTest::currentTestFailed()) return;         \
  } while (false)

class ApiServerTest : public QObject {
  Q_OBJECT

 private slots:
  void everyEndpointAnswersWithItsFields() {
    Harness harness;
    Client client(harness.port());
    struct Expectation {
      const char* path;
      const char* key;
    };
    for (const Expectation& e : {Expectation{"/api/stats", "sharechain"}, Expectation{"/api/miners", "miners"},
                                 Expectation{"/api/blocks", "blocks"}, Expectation{"/api/payments", "payments"},
                                 Expectation{"/api/peers", "peers"}, Expectation{"/api/sharechain", "shares"},
                                 Expectation{"/", "endpoints"}}) {
      const auto response = client.request(e.path);  // all on one kept-alive connection
      QVERIFY2(response, e.path);
      QCOMPARE(response->result_int(), 200u);
      QCOMPARE(field(*response, http::field::content_type), std::string("application/json; charset=utf-8"));
      QCOMPARE(field(*response, http::field::cache_control), std::string("no-store"));
      QVERIFY(response->keep_alive());
      QVERIFY2(bodyJson(*response).contains(e.key), e.path);
    }
    const json stats = bodyOf(client.request("/api/stats"));
    QCOMPARE(stats["sharechain"]["height"].get<int>(), 1234);
    QCOMPARE(stats["sharechain"]["tip"].get<std::string>(), std::string(64, 'c'));
    QCOMPARE(stats["poolHashrate"].get<double>(), 1.5e6);
    QCOMPARE(stats["miners"].get<int>(), 2);
    QCOMPARE(stats["peers"].get<int>(), 2);
    QCOMPARE(stats["blocksFound"].get<int>(), 2);
    QCOMPARE(stats["uptime"].get<int>(), 3600);
    QCOMPARE(stats["poolName"].get<std::string>(), std::string(test::kPoolName));
    for (const char* key : {"version", "nodeId", "chain", "network", "algorithm", "running", "localHashrate",
                            "workers", "sharesAccepted", "sharesRejected", "parentChain", "stratum", "p2p"}) {
      QVERIFY2(stats.contains(key), key);
    }
    const json miners = bodyOf(client.request("/api/miners"))["miners"];
    QCOMPARE(miners.size(), std::size_t{2});
    QCOMPARE(miners[0]["address"].get<std::string>(), std::string(test::kAlice));
    QCOMPARE(miners[0]["workers"][0]["rejected"]["low difficulty"].get<int>(), 3);
    QCOMPARE(miners[0]["workers"][1]["name"].get<std::string>(), std::string("rig\xEF\xBF\xBD"));
    const json blocks = bodyOf(client.request("/api/blocks"))["blocks"];
    QCOMPARE(blocks[0]["height"].get<int>(), 200);
    QCOMPARE(blocks[0]["hash"].get<std::string>(), std::string(64, '9'));
    QCOMPARE(blocks[0]["status"].get<std::string>(), std::string("pending"));
    QCOMPARE(blocks[0]["payouts"][0]["address"].get<std::string>(), std::string(test::kAlice));
    QCOMPARE(blocks[0]["payouts"][0]["amount"].get<std::int64_t>(), std::int64_t{500000000});
    const json peers = bodyOf(client.request("/api/peers"))["peers"];
    QCOMPARE(peers[0]["latencyMs"].get<double>(), 12.5);
    QVERIFY(peers[1]["latencyMs"].is_null());
    const json chain = bodyOf(client.request("/api/sharechain"));
    QCOMPARE(chain["shares"][0]["id"].get<std::string>(), std::string(64, '3'));
    QCOMPARE(chain["shares"][0]["miner"].get<std::string>(), std::string(test::kAlice));
    QCOMPARE(chain["shares"][0]["weight"].get<std::string>(), std::string(test::kBigWeight));
    QCOMPARE(chain["shares"][2]["height"].get<int>(), 1232);
    QCOMPARE(harness.server->counters().inClass(2), std::uint64_t{12});
  }

  void headHasNoBodyAndTheConnectionStaysUsable() {
    Harness harness;
    Client client(harness.port());
    const auto get = client.request("/api/stats");
    QVERIFY(get);
    const auto head = client.request("/api/stats", http::verb::head);
    QVERIFY(head);
    QCOMPARE(head->result_int(), 200u);
    QVERIFY(head->body().empty());
    QCOMPARE(field(*head, http::field::content_length), std::to_string(get->body().size()));
    QCOMPARE(field(*head, http::field::content_type), std::string("application/json; charset=utf-8"));
    // Had the server sent a body after the HEAD answer, it would be read here as the next answer.
    const auto after = client.request("/api/peers");
    QVERIFY(after);
    QCOMPARE(after->result_int(), 200u);
    QVERIFY(bodyJson(*after).contains("peers"));
  }

  void unknownPathIs404AndOtherMethods405WithAllow() {
    Harness harness;
    Client client(harness.port());
    CHECK_JSON_ERROR(client.request("/api/nothing"), 404);
    for (http::verb method : {http::verb::post, http::verb::put, http::verb::delete_, http::verb::options}) {
      const auto response = client.request("/api/stats", method);
      CHECK_JSON_ERROR(response, 405);
      QCOMPARE(field(*response, http::field::allow), std::string("GET, HEAD"));
    }
    QCOMPARE(statusOf(client.request("/api/stats")), 200u);  // still kept alive
    QCOMPARE(harness.server->counters().inClass(4), std::uint64_t{5});
  }

  void paymentsFilterByAddress() {
    Harness harness;
    Client client(harness.port());
    const auto all = client.request("/api/payments");
    QCOMPARE(bodyOf(all)["payments"].size(), std::size_t{4});
    const auto bob = client.request(std::string("/api/payments?address=") + test::kBob);
    QVERIFY(bob);
    QCOMPARE(bob->result_int(), 200u);
    const json payments = bodyOf(bob)["payments"];
    QCOMPARE(payments.size(), std::size_t{2});
    for (const json& payment : payments) QCOMPARE(payment["address"].get<std::string>(), std::string(test::kBob));
    CHECK_JSON_ERROR(client.request("/api/payments?address=" + std::string(129, 'x')), 400);
    CHECK_JSON_ERROR(client.request("/api/payments?address=ltc1%01x"), 400);
  }

  void oversizedHeadersAre431ThenClosed() {
    api::ApiOptions options;
    options.maxRequestBytes = 2048;
    Harness harness(options);
    Client client(harness.port());
    QVERIFY(client.writeRaw("GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(6000, 'a') + "\r\n\r\n"));
    const auto response = client.read();
    CHECK_JSON_ERROR(response, 431);
    QVERIFY(!response->keep_alive());
    QVERIFY(client.waitClosed());
    QCOMPARE(harness.snapshotCalls.load(), 0);
  }

  void oversizedBodyIs413ThenClosed() {
    api::ApiOptions options;
    options.maxRequestBytes = 2048;
    Harness harness(options);
    Client client(harness.port());
    QVERIFY(client.writeRaw("GET /api/stats HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
                            std::string(5000, 'b')));
    CHECK_JSON_ERROR(client.read(), 413);
    QVERIFY(client.waitClosed());
  }

  void garbageIs400ThenClosed() {
    Harness harness;
    Client client(harness.port());
    QVERIFY(client.writeRaw(std::string("\x16\x03\x01\x02\x00 \x01\x02garbage\r\n\r\n", 18)));
    const auto response = client.read();
    CHECK_JSON_ERROR(response, 400);
    QVERIFY(client.waitClosed());
    // A well-formed request line with a broken header is malformed too.
    Client second(harness.port());
    QVERIFY(second.writeRaw("GET /api/stats HTTP/1.1\r\nHost x\r\n\r\n"));
    CHECK_JSON_ERROR(second.read(), 400);
    QVERIFY(second.waitClosed());
    QCOMPARE(harness.snapshotCalls.load(), 0);
  }

  void rateLimitAnswers429WithRetryAfter() {
    api::ApiOptions options;
    options.requestsPerSecondPerIp = 0.2;
    options.burstPerIp = 5;
    Harness harness(options);
    Client client(harness.port());
    for (int i = 0; i < 5; ++i) QCOMPARE(statusOf(client.request("/api/stats")), 200u);
    const auto limited = client.request("/api/stats");
    CHECK_JSON_ERROR(limited, 429);
    const int retryAfter = std::stoi(field(*limited, http::field::retry_after));
    QVERIFY(retryAfter >= 1 && retryAfter <= 5);
    QCOMPARE(harness.snapshotCalls.load(), 5);
    // Another address has its own bucket; its /metrics shows the refusal.
    Client other(harness.port(), "127.0.0.2");
    const auto metrics = other.request("/metrics");
    QVERIFY(metrics);
    QCOMPARE(metrics->result_int(), 200u);
    QVERIFY(metrics->body().find("\notedama_api_rate_limited_total 1\n") != std::string::npos);
    QCOMPARE(harness.server->counters().rateLimited, std::uint64_t{1});
  }

  void connectionCapsCloseExcessConnectionsAtOnce() {
    api::ApiOptions options;
    options.maxConnectionsPerIp = 2;
    options.maxConnections = 5;
    Harness harness(options);
    std::vector<std::unique_ptr<Client>> open;
    auto connect = [&](const char* from) {
      open.push_back(std::make_unique<Client>(harness.port(), from));
      const auto response = open.back()->request("/api/stats");
      return response && response->result_int() == 200;
    };
    QVERIFY(connect("127.0.0.1"));
    QVERIFY(connect("127.0.0.1"));
    QVERIFY(connect("127.0.0.2"));
    QVERIFY(connect("127.0.0.2"));
    std::string received;
    Client thirdFromOne(harness.port(), "127.0.0.1");  // over the per-IP cap (4 of 5 open)
    QVERIFY(thirdFromOne.waitClosed(5s, &received));
    QVERIFY(received.empty());
    QCOMPARE(harness.server->counters().refusedConnections, std::uint64_t{1});
    QVERIFY(connect("127.0.0.3"));                     // the fifth
    Client fromFour(harness.port(), "127.0.0.4");      // over the total cap
    QVERIFY(fromFour.waitClosed(5s, &received));
    QVERIFY(received.empty());
    QCOMPARE(harness.server->counters().refusedConnections, std::uint64_t{2});
    QCOMPARE(harness.server->counters().openConnections, std::uint64_t{5});
    // When one goes, its address may connect again (once the server has seen it go).
    open.front().reset();
    QVERIFY(waitFor([&] { return harness.server->counters().openConnections == 4; }, 5000ms));
    QVERIFY(connect("127.0.0.1"));
  }

  void slowClientsAreClosedAfterTheIdleTimeout() {
    api::ApiOptions options;
    options.idleTimeout = 1s;
    Harness harness(options);
    const auto start = std::chrono::steady_clock::now();
    Client slow(harness.port());
    QVERIFY(slow.writeRaw("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slo"));  // half a request
    Client idle(harness.port());
    QCOMPARE(statusOf(idle.request("/api/stats")), 200u);  // then silent on a kept-alive connection
    QVERIFY(slow.waitClosed(10s));
    QVERIFY(idle.waitClosed(10s));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    QVERIFY(elapsed >= 900ms);
    QVERIFY(elapsed < 8s);
    QVERIFY(waitFor([&] { return harness.server->counters().timedOut == 2; }, 5000ms));
  }

  void aFailingSnapshotIs503AndTheServerCarriesOn() {
    Harness harness;
    Client client(harness.port());
    harness.failSnapshot = true;
    CHECK_JSON_ERROR(client.request("/api/stats"), 503);
    CHECK_JSON_ERROR(client.request("/metrics"), 503);
    QCOMPARE(statusOf(client.request("/")), 200u);
    harness.failSnapshot = false;
    QCOMPARE(statusOf(client.request("/api/stats")), 200u);
  }

  void metricsParseLineByLine() {
    Harness harness;
    Client client(harness.port());
    QCOMPARE(statusOf(client.request("/api/stats")), 200u);
    CHECK_JSON_ERROR(client.request("/nope"), 404);
    const auto response = client.request("/metrics");
    QVERIFY(response);
    QCOMPARE(response->result_int(), 200u);
    QVERIFY(field(*response, http::field::content_type).rfind("text/plain; version=0.0.4", 0) == 0);
    const std::string& text = response->body();
    QVERIFY(!text.empty() && text.back() == '\n');

    static const std::regex sampleLine(
        R"re(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (NaN|[+-]Inf|[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)$)re");
    static const std::regex typeLine(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|untyped|histogram|summary)$)");
    static const std::regex helpLine(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
    std::map<std::string, std::string> types;
    std::set<std::string> helped;
    std::map<std::string, std::string> samples;  // "name{labels}" -> value
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      std::smatch m;
      if (std::regex_match(line, m, typeLine)) {
        QVERIFY2(types.emplace(m[1], m[2]).second, line.c_str());
      } else if (std::regex_match(line, m, helpLine)) {
        helped.insert(m[1]);
      } else {
        QVERIFY2(std::regex_match(line, m, sampleLine), line.c_str());
        QVERIFY2(types.count(m[1]) == 1 && helped.count(m[1]) == 1, line.c_str());  // HELP and TYPE first
        samples[std::string(m[1]) + std::string(m[2])] = m[3];
      }
    }
    for (const char* name : {"otedama_pool_hashrate", "otedama_local_hashrate", "otedama_miners", "otedama_workers",
                             "otedama_peers", "otedama_stratum_sessions", "otedama_sharechain_height",
                             "otedama_sharechain_window_shares", "otedama_sharechain_orphans",
                             "otedama_parent_chain_height"}) {
      QVERIFY2(types[name] == "gauge", name);
    }
    for (const char* name : {"otedama_sharechain_reorgs_total", "otedama_blocks_found_total",
                             "otedama_shares_accepted_total", "otedama_shares_rejected_total",
                             "otedama_api_requests_total"}) {
      QVERIFY2(types[name] == "counter", name);
    }
    QCOMPARE(samples["otedama_sharechain_height"], std::string("1234"));
    QCOMPARE(samples["otedama_blocks_found_total"], std::string("2"));
    QCOMPARE(samples["otedama_peers"], std::string("2"));
    QCOMPARE(samples["otedama_pool_hashrate"], std::string("1500000"));
    QCOMPARE(samples["otedama_part_up{part=\"parentChain\"}"], std::string("1"));
    QCOMPARE(samples["otedama_part_up{part=\"p2p\"}"], std::string("0"));
    QCOMPARE(samples["otedama_api_requests_total{code=\"2xx\"}"], std::string("1"));
    QCOMPARE(samples["otedama_api_requests_total{code=\"4xx\"}"], std::string("1"));
    bool infoWithEscapedPoolName = false;
    for (const auto& [key, value] : samples) {
      infoWithEscapedPoolName = infoWithEscapedPoolName ||
                                (key.rfind("otedama_info{", 0) == 0 &&
                                 key.find("pool_name=\"Test \\\"pool\\\" \\\\ one\\nline\"") != std::string::npos);
    }
    QVERIFY(infoWithEscapedPoolName);
  }

  void startFailsWithTheAddressAndPortInTheMessage() {
    Harness harness;
    api::ApiOptions options;
    options.port = harness.port();
    asio::io_context io;
    api::ApiServer taken(io, options, [] { return test::sampleSnapshot(); });
    try {
      taken.start();
      QFAIL("start() on a port in use did not throw");
    } catch (const std::runtime_error& e) {
      const std::string message = e.what();
      QVERIFY2(message.find("127.0.0.1:" + std::to_string(harness.port())) != std::string::npos, e.what());
    }
    options.bindAddress = "not-an-address";
    api::ApiServer bad(io, options, [] { return test::sampleSnapshot(); });
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, bad.start());
    options.bindAddress = "127.0.0.1";
    options.burstPerIp = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, api::ApiServer(io, options, [] { return test::sampleSnapshot(); }));
  }

  void stopClosesEveryConnection() {
    Harness harness;
    Client client(harness.port());
    QCOMPARE(statusOf(client.request("/api/stats")), 200u);
    asio::post(harness.io, [&] { harness.server->stop(); });
    QVERIFY(client.waitClosed());
    QVERIFY(waitFor([&] { return harness.server->counters().openConnections == 0; }, 5000ms));
    asio::post(harness.io, [&] { harness.server->stop(); });  // idempotent (and again in ~Harness)
  }
};

QTEST_GUILESS_MAIN(ApiServerTest)
#include "test_api_server.moc"
