// Stratum server benchmarks:
//  1. shares checked per second on one core (the full check: coinbase, merkle root, header, hash,
//     targets) beside the raw hash rate of the same algorithm, measured in the same run;
//  2. time from setWork to each session receiving the new job, for 1,000 and 10,000 sessions
//     (p50/p99), with the clients in a child process so each side has its own file descriptors;
//  3. server memory per idle, logged-in session (resident set growth / sessions).
// Usage: otedama-bench-stratum [--sessions N[,N...]] [--seconds S]
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "chain/address.hpp"
#include "chain/block_builder.hpp"
#include "chain/coinbase.hpp"
#include "pow/registry.hpp"
#include "stratum/server.hpp"
#include "stratum/share_check.hpp"
#include "stratum_crowd.hpp"
#include "util/compact_target.hpp"

using namespace otedama;
using Clock = std::chrono::steady_clock;

namespace {

const char* kAddress = "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9";

stratum::Work makeWork(bool clean) {
  static std::mt19937_64 random(5);
  stratum::Work work;
  chain::CoinbaseSpec spec;
  spec.height = 800000;
  spec.payouts = {{625000000, chain::decodeAddress(kAddress, "bitcoin", chain::Network::Regtest).script}};
  for (int i = 0; i < 30; ++i) spec.payouts.push_back({1000, spec.payouts.front().script});  // a PPLNS-like coinbase
  spec.shareCommitment = Bytes(32, 0x42);
  spec.witnessCommitment = Hash32{};
  const chain::Coinbase coinbase = chain::Coinbase::build(spec);
  work.job.coinb1 = coinbase.coinb1();
  work.job.coinb2 = coinbase.coinb2();
  std::vector<Hash32> txids(2000);
  for (auto& txid : txids) {
    for (auto& b : txid) b = std::uint8_t(random());
  }
  work.job.merkleBranch = chain::coinbaseMerkleBranch(txids);
  for (auto& b : work.job.previousBlockHash) b = std::uint8_t(random());
  work.job.version = 0x20000000;
  work.job.bits = 0x1d00ffff;
  work.job.time = std::uint32_t(std::time(nullptr));
  work.job.cleanJobs = clean;
  work.minTime = work.job.time - 3600;
  work.blockTarget = *targetFromCompact(work.job.bits);
  return work;
}

double rate(double seconds, const std::function<void(std::uint32_t)>& once) {
  const auto start = Clock::now();
  std::uint32_t n = 0;
  auto now = start;
  do {
    for (int i = 0; i < 8; ++i) once(n++);
    now = Clock::now();
  } while (now - start < std::chrono::duration<double>(seconds));
  return n / std::chrono::duration<double>(now - start).count();
}

void benchValidation(const char* name, double seconds) {
  const auto algorithm = pow::AlgorithmRegistry::builtin().create(name);
  const stratum::Work work = makeWork(true);
  const Bytes extranonce1{1, 2, 3, 4};
  stratum::Submission submission;
  submission.extranonce2 = Bytes(4, 0);
  submission.ntime = work.job.time;
  const UInt256 target = UInt256(0xffff) << 208;
  std::uint8_t sink = 0;
  std::array<std::uint8_t, 80> header{};
  double raw = 0, checked = 0;
  for (int round = 0; round < 3; ++round) {
    raw = std::max(raw, rate(seconds, [&](std::uint32_t n) {
                     std::memcpy(header.data() + 76, &n, 4);
                     sink ^= algorithm->hash(header)[0];
                   }));
    checked = std::max(checked, rate(seconds, [&](std::uint32_t n) {
                         submission.nonce = n;
                         submission.extranonce2[0] = std::uint8_t(n >> 24);
                         sink ^= stratum::checkShare(work, *algorithm, extranonce1, 4, submission, 0, target,
                                                     work.job.time)
                                     .hash[0];
                       }));
  }
  std::printf("%-8s raw hash %12.1f H/s   full share check %12.1f shares/s   ratio %.3f%s\n", name, raw, checked,
              checked / raw, sink == 0x5a ? " " : "");
}

void benchDelivery(int sessions) {
  if (!bench::raiseFileLimit(std::size_t(sessions) + 64)) {
    std::printf("delivery to %d sessions: skipped, the file descriptor limit is too low\n", sessions);
    return;
  }
  int portPipe[2], readyPipe[2], resultPipe[2];
  if (::pipe(portPipe) != 0 || ::pipe(readyPipe) != 0 || ::pipe(resultPipe) != 0) return;
  const pid_t child = ::fork();
  if (child == 0) {  // before any thread exists in this process
    bench::CrowdOptions crowd;
    crowd.sessions = sessions;
    crowd.user = [](int) { return std::string(kAddress) + ".b"; };
    ::_exit(bench::runCrowd(crowd, portPipe[0], readyPipe[1], resultPipe[1]));
  }

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  const auto algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
  stratum::ServerOptions options;
  options.bindAddress = "127.0.0.1";
  options.port = 0;
  options.coin = "bitcoin";
  options.network = chain::Network::Regtest;
  options.difficultyFamily = DifficultyFamily::Bitcoin;
  options.maxSessions = std::size_t(sessions) + 100;
  stratum::StratumServer server(io, options, *algorithm);
  server.start();
  server.setWork(makeWork(true));
  std::thread ioThread([&] { io.run(); });
  const std::size_t before = bench::residentBytes();
  const std::uint16_t port = server.port();
  if (::write(portPipe[1], &port, sizeof port) != sizeof port) return;

  char ready = 0;
  if (::read(readyPipe[0], &ready, 1) != 1) {
    std::printf("delivery to %d sessions: the clients failed\n", sessions);
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let login traffic settle before measuring
    const std::size_t after = bench::residentBytes();
    std::int64_t sent = 0;
    boost::asio::post(io, [&] {
      sent = bench::monotonicNanos();
      server.setWork(makeWork(false));
    });
    std::vector<std::int64_t> arrival(static_cast<std::size_t>(sessions));
    const bool got = bench::readRound(resultPipe[0], arrival);
    if (got) {
      std::vector<double> latency;
      for (std::int64_t t : arrival) latency.push_back(double(t - sent) / 1e6);
      std::sort(latency.begin(), latency.end());
      std::printf("delivery to %5d sessions: p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   memory %.1f KiB per idle session\n",
                  sessions, latency[latency.size() / 2], latency[latency.size() * 99 / 100], latency.back(),
                  double(after > before ? after - before : 0) / 1024.0 / sessions);
    } else {
      std::printf("delivery to %d sessions: the clients did not report\n", sessions);
    }
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  boost::asio::post(io, [&] { server.stop(); });
  guard.reset();
  ioThread.join();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sessionCounts{1000, 10000};
  double seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::max(0.05, std::atof(argv[++i]));
    } else if (arg == "--sessions" && i + 1 < argc) {
      sessionCounts.clear();
      std::string list = argv[++i];
      for (std::size_t at = 0; at < list.size();) {
        const std::size_t comma = list.find(',', at);
        sessionCounts.push_back(std::atoi(list.substr(at, comma - at).c_str()));
        at = comma == std::string::npos ? list.size() : comma + 1;
      }
    } else {
      std::fprintf(stderr, "usage: %s [--sessions N[,N...]] [--seconds S]\n", argv[0]);
      return 2;
    }
  }
  std::printf("stratum benchmark: one thread per measurement, best of 3 rounds of %.2f s\n\n", seconds);
  benchValidation("sha256d", seconds);
  benchValidation("scrypt", seconds);
  std::printf("\n");
  for (int sessions : sessionCounts) benchDelivery(sessions);
  return 0;
}
