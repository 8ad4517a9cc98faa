// Stratum server benchmarks:
//  1. shares checked per second on one core (the full check: coinbase, merkle root, header, hash,
//     targets) beside the raw hash rate of the same algorithm, measured in the same run;
//  2. time from setWork to each session receiving the new job, for 1,000 and 10,000 sessions
//     (p50/p99), with the clients in a child process so each side has its own file descriptors;
//  3. server memory per idle, logged-in session (resident set growth / sessions).
// Usage: otedama-bench-stratum [--sessions N[,N...]] [--seconds S]
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
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
#include "util/compact_target.hpp"

using namespace otedama;
using Clock = std::chrono::steady_clock;

namespace {

const char* kAddress = "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9";

std::int64_t monotonicNanos() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

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

// ---- the client side of the delivery benchmark (child process) ----

void setNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Logs in `sessions` clients, signals ready, then reports when each saw its next mining.notify.
int runClients(std::uint16_t port, int sessions, int readyPipe, int resultPipe) {
  const int epoll = ::epoll_create1(0);
  std::vector<int> fds;
  std::vector<std::string> buffers(static_cast<std::size_t>(sessions));
  std::vector<int> notifies(static_cast<std::size_t>(sessions), 0);
  std::vector<std::int64_t> arrival(static_cast<std::size_t>(sessions), 0);
  const std::string login = std::string("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n") +
                            "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + kAddress + ".b\",\"x\"]}\n";
  for (int i = 0; i < sessions; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      std::fprintf(stderr, "client %d: connect failed: %s\n", i, std::strerror(errno));
      return 1;
    }
    if (::send(fd, login.data(), login.size(), MSG_NOSIGNAL) != ssize_t(login.size())) return 1;
    setNonBlocking(fd);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = std::uint32_t(i);
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
    fds.push_back(fd);
  }
  auto pump = [&](int wantNotifies, std::chrono::seconds limit) {
    int done = 0;
    for (int i = 0; i < sessions; ++i) done += notifies[std::size_t(i)] >= wantNotifies;
    const auto deadline = Clock::now() + limit;
    std::vector<epoll_event> events(1024);
    char chunk[65536];
    while (done < sessions && Clock::now() < deadline) {
      const int n = ::epoll_wait(epoll, events.data(), int(events.size()), 100);
      for (int e = 0; e < n; ++e) {
        const std::size_t i = events[std::size_t(e)].data.u32;
        for (;;) {
          const ssize_t got = ::recv(fds[i], chunk, sizeof chunk, 0);
          if (got <= 0) break;
          std::string& buffer = buffers[i];
          buffer.append(chunk, std::size_t(got));
          std::size_t end;
          while ((end = buffer.find('\n')) != std::string::npos) {
            // A job, not the subscribe answer (which also names mining.notify).
            if (buffer.find("\"method\":\"mining.notify\"") < end) {
              if (++notifies[i] == wantNotifies) {
                arrival[i] = monotonicNanos();
                ++done;
              }
            }
            buffer.erase(0, end + 1);
          }
        }
      }
    }
    return done == sessions;
  };
  if (!pump(1, std::chrono::seconds(120))) return 2;  // logged in: the first job arrived everywhere
  const char ready = 'r';
  if (::write(readyPipe, &ready, 1) != 1) return 3;
  if (!pump(2, std::chrono::seconds(120))) return 4;  // the second job
  const std::size_t bytes = arrival.size() * sizeof(std::int64_t);
  if (::write(resultPipe, arrival.data(), bytes) != ssize_t(bytes)) return 5;
  for (int fd : fds) ::close(fd);
  return 0;
}

std::size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * std::size_t(::sysconf(_SC_PAGESIZE));
}

void benchDelivery(int sessions) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < rlim_t(sessions) + 64) {
    std::printf("delivery to %d sessions: skipped, the file descriptor limit is %lu\n", sessions,
                static_cast<unsigned long>(limit.rlim_cur));
    return;
  }
  int portPipe[2], readyPipe[2], resultPipe[2];
  if (::pipe(portPipe) != 0 || ::pipe(readyPipe) != 0 || ::pipe(resultPipe) != 0) return;
  const pid_t child = ::fork();
  if (child == 0) {  // before any thread exists in this process
    std::uint16_t port = 0;
    if (::read(portPipe[0], &port, sizeof port) != sizeof port) ::_exit(9);
    ::_exit(runClients(port, sessions, readyPipe[1], resultPipe[1]));
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
  const std::size_t before = residentBytes();
  const std::uint16_t port = server.port();
  if (::write(portPipe[1], &port, sizeof port) != sizeof port) return;

  char ready = 0;
  if (::read(readyPipe[0], &ready, 1) != 1) {
    std::printf("delivery to %d sessions: the clients failed\n", sessions);
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let login traffic settle before measuring
    const std::size_t after = residentBytes();
    std::int64_t sent = 0;
    boost::asio::post(io, [&] {
      sent = monotonicNanos();
      server.setWork(makeWork(false));
    });
    std::vector<std::int64_t> arrival(static_cast<std::size_t>(sessions));
    std::size_t got = 0;
    const std::size_t want = arrival.size() * sizeof(std::int64_t);
    while (got < want) {
      const ssize_t n = ::read(resultPipe[0], reinterpret_cast<char*>(arrival.data()) + got, want - got);
      if (n <= 0) break;
      got += std::size_t(n);
    }
    if (got == want) {
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
