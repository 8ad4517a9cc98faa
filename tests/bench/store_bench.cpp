// Store benchmarks, on the file system of --dir (default: the system's temporary folder):
//  1. durable addShare commits per second with synchronous=FULL beside synchronous=OFF, measured
//     in the same run, so the ratio shows what the fsync at every commit costs on this disk;
//  2. addShares in batches of 100 (one transaction, one fsync per batch);
//  3. Store::open (with its quick_check) and loadShares() for 4320 shares of 400 bytes (two PPLNS
//     windows of 2160), the restore at start.
// Usage: otedama-bench-store [--dir DIR] [--seconds S]
#include <sys/vfs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

using namespace otedama;
using namespace otedama::store;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kShareBytes = 400;
constexpr std::size_t kRestoreShares = 4320;
constexpr std::size_t kBatch = 100;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

class ShareMaker {
 public:
  explicit ShareMaker(std::uint64_t seed) : random_(seed) {}

  ShareRecord next() {
    ShareRecord share;
    for (auto& b : share.id) b = static_cast<std::uint8_t>(random_());
    share.previousId = previous_;
    share.height = height_++;
    share.encoded.resize(kShareBytes);
    for (auto& b : share.encoded) b = static_cast<std::uint8_t>(random_());
    share.receivedAt = 1700000000 + static_cast<std::int64_t>(share.height) * 10;
    previous_ = share.id;
    return share;
  }

 private:
  std::mt19937_64 random_;
  Hash32 previous_{};
  std::uint64_t height_ = 0;
};

std::string fileSystemName(const std::filesystem::path& dir) {
  struct statfs info {};
  if (statfs(dir.c_str(), &info) != 0) return "unknown";
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53: return "ext4";
    case 0x01021994: return "tmpfs (fsync costs nothing: the FULL figures mean little)";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x794C7630: return "overlayfs";
    case 0x2FC12FC1: return "zfs";
    default: {
      char hex[32];
      std::snprintf(hex, sizeof hex, "0x%lx", static_cast<unsigned long>(info.f_type));
      return hex;
    }
  }
}

// Single durable inserts for `seconds`; returns commits per second.
double singleCommits(const std::filesystem::path& file, Store::Synchronous synchronous, double seconds) {
  auto store = Store::open(file, Store::Options{synchronous, 5000});
  ShareMaker maker(synchronous == Store::Synchronous::Full ? 1 : 2);
  std::size_t count = 0;
  const auto start = Clock::now();
  while (secondsSince(start) < seconds) {
    store->addShare(maker.next());
    ++count;
  }
  return double(count) / secondsSince(start);
}

// Batches of kBatch for `seconds`; returns batches per second.
double batchCommits(const std::filesystem::path& file, double seconds) {
  auto store = Store::open(file);
  ShareMaker maker(3);
  std::size_t batches = 0;
  std::vector<ShareRecord> batch(kBatch);
  const auto start = Clock::now();
  while (secondsSince(start) < seconds) {
    for (auto& share : batch) share = maker.next();
    store->addShares(batch);
    ++batches;
  }
  return double(batches) / secondsSince(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path parent = std::filesystem::temp_directory_path();
  double seconds = 2.0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--dir" && i + 1 < argc) {
      parent = argv[++i];
    } else if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::max(0.1, std::atof(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--dir DIR] [--seconds S]\n", argv[0]);
      return 2;
    }
  }

  std::string pattern = (parent / "otedama-bench-store-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    std::perror(("cannot create a folder in " + parent.string()).c_str());
    return 1;
  }
  const std::filesystem::path dir = pattern;
  int status = 0;
  try {
    std::printf("otedama store benchmark: %s (%s), %.1f s per rate, shares of %zu bytes, SQLite WAL\n\n",
                dir.c_str(), fileSystemName(dir).c_str(), seconds, kShareBytes);

    const double full = singleCommits(dir / "full.sqlite", Store::Synchronous::Full, seconds);
    const double off = singleCommits(dir / "off.sqlite", Store::Synchronous::Off, seconds);
    const double batches = batchCommits(dir / "batch.sqlite", seconds);

    // The restore: a file of two windows, reopened so the page cache of SQLite starts cold (the
    // operating system's cache stays warm, as it would right after a restart of the node).
    const std::filesystem::path restoreFile = dir / "restore.sqlite";
    {
      auto store = Store::open(restoreFile);
      ShareMaker maker(4);
      std::vector<ShareRecord> shares;
      for (std::size_t i = 0; i < kRestoreShares; ++i) shares.push_back(maker.next());
      store->addShares(shares);
    }
    double bestOpen = 1e9, bestLoad = 1e9;
    std::size_t loaded = 0;
    for (int round = 0; round < 5; ++round) {
      auto start = Clock::now();
      auto store = Store::open(restoreFile);
      bestOpen = std::min(bestOpen, secondsSince(start));
      start = Clock::now();
      loaded = store->loadShares().size();
      bestLoad = std::min(bestLoad, secondsSince(start));
    }

    std::printf("| measurement | result |\n|---|---|\n");
    std::printf("| addShare, synchronous=FULL (durable) | %.0f commits/s (%.3f ms each) |\n", full, 1000.0 / full);
    std::printf("| addShare, synchronous=OFF | %.0f commits/s (%.3f ms each) |\n", off, 1000.0 / off);
    std::printf("| FULL / OFF | %.3f |\n", full / off);
    std::printf("| addShares, batches of %zu, FULL | %.0f batches/s = %.0f shares/s |\n", kBatch, batches,
                batches * double(kBatch));
    std::printf("| Store::open with quick_check, %zu shares | %.1f ms (best of 5) |\n", kRestoreShares, bestOpen * 1e3);
    std::printf("| loadShares(), %zu shares of %zu bytes | %.1f ms (best of 5) |\n", loaded, kShareBytes,
                bestLoad * 1e3);
    if (loaded != kRestoreShares) {
      std::fprintf(stderr, "loadShares returned %zu shares, expected %zu\n", loaded, kRestoreShares);
      status = 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store benchmark: %s\n", e.what());
    status = 1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return status;
}
