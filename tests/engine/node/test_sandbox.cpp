// The sandbox with real litecoind: it starts two connected regtest nodes whose node 0 serves block
// templates to the returned credentials and pays regtest bech32 addresses of its wallet; stop()
// leaves no process, no open RPC port and no temporary folder; it starts again in the same
// process, keeps a chosen folder's chain and wallet between runs (one sandbox per folder), and
// refuses with a message for people when litecoind is missing, exits at start or never answers
// (and then leaves nothing running).
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/file.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "chain/address.hpp"
#include "chain/rpc_client.hpp"
#include "node/sandbox.hpp"

using namespace otedama;
using namespace std::chrono_literals;

namespace {

bool processExists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

bool portAccepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// litecoind writes a pid file (named bitcoind.pid by Litecoin Core 0.21) into <datadir>/regtest
// while it runs.
std::vector<pid_t> nodePids(const std::filesystem::path& folder) {
  std::vector<pid_t> pids;
  for (const char* node : {"node0", "node1"}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder / node / "regtest", error)) {
      if (entry.path().extension() != ".pid") continue;
      std::ifstream in(entry.path());
      long pid = 0;
      if (in >> pid && pid > 0) pids.push_back(pid_t(pid));
    }
  }
  return pids;
}

// Node 0's RPC from outside, as the pool's chain client sees it.
class Rpc {
 public:
  explicit Rpc(const node::SandboxChain& chain, std::string password = {}) {
    chain::RpcEndpoint endpoint;
    endpoint.host = chain.host;
    endpoint.port = chain.rpcPort;
    endpoint.username = chain.username;
    endpoint.password = password.empty() ? chain.password : password;
    client_.emplace(io_, endpoint);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Rpc() {
    client_.reset();
    work_.reset();
    io_.stop();
    thread_.join();
  }
  nlohmann::json call(const std::string& method, nlohmann::json params = nlohmann::json::array()) {
    return client_->callBlocking(method, std::move(params), 30000ms);
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::optional<chain::RpcClient> client_;
  std::thread thread_;
};

nlohmann::json blockTemplate(const node::SandboxChain& chain) {
  Rpc rpc(chain);
  return rpc.call("getblocktemplate", nlohmann::json::array({{{"rules", {"segwit", "mweb"}}}}));
}

void checkAddresses(const node::SandboxChain& chain, std::size_t count) {
  QCOMPARE(chain.addresses.size(), count);
  for (const std::string& address : chain.addresses) {
    QVERIFY2(address.rfind("rltc1", 0) == 0, address.c_str());
    try {
      const chain::DecodedAddress decoded = chain::decodeAddress(address, "litecoin", chain::Network::Regtest);
      QCOMPARE(decoded.witnessVersion, 0);
    } catch (const std::exception& error) {
      QFAIL(error.what());
    }
  }
  for (std::size_t i = 1; i < chain.addresses.size(); ++i) QVERIFY(chain.addresses[i] != chain.addresses[0]);
}

// After stop(): the nodes' processes are gone and node 0's RPC port refuses connections.
void checkStopped(const std::vector<pid_t>& pids, std::uint16_t rpcPort) {
  for (pid_t pid : pids) QVERIFY2(!processExists(pid), qPrintable(QString("litecoind pid %1 still exists").arg(pid)));
  QVERIFY(!portAccepts(rpcPort));
}

// A stand-in for litecoind: a shell script that records its pid, then runs `body`.
std::string fakeLitecoind(const QTemporaryDir& dir, const std::string& body) {
  const std::string path = dir.filePath("fake-litecoind").toStdString();
  std::ofstream(path) << "#!/bin/sh\necho $$ >> '" << dir.filePath("pids").toStdString() << "'\n" << body << '\n';
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

std::vector<pid_t> recordedPids(const QTemporaryDir& dir) {
  std::vector<pid_t> pids;
  std::ifstream in(dir.filePath("pids").toStdString());
  for (long pid = 0; in >> pid;) pids.push_back(pid_t(pid));
  return pids;
}

std::string startError(node::Sandbox& sandbox) {
  try {
    sandbox.start(1);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return {};
}

}  // namespace

class SandboxTest : public QObject {
  Q_OBJECT

 private slots:
  void abandonedFoldersAreRemovedAndLiveOnesKept() {
    QTemporaryDir temp;
    const std::filesystem::path root = temp.path().toStdString();
    const auto make = [&](const char* name, bool lockFile) {
      std::filesystem::create_directories(root / name / "node0");
      if (lockFile) std::ofstream(root / name / "sandbox.lock").put('\n');
      std::ofstream(root / name / "node0" / "debug.log") << "old";
      return root / name;
    };
    const auto age = [](const std::filesystem::path& folder, std::chrono::minutes by) {
      std::filesystem::last_write_time(folder, std::filesystem::file_time_type::clock::now() - by);
    };
    const auto crashed = make("otedama-sandbox-crashed", true);
    const auto early = make("otedama-sandbox-early", false);  // died before it took its lock
    const auto live = make("otedama-sandbox-live", true);
    const auto fresh = make("otedama-sandbox-fresh", false);  // may be starting right now
    const auto other = make("something-else", true);
    for (const auto& folder : {crashed, early, live, other}) age(folder, std::chrono::minutes(10));
    // A running sandbox holds its lock.
    const int held = ::open((live / "sandbox.lock").c_str(), O_RDWR);
    QVERIFY(held >= 0);
    QCOMPARE(::flock(held, LOCK_EX | LOCK_NB), 0);

    QCOMPARE(node::removeAbandonedSandboxFolders(root, std::chrono::minutes(1)), std::size_t(2));
    QVERIFY(!std::filesystem::exists(crashed));
    QVERIFY(!std::filesystem::exists(early));
    QVERIFY(std::filesystem::exists(live / "node0" / "debug.log"));
    QVERIFY(std::filesystem::exists(fresh));
    QVERIFY(std::filesystem::exists(other));
    ::close(held);  // its Otedama is gone now: the next look removes it
    QCOMPARE(node::removeAbandonedSandboxFolders(root, std::chrono::minutes(1)), std::size_t(1));
    QVERIFY(!std::filesystem::exists(live));
  }

  void startsServesTemplatesAndStopsCleanly() {
    node::Sandbox sandbox;
    QVERIFY(!sandbox.running());
    QElapsedTimer timer;
    timer.start();
    const node::SandboxChain chain = sandbox.start(2);
    qInfo("sandbox started in %.1f s", double(timer.elapsed()) / 1000.0);
    QVERIFY(sandbox.running());
    QCOMPARE(chain.host, std::string("127.0.0.1"));
    QVERIFY(chain.rpcPort != 0);
    QVERIFY(!chain.username.empty());
    QVERIFY(chain.password.size() >= 32);
    QVERIFY(std::filesystem::is_directory(chain.folder));
    checkAddresses(chain, 2);

    // Credentials are in the config files, never on a command line.
    for (pid_t pid : nodePids(chain.folder)) {
      std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
      const std::string text((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
      QVERIFY(!text.empty());
      QVERIFY(text.find(chain.password) == std::string::npos);
    }

    const std::vector<pid_t> pids = nodePids(chain.folder);
    QCOMPARE(pids.size(), std::size_t(2));
    for (pid_t pid : pids) QVERIFY(processExists(pid));

    const nlohmann::json work = blockTemplate(chain);
    QCOMPARE(work.at("height").get<int>(), 2);  // genesis + the block the sandbox mined
    {
      Rpc rpc(chain);
      QCOMPARE(rpc.call("getconnectioncount").get<int>(), 1);
      // The payout addresses belong to node 0's wallet.
      QVERIFY(rpc.call("getaddressinfo", {chain.addresses[0]}).at("ismine").get<bool>());
    }
    {
      Rpc wrong(chain, "not-the-password");
      try {
        wrong.call("getblockcount");
        QFAIL("a wrong password was accepted");
      } catch (const chain::RpcError& error) {
        QCOMPARE(int(error.kind()), int(chain::RpcErrorKind::Unauthorized));
      }
    }

    sandbox.stop();
    QVERIFY(!sandbox.running());
    checkStopped(pids, chain.rpcPort);
    QVERIFY(!std::filesystem::exists(chain.folder));
    sandbox.stop();  // idempotent

    // A second cycle in the same process, on the same object.
    const node::SandboxChain again = sandbox.start(1);
    QVERIFY(again.folder != chain.folder);
    checkAddresses(again, 1);
    QCOMPARE(blockTemplate(again).at("height").get<int>(), 2);
    const std::vector<pid_t> againPids = nodePids(again.folder);
    QCOMPARE(againPids.size(), std::size_t(2));
    sandbox.stop();
    checkStopped(againPids, again.rpcPort);
    QVERIFY(!std::filesystem::exists(again.folder));
  }

  void aChosenFolderKeepsItsChainAndWallet() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    node::SandboxOptions options;
    options.folder = dir.filePath("sandbox").toStdString();
    std::string firstAddress;
    {
      node::Sandbox sandbox(options);
      const node::SandboxChain chain = sandbox.start(1);
      QCOMPARE(chain.folder, options.folder);
      firstAddress = chain.addresses[0];
      QCOMPARE(blockTemplate(chain).at("height").get<int>(), 2);
      const std::vector<pid_t> pids = nodePids(chain.folder);
      QCOMPARE(pids.size(), std::size_t(2));
      sandbox.stop();
      checkStopped(pids, chain.rpcPort);
      QVERIFY(std::filesystem::is_directory(options.folder));  // kept
    }
    {
      node::Sandbox sandbox(options);  // the destructor stops this one
      const node::SandboxChain chain = sandbox.start(1);
      QCOMPARE(blockTemplate(chain).at("height").get<int>(), 3);  // one more block on the kept chain
      Rpc rpc(chain);
      QVERIFY(rpc.call("getaddressinfo", {firstAddress}).at("ismine").get<bool>());  // the same wallet
      QVERIFY(chain.addresses[0] != firstAddress);

      // A second sandbox on the same folder is refused and does not disturb the running one.
      node::Sandbox intruder(options);
      const std::string error = startError(intruder);
      qInfo("start() refused: %s", error.c_str());
      QVERIFY2(error.find("in use by another running sandbox") != std::string::npos, error.c_str());
      QVERIFY(sandbox.running());
      QCOMPARE(blockTemplate(chain).at("height").get<int>(), 3);
      QVERIFY(std::filesystem::is_directory(options.folder));
    }
  }

  void aMissingLitecoindIsNamedWithItsPackage() {
    node::SandboxOptions options;
    options.litecoind = "/nonexistent/otedama-test/litecoind";
    node::Sandbox sandbox(options);
    const std::string error = startError(sandbox);
    qInfo("start() refused: %s", error.c_str());
    QVERIFY2(error.find(options.litecoind) != std::string::npos, error.c_str());
    QVERIFY2(error.find("Debian package litecoind") != std::string::npos, error.c_str());
    QVERIFY(!sandbox.running());

    node::SandboxOptions noCli;
    noCli.litecoinCli = "otedama-no-such-litecoin-cli";
    node::Sandbox withoutCli(noCli);
    const std::string cliError = startError(withoutCli);
    QVERIFY2(cliError.find(noCli.litecoinCli) != std::string::npos, cliError.c_str());
    QVERIFY2(cliError.find("Debian package litecoind") != std::string::npos, cliError.c_str());
  }

  void aNodeThatExitsAtStartIsReportedWithWhatItSaid() {
    QTemporaryDir dir;
    node::SandboxOptions options;
    options.folder = dir.filePath("sandbox").toStdString();
    options.litecoind = fakeLitecoind(dir, "echo 'Error: fake litecoind refuses to start' >&2\nexit 3");
    node::Sandbox sandbox(options);
    QElapsedTimer timer;
    timer.start();
    const std::string error = startError(sandbox);
    qInfo("start() refused: %s", error.c_str());
    QVERIFY2(error.find("did not come up") != std::string::npos, error.c_str());
    QVERIFY2(error.find("exited with code 3") != std::string::npos, error.c_str());
    QVERIFY2(error.find("fake litecoind refuses to start") != std::string::npos, error.c_str());
    QVERIFY2(timer.elapsed() < 20000, "an exited node must be noticed at once, not after the timeout");
    QVERIFY(!sandbox.running());
    for (pid_t pid : recordedPids(dir)) QVERIFY(!processExists(pid));
  }

  void aNodeThatNeverAnswersIsKilledAfterTheTimeout() {
    QTemporaryDir dir;
    node::SandboxOptions options;  // a temporary folder: removed after the failure
    options.litecoind = fakeLitecoind(dir, "exec sleep 600");
    options.startTimeout = 2s;
    node::Sandbox sandbox(options);
    const std::string error = startError(sandbox);
    qInfo("start() refused: %s", error.c_str());
    QVERIFY2(error.find("did not answer within 2 s") != std::string::npos, error.c_str());
    const std::vector<pid_t> pids = recordedPids(dir);
    QCOMPARE(pids.size(), std::size_t(2));  // both nodes were started, and both are gone
    for (pid_t pid : pids) QVERIFY(!processExists(pid));
    const std::size_t at = error.find("/otedama-sandbox-");
    QVERIFY2(at != std::string::npos, error.c_str());
    const std::size_t begin = error.find_last_of(" (\n", at) + 1;
    const std::string folder = error.substr(begin, error.find("/node", at) - begin);
    QVERIFY2(!std::filesystem::exists(folder), folder.c_str());
  }
};

QTEST_GUILESS_MAIN(SandboxTest)
#include "test_sandbox.moc"
