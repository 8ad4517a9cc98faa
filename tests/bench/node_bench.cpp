// Node benchmarks against a real litecoind regtest pair and a real otedama-node process:
//  1. CPU and memory of an idle node (no miners), then with 1,000 connected miners, each with
//     its own payout address (so every job round makes 1,000 coinbases);
//  2. time from a new parent-chain tip (generatetoaddress on litecoind) to the clean job at every
//     one of those miners (p50/p99/max over several blocks): litecoind's block processing, the
//     long poll, the template, 1,000 share jobs and their delivery.
// Usage: otedama-bench-node [--miners N] [--blocks N] [--seconds S] [--one-address]
// (--one-address: every miner mines to the same address, one coinbase per round: the reference
// for what 1,000 distinct coinbases cost.)
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "chain/address.hpp"
#include "chain/rpc_client.hpp"
#include "free_port.hpp"
#include "http_get.hpp"
#include "litecoind_regtest.hpp"
#include "stratum_crowd.hpp"

using namespace otedama;
using nlohmann::json;

namespace {

struct ProcessUsage {
  double cpuSeconds = 0;
  double residentMiB = 0;
};

ProcessUsage usageOf(qint64 pid) {
  ProcessUsage usage;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  std::vector<std::string> values;
  while (fields >> field) values.push_back(field);
  if (values.size() > 12) usage.cpuSeconds = double(std::stoull(values[11]) + std::stoull(values[12])) / double(::sysconf(_SC_CLK_TCK));
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) usage.residentMiB = std::stod(line.substr(6)) / 1024.0;
  }
  return usage;
}

// CPU share of one core and resident memory of the node over `seconds`.
void measure(const char* what, qint64 pid, int seconds) {
  const ProcessUsage before = usageOf(pid);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));  // the measurement window itself
  const ProcessUsage after = usageOf(pid);
  std::printf("%-34s CPU %5.2f %% of one core   resident %6.1f MiB\n", what,
              100.0 * (after.cpuSeconds - before.cpuSeconds) / seconds, after.residentMiB);
}

std::string minerAddress(int i) {
  Bytes script{0x00, 0x14};
  for (int b = 0; b < 20; ++b) script.push_back(static_cast<std::uint8_t>((i * 131 + b * 7) >> (b % 3)));
  script[2] = static_cast<std::uint8_t>(i);
  script[3] = static_cast<std::uint8_t>(i >> 8);
  return chain::encodeAddress(script, "litecoin", chain::Network::Regtest);
}

}  // namespace

int main(int argc, char** argv) {
  int miners = 1000, blocks = 10, seconds = 20;
  bool oneAddress = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--one-address") oneAddress = true;
    if (i + 1 >= argc) continue;
    if (flag == "--miners") miners = std::stoi(argv[i + 1]);
    if (flag == "--blocks") blocks = std::stoi(argv[i + 1]);
    if (flag == "--seconds") seconds = std::stoi(argv[i + 1]);
  }
  if (!bench::raiseFileLimit(std::size_t(miners) + 64)) {
    std::printf("the file descriptor limit is below %d miners\n", miners);
    return 1;
  }
  int portPipe[2], readyPipe[2], resultPipe[2];
  if (::pipe(portPipe) != 0 || ::pipe(readyPipe) != 0 || ::pipe(resultPipe) != 0) return 1;
  const pid_t crowd = ::fork();
  if (crowd == 0) {  // before any thread exists in this process
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    bench::CrowdOptions options;
    options.sessions = miners;
    options.user = [oneAddress](int i) { return minerAddress(oneAddress ? 1 : i) + ".w" + std::to_string(i % 16); };
    options.cleanJobsOnly = true;
    options.rounds = blocks;
    ::_exit(bench::runCrowd(options, portPipe[0], readyPipe[1], resultPipe[1]));
  }

  QCoreApplication app(argc, argv);
  test::LitecoindRegtest harness(2);
  if (const QString problem = harness.start(); !problem.isEmpty()) {
    std::printf("litecoind: %s\n", qPrintable(problem));
    return 1;
  }
  harness.mine(0, 1);
  QTemporaryDir dir;
  const chain::RpcEndpoint rpc = harness.endpoint(0);
  const std::uint16_t stratumPort = test::freeLoopbackPort(), p2pPort = test::freeLoopbackPort(),
                      apiPort = test::freeLoopbackPort();
  const json config = {{"blockchain", "litecoin"},     {"network", "regtest"},
                       {"blockchainPort", rpc.port},   {"blockchainUsername", rpc.username},
                       {"blockchainPassword", rpc.password},
                       {"poolAddress", minerAddress(0)}, {"stratumPort", stratumPort},
                       {"stratumBind", "127.0.0.1"},   {"p2pPort", p2pPort},
                       {"p2pBind", "127.0.0.1"},       {"apiPort", apiPort},
                       {"dataDir", dir.filePath("node").toStdString()},
                       {"logging", {{"level", "warning"}}},
                       {"stratum", {{"maxConnectionsPerIp", miners + 10}}}};
  QFile file(dir.filePath("node.json"));
  file.open(QIODevice::WriteOnly);
  file.write(QByteArray::fromStdString(config.dump()));
  file.close();
  QProcess node;
  node.setProcessChannelMode(QProcess::MergedChannels);
  node.setStandardOutputFile(dir.filePath("node.log"));
  node.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
  node.start(OTEDAMA_NODE_BINARY, {file.fileName()});
  node.waitForStarted();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < until) {
    const test::HttpAnswer stats = test::httpGet(apiPort, "/api/stats");
    if (stats.status == 200 && json::parse(stats.body)["parentChain"]["ok"] == true) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::printf("Node on litecoind regtest (otedama-node process, window 2160)\n");
  measure("idle, no miners:", node.processId(), seconds);

  if (::write(portPipe[1], &stratumPort, sizeof stratumPort) != sizeof stratumPort) return 1;
  char ready = 0;
  if (::read(readyPipe[0], &ready, 1) != 1) {
    std::printf("the miners could not log in\n");
    return 1;
  }
  measure(("with " + std::to_string(miners) + (oneAddress ? " miners (one address):" : " miners (own addresses):")).c_str(),
          node.processId(), seconds);

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread ioThread([&] { io.run(); });
  chain::RpcClient client(io, rpc);
  const std::string address = harness.cli(0, {"getnewaddress"}).toString().toStdString();
  std::vector<double> latencies;
  std::vector<std::int64_t> arrival(static_cast<std::size_t>(miners));
  for (int block = 0; block < blocks; ++block) {
    const std::int64_t sent = bench::monotonicNanos();
    client.callBlocking("generatetoaddress", json::array({1, address}));
    if (!bench::readRound(resultPipe[0], arrival)) {
      std::printf("the miners did not see block %d's job\n", block);
      break;
    }
    for (std::int64_t t : arrival) latencies.push_back(double(t - sent) / 1e6);
  }
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    std::printf("new parent tip -> clean job at each of %d miners (%d blocks): p50 %.1f ms  p99 %.1f ms  max %.1f ms\n",
                miners, blocks, latencies[latencies.size() / 2], latencies[latencies.size() * 99 / 100], latencies.back());
  }
  client.close();
  guard.reset();
  ioThread.join();
  node.terminate();
  const auto stopping = std::chrono::steady_clock::now();
  node.waitForFinished(60000);
  std::printf("SIGTERM -> stopped: %.0f ms (exit code %d)\n",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stopping).count(), node.exitCode());
  ::kill(crowd, SIGKILL);
  ::waitpid(crowd, nullptr, 0);
  return 0;
}
