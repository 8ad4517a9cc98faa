// Proof-of-work throughput: each algorithm through Otedama's Algorithm interface beside the raw
// library call (OpenSSL EVP SHA-256d, libsodium scrypt, librandomx light and fast), measured in
// the same run in alternating rounds, with the ratio ours/raw. A child run with OpenSSL's SHA
// extensions masked (OPENSSL_ia32cap) shows whether OpenSSL really uses them on this CPU.
//
// Usage: otedama-bench-pow [--seconds S] [--rounds N] [--no-fast] [--only sha256d-raw]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include <openssl/evp.h>
#include <randomx.h>
#include <sodium.h>

#include "crypto/cpu_features.hpp"
#include "pow/randomx_algorithm.hpp"
#include "pow/registry.hpp"
#include "util/hex.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace otedama;

struct Settings {
  double seconds = 1.0;
  int rounds = 3;
  bool fast = true;
};

// The Bitcoin genesis header; the nonce (last 4 bytes) changes every hash as in mining.
Bytes benchHeader() {
  return fromHex(
      "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81b"
      "c3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c");
}

void bumpNonce(Bytes& header) {
  for (std::size_t i = header.size() - 4; i < header.size(); ++i) {
    if (++header[i] != 0) break;
  }
}

std::uint8_t sink = 0;  // consumes every hash so none can be optimized away

// Hashes per second of `hashOnce` over about `seconds`.
double measure(double seconds, const std::function<void(Bytes&)>& hashOnce) {
  Bytes header = benchHeader();
  const auto start = Clock::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  std::uint64_t count = 0;
  auto now = start;
  do {
    for (int i = 0; i < 16; ++i) {
      hashOnce(header);
      bumpNonce(header);
    }
    count += 16;
    now = Clock::now();
  } while (now < until);
  return double(count) / std::chrono::duration<double>(now - start).count();
}

struct Pair {
  double raw = 0, ours = 0;
};

// Alternates raw and ours for several rounds and keeps each one's best round.
Pair compare(const Settings& s, const std::function<void(Bytes&)>& raw, const std::function<void(Bytes&)>& ours) {
  Pair best;
  measure(s.seconds / 4, raw);  // warm-up: caches, JIT, page faults
  measure(s.seconds / 4, ours);
  for (int r = 0; r < s.rounds; ++r) {
    best.raw = std::max(best.raw, measure(s.seconds, raw));
    best.ours = std::max(best.ours, measure(s.seconds, ours));
  }
  return best;
}

void printPair(const char* algorithm, const char* rawName, const Pair& p) {
  std::printf("%-14s %-34s %14.1f H/s\n", algorithm, rawName, p.raw);
  std::printf("%-14s %-34s %14.1f H/s   ratio ours/raw %.3f\n", algorithm, "otedama pow::Algorithm", p.ours,
              p.ours / p.raw);
  std::fflush(stdout);
}

// The raw OpenSSL path as a careful direct user writes it: fetched MD, one reused context.
struct RawSha256d {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~RawSha256d() {
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
  }
  void operator()(Bytes& header) {
    unsigned char first[32], second[32];
    EVP_DigestInit_ex2(ctx, md, nullptr);
    EVP_DigestUpdate(ctx, header.data(), header.size());
    EVP_DigestFinal_ex(ctx, first, nullptr);
    EVP_DigestInit_ex2(ctx, md, nullptr);
    EVP_DigestUpdate(ctx, first, 32);
    EVP_DigestFinal_ex(ctx, second, nullptr);
    sink ^= second[0];
  }
};

void benchSha256d(const Settings& s, const char* self) {
  RawSha256d raw;
  const auto ours = pow::AlgorithmRegistry::builtin().create("sha256d");
  const Pair p = compare(s, std::ref(raw), [&](Bytes& h) { sink ^= ours->hash(h)[0]; });
  printPair("sha256d", "OpenSSL EVP (raw)", p);

  // Child run with SHA-NI masked in OpenSSL's capability vector (CPUID.7:EBX bit 29).
  const std::string command = std::string("OPENSSL_ia32cap=':~0x20000000' '") + self + "' --only sha256d-raw --seconds " +
                              std::to_string(s.seconds);
  if (FILE* child = popen(command.c_str(), "r")) {
    double masked = 0;
    if (std::fscanf(child, "%lf", &masked) == 1 && masked > 0) {
      std::printf("%-14s %-34s %14.1f H/s   SHA extensions speed-up %.2fx (cpu: %s)\n", "sha256d",
                  "OpenSSL EVP, SHA-NI masked", masked, p.raw / masked,
                  crypto::cpuHasShaExtensions() ? "has sha-ni" : "no sha-ni");
    }
    pclose(child);
  }
}

void benchScrypt(const Settings& s) {
  const auto ours = pow::AlgorithmRegistry::builtin().create("scrypt");
  const Pair p = compare(
      s,
      [](Bytes& h) {
        unsigned char out[32] = {};
        if (crypto_pwhash_scryptsalsa208sha256_ll(h.data(), h.size(), h.data(), h.size(), 1024, 1, 1, out, 32) != 0) {
          std::abort();
        }
        sink ^= out[0];
      },
      [&](Bytes& h) { sink ^= ours->hash(h)[0]; });
  printPair("scrypt", "libsodium scryptsalsa208sha256_ll", p);
}

// librandomx used directly: one cache (and dataset), one VM, the library's recommended flags.
class RawRandomX {
 public:
  RawRandomX(ByteSpan key, bool fast) {
    flags_ = randomx_get_flags();
    cache_ = randomx_alloc_cache(flags_);
    randomx_init_cache(cache_, key.data(), key.size());
    if (fast) {
      flags_ = flags_ | RANDOMX_FLAG_FULL_MEM;
      dataset_ = randomx_alloc_dataset(flags_);
      const unsigned long items = randomx_dataset_item_count();
      std::thread other([&] { randomx_init_dataset(dataset_, cache_, 0, items / 2); });
      randomx_init_dataset(dataset_, cache_, items / 2, items - items / 2);
      other.join();
    }
    vm_ = randomx_create_vm(flags_, cache_, dataset_);
  }
  ~RawRandomX() {
    randomx_destroy_vm(vm_);
    if (dataset_) randomx_release_dataset(dataset_);
    randomx_release_cache(cache_);
  }
  void operator()(Bytes& input) {
    unsigned char out[RANDOMX_HASH_SIZE];
    randomx_calculate_hash(vm_, input.data(), input.size(), out);
    sink ^= out[0];
  }
  bool ok() const { return vm_ != nullptr; }

 private:
  randomx_flags flags_{};
  randomx_cache* cache_ = nullptr;
  randomx_dataset* dataset_ = nullptr;
  randomx_vm* vm_ = nullptr;
};

void benchRandomX(const Settings& s, bool fast) {
  const Bytes key = fromHex("bf513dbe52c22b09e65edae222ec902d6adb75585a0141b81a165f0fb0c9c0bc");
  RawRandomX raw(key, fast);
  if (!raw.ok()) {
    std::printf("randomx %s: cannot create a VM (memory?), skipped\n", fast ? "fast" : "light");
    return;
  }
  pow::RandomXAlgorithm ours({.mode = fast ? pow::RandomXMode::Fast : pow::RandomXMode::Light, .threads = 2, .keysKept = 1});
  ours.hash(benchHeader(), key);  // builds its context before timing
  const Pair p = compare(s, std::ref(raw), [&](Bytes& h) { sink ^= ours.hash(h, key)[0]; });
  printPair(fast ? "randomx fast" : "randomx light", fast ? "librandomx, dataset (raw)" : "librandomx, cache (raw)", p);
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  std::string_view only;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      settings.seconds = std::max(0.05, std::atof(argv[++i]));
    } else if (arg == "--rounds" && i + 1 < argc) {
      settings.rounds = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--no-fast") {
      settings.fast = false;
    } else if (arg == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--seconds S] [--rounds N] [--no-fast]\n", argv[0]);
      return 2;
    }
  }
  if (sodium_init() < 0) return 1;

  if (only == "sha256d-raw") {  // child mode for the SHA-NI comparison: print H/s only
    RawSha256d raw;
    std::printf("%.1f\n", measure(settings.seconds, std::ref(raw)));
    return 0;
  }

  std::printf("otedama pow benchmark: %.2f s x %d rounds per path, best round kept, 1 thread; cpu: %s\n\n",
              settings.seconds, settings.rounds, crypto::cpuFeatureSummary().c_str());
  benchSha256d(settings, argv[0]);
  benchScrypt(settings);
  benchRandomX(settings, false);
  if (settings.fast) {
    if (pow::RandomXAlgorithm::fastModeFits(2)) {
      benchRandomX(settings, true);
    } else {
      std::printf("randomx fast: not enough free memory for two 2 GiB datasets, skipped\n");
    }
  }
  return sink == 0x5a ? 0 : 0;  // uses the sink
}
