// Benchmark support: a crowd of stratum clients in a process of its own (forked before any thread
// exists, so each side has its own file descriptors), driven over pipes. Each client subscribes
// and authorizes as its user, then the crowd reports when every client has seen a given number
// of jobs (mining.notify), optionally counting only clean ones.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace otedama::bench {

std::int64_t monotonicNanos();
std::size_t residentBytes();  // of this process
// Raises the open-file limit as far as allowed; false when it stays below `wanted`.
bool raiseFileLimit(std::size_t wanted);

struct CrowdOptions {
  int sessions = 1000;
  std::function<std::string(int)> user;  // ADDRESS.WORKER of client i
  bool cleanJobsOnly = false;            // count only mining.notify with clean_jobs true
  int rounds = 1;                        // jobs to report after the first
};

// Runs in the forked child: reads the port from `portPipe`, logs everyone in, writes 'r' to
// `readyPipe` once every client has its first job, then for each round writes the arrival time
// (monotonicNanos) of that round's job at every client to `resultPipe`. Returns the exit code.
int runCrowd(const CrowdOptions& options, int portPipe, int readyPipe, int resultPipe);

// Parent side: reads one round of arrival times (sessions values); false when the crowd failed.
bool readRound(int resultPipe, std::vector<std::int64_t>& arrival);

}  // namespace otedama::bench
