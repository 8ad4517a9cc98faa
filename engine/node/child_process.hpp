// Child processes for the parts Otedama runs by itself (the sandbox's litecoind nodes and
// litecoin-cli): start a program with arguments (fork + execvp), its output to a file, waiting
// with a timeout, terminate/kill, and "run, capture the output, with a timeout" for short
// commands. Children get their own process group (a Ctrl-C meant for Otedama does not reach
// them; Otedama stops them itself), an empty signal mask, none of Otedama's file descriptors,
// and PR_SET_PDEATHSIG(SIGKILL), so a crashed Otedama never leaves them behind.
//
// Linux caveat of PR_SET_PDEATHSIG: the signal comes when the *thread* that started the child
// exits, not only the process. Start long-lived children from a thread that outlives them.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace otedama::node {

// The program's full path: `program` itself when it contains a '/', else the first executable
// match on PATH; nullopt when there is none.
std::optional<std::filesystem::path> findProgram(const std::string& program);

struct ProcessResult {
  int exitCode = 0;
  std::string output;  // stdout
  std::string errors;  // stderr
};

class ChildProcess {
 public:
  ChildProcess() = default;
  // Starts `program` (searched on PATH like execvp) with `arguments`; stdout and stderr are
  // appended to `outputFile` (empty: discarded). Throws std::runtime_error naming the program
  // and the reason when it cannot be started (including "not found").
  static ChildProcess start(const std::string& program, const std::vector<std::string>& arguments,
                            const std::filesystem::path& outputFile = {});

  ~ChildProcess();  // kill() when still running
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool valid() const { return pid_ > 0; }  // started and not yet reaped
  pid_t pid() const { return pid_; }       // 0 once reaped
  // Still running (does not reap: an exited child stays visible to waitFor).
  bool running() const;

  // Waits up to `timeout` for the child to exit; returns its exit code (128 + signal when killed
  // by a signal), or nullopt when it is still running. After an exit, later calls return the same
  // code. Sleeps on a pidfd (or in short steps on kernels without one), never longer than needed.
  std::optional<int> waitFor(std::chrono::milliseconds timeout);
  std::optional<int> exitCode() const { return exitCode_; }

  void terminate();  // SIGTERM (no wait)
  void kill();       // SIGKILL and reap

  std::string description() const;  // "program arg1 arg2"

 private:
  friend ProcessResult runCommand(const std::string&, const std::vector<std::string>&, std::chrono::milliseconds);
  ChildProcess(pid_t pid, int pidFd, std::string description);
  bool reap(int options);
  void closePidFd();

  pid_t pid_ = 0;
  int pidFd_ = -1;
  std::optional<int> exitCode_;
  std::string description_;
};

// Runs a short command to completion and captures stdout and stderr (each up to 16 MiB). Throws
// std::runtime_error when it cannot start or does not finish within `timeout` (it is then
// killed); a non-zero exit code is returned, not thrown.
ProcessResult runCommand(const std::string& program, const std::vector<std::string>& arguments,
                         std::chrono::milliseconds timeout);

// As runCommand, but a non-zero exit code throws std::runtime_error with the program, the
// arguments and what it printed. Returns stdout with trailing whitespace removed.
std::string runChecked(const std::string& program, const std::vector<std::string>& arguments,
                       std::chrono::milliseconds timeout);

}  // namespace otedama::node
