// The crowd: non-blocking sockets on one epoll, lines split by hand (only "is this a job" matters).
#include "stratum_crowd.hpp"

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

namespace otedama::bench {

using Clock = std::chrono::steady_clock;

std::int64_t monotonicNanos() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * std::size_t(::sysconf(_SC_PAGESIZE));
}

bool raiseFileLimit(std::size_t wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur >= rlim_t(wanted);
}

namespace {

void setNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

bool isJob(const std::string& line, bool cleanOnly) {
  // A job, not the subscribe answer (which also names mining.notify); clean: its last param.
  if (line.find("\"method\":\"mining.notify\"") == std::string::npos) return false;
  return !cleanOnly || line.find("true]") != std::string::npos;
}

}  // namespace

int runCrowd(const CrowdOptions& options, int portPipe, int readyPipe, int resultPipe) {
  std::uint16_t port = 0;
  if (::read(portPipe, &port, sizeof port) != sizeof port) return 9;
  const int sessions = options.sessions;
  const int epoll = ::epoll_create1(0);
  std::vector<int> fds;
  std::vector<std::string> buffers(static_cast<std::size_t>(sessions));
  std::vector<int> jobs(static_cast<std::size_t>(sessions), 0);
  std::vector<std::int64_t> arrival(static_cast<std::size_t>(sessions), 0);
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
    const std::string login = std::string("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n") +
                              "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + options.user(i) +
                              "\",\"x\"]}\n";
    if (::send(fd, login.data(), login.size(), MSG_NOSIGNAL) != ssize_t(login.size())) return 1;
    setNonBlocking(fd);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = std::uint32_t(i);
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
    fds.push_back(fd);
  }
  auto pump = [&](int want, bool cleanOnly, std::chrono::seconds limit) {
    int done = 0;
    for (int i = 0; i < sessions; ++i) done += jobs[std::size_t(i)] >= want;
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
            if (isJob(buffer.substr(0, end), cleanOnly) && ++jobs[i] == want) {
              arrival[i] = monotonicNanos();
              ++done;
            }
            buffer.erase(0, end + 1);
          }
        }
      }
    }
    return done == sessions;
  };
  if (!pump(1, false, std::chrono::seconds(120))) return 2;  // logged in: a first job everywhere
  const char ready = 'r';
  if (::write(readyPipe, &ready, 1) != 1) return 3;
  std::fill(jobs.begin(), jobs.end(), 0);
  for (int round = 1; round <= options.rounds; ++round) {
    if (!pump(round, options.cleanJobsOnly, std::chrono::seconds(120))) return 4;
    const std::size_t bytes = arrival.size() * sizeof(std::int64_t);
    if (::write(resultPipe, arrival.data(), bytes) != ssize_t(bytes)) return 5;
  }
  for (int fd : fds) ::close(fd);
  return 0;
}

bool readRound(int resultPipe, std::vector<std::int64_t>& arrival) {
  std::size_t got = 0;
  const std::size_t want = arrival.size() * sizeof(std::int64_t);
  while (got < want) {
    const ssize_t n = ::read(resultPipe, reinterpret_cast<char*>(arrival.data()) + got, want - got);
    if (n <= 0) return false;
    got += std::size_t(n);
  }
  return true;
}

}  // namespace otedama::bench
