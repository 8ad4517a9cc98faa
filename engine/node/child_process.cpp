// Child processes: fork + execv with a death signal, output to a file or captured, timed waits.
#include "node/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>

#include <spdlog/spdlog.h>

namespace otedama::node {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxCapture = std::size_t{16} << 20;

std::string describe(const std::string& program, const std::vector<std::string>& arguments) {
  std::string text = program;
  for (const std::string& argument : arguments) text += ' ' + argument;
  return text;
}

std::string errnoText(int error) { return std::strerror(error); }

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::pair<Fd, Fd> makePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe: " + errnoText(errno));
  return {Fd(fds[0]), Fd(fds[1])};
}

Fd openDevNull(int flags) {
  const int fd = ::open("/dev/null", flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open /dev/null: " + errnoText(errno));
  return Fd(fd);
}

int openPidFd(pid_t pid) {
#ifdef SYS_pidfd_open
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  return fd >= 0 ? int(fd) : -1;
#else
  (void)pid;
  return -1;
#endif
}

struct Spawned {
  pid_t pid = 0;
  int pidFd = -1;
};

// Forks and execs `path`. stdin from /dev/null, stdout/stderr onto the given descriptors. Only
// async-signal-safe calls between fork and exec (the parent may have other threads).
Spawned spawn(const std::filesystem::path& path, const std::string& program, const std::vector<std::string>& arguments,
              int stdoutFd, int stderrFd) {
  std::vector<std::string> argvStrings;
  argvStrings.reserve(arguments.size() + 1);
  argvStrings.push_back(program);
  argvStrings.insert(argvStrings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& argument : argvStrings) argv.push_back(argument.data());
  argv.push_back(nullptr);
  const std::string pathString = path.string();

  Fd stdinFd = openDevNull(O_RDONLY);
  auto [errorRead, errorWrite] = makePipe();  // carries errno when exec fails; closed by a good exec
  const pid_t parent = ::getpid();
  const long maxFd = std::clamp(::sysconf(_SC_OPEN_MAX), 256L, 65536L);

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot start " + program + ": fork failed: " + errnoText(errno));
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction defaults {};
    defaults.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; ++signal) ::sigaction(signal, &defaults, nullptr);
    const auto moveTo = [](int fd, int target) {  // dup2 keeps a descriptor already in place close-on-exec
      return fd == target ? ::fcntl(fd, F_SETFD, 0) : ::dup2(fd, target);
    };
    if (moveTo(stdinFd.get(), 0) < 0 || moveTo(stdoutFd, 1) < 0 || moveTo(stderrFd, 2) < 0) {
      const int error = errno;
      (void)!::write(errorWrite.get(), &error, sizeof error);
      ::_exit(127);
    }
    // None of the parent's descriptors (listening sockets, databases) may outlive it in the child.
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */) != 0)
#endif
    {
      for (int fd = 3; fd < maxFd; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    ::execv(pathString.c_str(), argv.data());
    const int error = errno;
    (void)!::write(errorWrite.get(), &error, sizeof error);
    ::_exit(127);
  }

  errorWrite.reset();
  const int pidFd = openPidFd(pid);
  int childErrno = 0;
  ssize_t got;
  do {
    got = ::read(errorRead.get(), &childErrno, sizeof childErrno);
  } while (got < 0 && errno == EINTR);
  if (got > 0) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (pidFd >= 0) ::close(pidFd);
    throw std::runtime_error("cannot start " + describe(program, arguments) + ": " + errnoText(childErrno));
  }
  return {pid, pidFd};
}

std::filesystem::path resolveOrThrow(const std::string& program) {
  std::optional<std::filesystem::path> path = findProgram(program);
  if (!path) {
    throw std::runtime_error("cannot start " + program + ": " +
                             (program.find('/') == std::string::npos ? "not found on PATH" : "no such executable"));
  }
  return *path;
}

std::string secondsText(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", double(duration.count()) / 1000.0);
  return text;
}

int codeFromStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::optional<std::filesystem::path> findProgram(const std::string& program) {
  if (program.empty()) return std::nullopt;
  const auto executable = [](const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) {
    if (executable(program)) return std::filesystem::path(program);
    return std::nullopt;
  }
  const char* pathVariable = std::getenv("PATH");
  std::string_view rest = pathVariable ? pathVariable : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = rest.find(':');
    std::string_view directory = rest.substr(0, colon);
    if (directory.empty()) directory = ".";
    const std::filesystem::path candidate = std::filesystem::path(directory) / program;
    if (executable(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

ChildProcess ChildProcess::start(const std::string& program, const std::vector<std::string>& arguments,
                                 const std::filesystem::path& outputFile) {
  const std::filesystem::path path = resolveOrThrow(program);
  Fd output;
  if (outputFile.empty()) {
    output = openDevNull(O_WRONLY);
  } else {
    const int fd = ::open(outputFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot open " + outputFile.string() + ": " + errnoText(errno));
    output = Fd(fd);
  }
  const Spawned spawned = spawn(path, program, arguments, output.get(), output.get());
  ChildProcess child(spawned.pid, spawned.pidFd, describe(program, arguments));
  spdlog::debug("process: started {} (pid {})", child.description_, child.pid_);
  return child;
}

ChildProcess::ChildProcess(pid_t pid, int pidFd, std::string description)
    : pid_(pid), pidFd_(pidFd), description_(std::move(description)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) kill();
  closePidFd();
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, 0)),
      pidFd_(std::exchange(other.pidFd_, -1)),
      exitCode_(std::exchange(other.exitCode_, std::nullopt)),
      description_(std::move(other.description_)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0) kill();
    closePidFd();
    pid_ = std::exchange(other.pid_, 0);
    pidFd_ = std::exchange(other.pidFd_, -1);
    exitCode_ = std::exchange(other.exitCode_, std::nullopt);
    description_ = std::move(other.description_);
  }
  return *this;
}

void ChildProcess::closePidFd() {
  if (pidFd_ >= 0) ::close(pidFd_);
  pidFd_ = -1;
}

bool ChildProcess::running() const {
  if (pid_ <= 0) return false;
  siginfo_t info{};
  if (::waitid(P_PID, id_t(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return false;
  return info.si_pid == 0;
}

bool ChildProcess::reap(int options) {
  if (pid_ <= 0) return true;
  int status = 0;
  pid_t result;
  do {
    result = ::waitpid(pid_, &status, options);
  } while (result < 0 && errno == EINTR);
  if (result == 0) return false;
  exitCode_ = result == pid_ ? codeFromStatus(status) : -1;  // -1: reaped elsewhere (ECHILD)
  spdlog::debug("process: {} (pid {}) exited with {}", description_, pid_, *exitCode_);
  pid_ = 0;
  closePidFd();
  return true;
}

std::optional<int> ChildProcess::waitFor(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  std::chrono::milliseconds step{1};
  while (true) {
    if (reap(WNOHANG)) return exitCode_;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    if (pidFd_ >= 0) {
      pollfd readable{pidFd_, POLLIN, 0};
      ::poll(&readable, 1, int(std::min<std::int64_t>(left.count(), 60000)));
    } else {
      std::this_thread::sleep_for(std::min(step, left));
      step = std::min(step * 2, std::chrono::milliseconds(50));
    }
  }
}

void ChildProcess::terminate() {
  if (pid_ > 0) ::kill(pid_, SIGTERM);
}

void ChildProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap(0);
}

std::string ChildProcess::description() const { return description_; }

ProcessResult runCommand(const std::string& program, const std::vector<std::string>& arguments,
                         std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  const std::filesystem::path path = resolveOrThrow(program);
  auto [outRead, outWrite] = makePipe();
  auto [errRead, errWrite] = makePipe();
  const Spawned spawned = spawn(path, program, arguments, outWrite.get(), errWrite.get());
  ChildProcess child(spawned.pid, spawned.pidFd, describe(program, arguments));  // reaped on every path
  outWrite.reset();
  errWrite.reset();

  ProcessResult result;
  struct Stream {
    Fd* fd;
    std::string* text;
  };
  Stream streams[2] = {{&outRead, &result.output}, {&errRead, &result.errors}};
  bool timedOut = false;
  while (outRead.get() >= 0 || errRead.get() >= 0) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timedOut = true;
      break;
    }
    pollfd fds[2];
    Stream* order[2];
    nfds_t count = 0;
    for (Stream& stream : streams) {
      if (stream.fd->get() < 0) continue;
      fds[count] = {stream.fd->get(), POLLIN, 0};
      order[count++] = &stream;
    }
    if (::poll(fds, count, int(std::min<std::int64_t>(left.count(), 60000))) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot read the output of " + child.description() + ": " + errnoText(errno));
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      char buffer[8192];
      const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        if (order[i]->text->size() < kMaxCapture) order[i]->text->append(buffer, std::size_t(got));
      } else if (got == 0 || errno != EINTR) {
        order[i]->fd->reset();
      }
    }
  }
  std::optional<int> code;
  if (!timedOut) code = child.waitFor(std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()),
                                               std::chrono::milliseconds(0)));
  if (!code) {
    child.kill();
    throw std::runtime_error(child.description() + " did not finish within " + secondsText(timeout) +
                             (result.errors.empty() ? "" : ": " + result.errors));
  }
  result.exitCode = *code;
  return result;
}

std::string runChecked(const std::string& program, const std::vector<std::string>& arguments,
                       std::chrono::milliseconds timeout) {
  ProcessResult result = runCommand(program, arguments, timeout);
  const auto trim = [](std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    return text;
  };
  if (result.exitCode != 0) {
    std::string printed = trim(result.errors);
    const std::string output = trim(result.output);
    if (!output.empty()) printed += (printed.empty() ? "" : "\n") + output;
    throw std::runtime_error(describe(program, arguments) + " failed (exit code " + std::to_string(result.exitCode) +
                             ")" + (printed.empty() ? "" : ": " + printed));
  }
  return trim(std::move(result.output));
}

}  // namespace otedama::node
