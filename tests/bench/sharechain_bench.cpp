// Share-chain benchmarks at the default PPLNS window (2160 shares) with 500 miners and coinbases of
// up to 256 payouts, each figure beside a reference measured in the same run:
//  1. shares verified per second without proof of work (a peer's share on the tip: every check,
//     the coinbase rebuilt with its payouts, the window moved), and where that time goes;
//  2. the same with scrypt proof of work, as a multiple of one scrypt hash of an 80-byte header;
//  3. the PPLNS window move alone (add the joining share's credits, remove the leaving one's)
//     beside recomputing the window from scratch, a whole insert of a new tip, one payout
//     computation (payout order + reward split) and one share job for a local payout script;
//  4. restore at start from a real SQLite store of two windows (open + ShareArchive::restore)
//     beside loadShares() alone; the restored tip must be the original tip.
// Shares are mined with the tests' ShareFactory: SHA-256d at a trivial share target (about 16
// hashes a share), or scrypt at a target of about 2^255 (about 2 hashes a share).
// Usage: otedama-bench-sharechain [--shares N] [--rounds R] [--dir DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sha256.hpp"
#include "node/share_archive.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"
#include "sharechain/payout_split.hpp"
#include "sharechain/retarget.hpp"
#include "sharechain/share_coinbase.hpp"
#include "store/store.hpp"

using namespace otedama;
using namespace otedama::sharechain;
using Clock = std::chrono::steady_clock;

namespace {

constexpr unsigned kWindow = 2160;
constexpr unsigned kMiners = 500;
constexpr std::size_t kMaxOutputs = 256;
constexpr std::uint64_t kStart = 1'700'000'000;
constexpr std::uint64_t kSpacing = 10;  // the target share time: the retarget stays put
constexpr std::size_t kScryptShares = 200;
constexpr std::size_t kMoves = 20000;
constexpr std::size_t kRecomputes = 50;

struct Settings {
  std::size_t shares = 1000;  // new shares verified per round in 1 and 3c
  int rounds = 3;
  std::filesystem::path dir = std::filesystem::temp_directory_path();
};

int failures = 0;

void fail(const std::string& what) {
  std::fprintf(stderr, "FAILED: %s\n", what.c_str());
  ++failures;
}

double microsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

struct Stats {
  double mean = 0, p50 = 0, p99 = 0, max = 0;
};

Stats summarize(std::vector<double> micros) {
  Stats stats;
  if (micros.empty()) return stats;
  std::sort(micros.begin(), micros.end());
  stats.mean = std::accumulate(micros.begin(), micros.end(), 0.0) / double(micros.size());
  stats.p50 = micros[micros.size() / 2];
  stats.p99 = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  stats.max = micros.back();
  return stats;
}

InsertOptions at(std::uint64_t now, bool powVerified) {
  InsertOptions options;
  options.now = static_cast<std::int64_t>(now);
  options.powVerified = powVerified;
  return options;
}

// The default window and output limit on the tests' SHA-256d parameters.
ShareChainParams benchParams() {
  ShareChainParams params = test::testShareParams(kWindow);
  params.maxPayoutOutputs = kMaxOutputs;
  return params;
}

// Who mined the i-th share: every other share goes round the 500 miners, so every window holds
// all of them; the rest are skewed towards low numbers (a few big miners), so weights differ and
// the 256-output limit really cuts.
class MinerPicker {
 public:
  MinerPicker() {
    for (unsigned m = 0; m < kMiners; ++m) scripts_.push_back(test::minerScript(m));
  }
  const Bytes& next() {
    const std::uint64_t i = count_++;
    if (i % 2 == 0) return scripts_[(i / 2) % kMiners];
    const double u = std::uniform_real_distribution<double>(0, 1)(random_);
    return scripts_[std::min<unsigned>(kMiners - 1, static_cast<unsigned>(u * u * kMiners))];
  }

 private:
  std::vector<Bytes> scripts_;
  std::mt19937_64 random_{2160};
  std::uint64_t count_ = 0;
};

// Mines `count` shares on the tip of `chain` (inserting each, so the next builds on it).
std::vector<Share> extend(ShareChain& chain, test::ShareFactory& factory, MinerPicker& miners, std::size_t count,
                          std::uint64_t& now) {
  std::vector<Share> shares;
  shares.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    now += kSpacing;
    Share share = factory.make(miners.next(), now);
    const InsertResult result = chain.insert(share, at(now, true));
    if (result.first().status != InsertStatus::Added) {
      fail("a mined share was not added: " + std::string(refusalName(result.first().refusal)) + " " +
           result.first().detail);
      break;
    }
    shares.push_back(std::move(share));
  }
  return shares;
}

// Inserts `shares` in order, timing each insert; returns the seconds of the whole batch.
double insertTimed(ShareChain& chain, std::vector<Share> shares, std::uint64_t now, bool powVerified,
                   std::vector<double>* perInsert) {
  const InsertOptions options = at(now, powVerified);
  const auto batchStart = Clock::now();
  for (Share& share : shares) {
    const auto start = Clock::now();
    const InsertResult result = chain.insert(std::move(share), options);
    if (perInsert) perInsert->push_back(microsSince(start));
    if (result.first().status != InsertStatus::Added || !result.tipChange) {
      fail("a verified share was not added on the tip: " + std::string(refusalName(result.first().refusal)) + " " +
           result.first().detail);
      break;
    }
  }
  return microsSince(batchStart) / 1e6;
}

// A chain with the same shares as the source's first `prefix` (restored: no checks, no timing).
std::unique_ptr<ShareChain> sinkWith(const ShareChainParams& params, const pow::Algorithm& algorithm,
                                     const std::vector<Share>& prefix, std::uint64_t now) {
  auto sink = std::make_unique<ShareChain>(params, algorithm);
  if (!prefix.empty()) {
    sink->restore(prefix, static_cast<std::int64_t>(now));
    if (!sink->tip() || sink->tip()->id != shareId(prefix.back())) fail("the sink's restored tip is not the source's");
  }
  return sink;
}

// Mean microseconds of `body` over about `seconds` (after one warm-up call).
template <typename Body>
double meanMicros(double seconds, Body body) {
  body();
  std::size_t count = 0;
  const auto start = Clock::now();
  do {
    body();
    ++count;
  } while (microsSince(start) < seconds * 1e6);
  return microsSince(start) / double(count);
}

std::uint8_t sink = 0;  // consumes results so that no timed work is optimized away

void row(const std::string& measurement, const std::string& result) {
  std::printf("| %s | %s |\n", measurement.c_str(), result.c_str());
}

std::string printed(const char* pattern, auto... values) {
  char text[256];
  std::snprintf(text, sizeof text, pattern, values...);
  return text;
}

// ---- 1 and 3c: verification without proof of work, on a full window ----

struct ChainFixture {
  std::unique_ptr<pow::Algorithm> sha256d = pow::AlgorithmRegistry::builtin().create("sha256d");
  ShareChainParams params = benchParams();
  std::unique_ptr<ShareChain> source;
  std::vector<Share> prefix;  // two windows: the restore file, and the sinks' starting point
  std::vector<Share> fresh;   // the new shares on top of the prefix, verified by the sinks
  std::uint64_t now = kStart;
  double buildSeconds = 0;
};

void buildChain(ChainFixture& f, std::size_t freshCount) {
  const auto start = Clock::now();
  f.source = std::make_unique<ShareChain>(f.params, *f.sha256d);
  test::ShareFactory factory(*f.source);
  MinerPicker miners;
  f.prefix = extend(*f.source, factory, miners, 2 * kWindow, f.now);
  f.fresh = extend(*f.source, factory, miners, freshCount, f.now);
  f.buildSeconds = microsSince(start) / 1e6;
  if (f.source->window().minerCount() != kMiners) {
    fail("the window holds " + std::to_string(f.source->window().minerCount()) + " miners, not 500");
  }
}

// ---- 4: restore from SQLite ----

struct RestoreFigures {
  double open = 1e18, restore = 1e18, total = 1e18, load = 1e18, loadOpen = 1e18, chainRestore = 1e18;
  std::size_t stored = 0, restored = 0;
  std::size_t bytes = 0;
  bool tipMatches = true;
};

RestoreFigures benchRestore(const ChainFixture& f, const std::filesystem::path& dir, int rounds) {
  RestoreFigures figures;
  const std::filesystem::path file = dir / "shares.sqlite";
  {
    auto store = store::Store::open(file);
    std::vector<store::ShareRecord> records;
    records.reserve(f.prefix.size());
    for (const Share& share : f.prefix) {
      records.push_back({shareId(share), share.data.previousShareId, share.data.height, encodeShare(share),
                         static_cast<std::int64_t>(share.data.timestamp), false});
      figures.bytes += records.back().encoded.size();
    }
    store->addShares(records);
  }  // closed: every round below opens it afresh, as a restarting node does
  const Hash32 tip = shareId(f.prefix.back());
  for (int round = 0; round < rounds; ++round) {
    {
      auto start = Clock::now();
      auto store = store::Store::open(file);
      const double open = microsSince(start);
      ShareChain chain(f.params, *f.sha256d);
      node::ShareArchive archive(*store, chain);
      start = Clock::now();
      const node::RestoreReport report = archive.restore(static_cast<std::int64_t>(f.now));
      const double restore = microsSince(start);
      figures.open = std::min(figures.open, open);
      figures.restore = std::min(figures.restore, restore);
      figures.total = std::min(figures.total, open + restore);
      figures.stored = report.stored;
      figures.restored = report.restored;
      if (!chain.tip() || chain.tip()->id != tip) {
        figures.tipMatches = false;
        fail("the restored tip is not the original tip");
      }
      if (report.restored != f.prefix.size() || report.undecodable != 0) {
        fail("restored " + std::to_string(report.restored) + " shares (" + std::to_string(report.undecodable) +
             " undecodable), expected " + std::to_string(f.prefix.size()));
      }
      if (chain.window().minerCount() != kMiners) fail("the restored window does not hold the 500 miners");
    }
    {  // the reference on a connection of its own, so its SQLite page cache starts cold too
      auto start = Clock::now();
      auto store = store::Store::open(file);
      figures.loadOpen = std::min(figures.loadOpen, microsSince(start));
      start = Clock::now();
      const std::vector<store::ShareRecord> records = store->loadShares();
      figures.load = std::min(figures.load, microsSince(start));
      if (records.size() != f.prefix.size()) fail("loadShares returned " + std::to_string(records.size()) + " shares");
    }
    {  // the share chain's own part: linking, crediting and building the window of decoded shares
      std::vector<Share> shares = f.prefix;
      ShareChain chain(f.params, *f.sha256d);
      const auto start = Clock::now();
      chain.restore(std::move(shares), static_cast<std::int64_t>(f.now));
      figures.chainRestore = std::min(figures.chainRestore, microsSince(start));
    }
  }
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--shares" && i + 1 < argc) {
      settings.shares = std::max<std::size_t>(10, std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--rounds" && i + 1 < argc) {
      settings.rounds = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--dir" && i + 1 < argc) {
      settings.dir = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--shares N] [--rounds R] [--dir DIR]\n", argv[0]);
      return 2;
    }
  }

  std::string pattern = (settings.dir / "otedama-bench-sharechain-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    std::perror(("cannot create a folder in " + settings.dir.string()).c_str());
    return 1;
  }
  const std::filesystem::path dir = pattern;

  try {
    std::printf("otedama share-chain benchmark: window %u, %u miners, up to %zu payouts, %zu new shares x %d rounds "
                "(best round kept), 1 thread\n",
                kWindow, kMiners, kMaxOutputs, settings.shares, settings.rounds);
    std::fflush(stdout);

    ChainFixture f;
    buildChain(f, settings.shares);
    std::printf("built %zu SHA-256d shares in %.2f s (ShareFactory: nextShare, job, mining, insert)\n\n",
                f.prefix.size() + f.fresh.size(), f.buildSeconds);
    std::fflush(stdout);
    if (failures) return 1;

    // ---- 1. verification without proof of work ----
    double bestSeconds = 1e18;
    std::vector<double> insertMicros;
    for (int round = 0; round < settings.rounds; ++round) {
      auto target = sinkWith(f.params, *f.sha256d, f.prefix, f.now);
      bestSeconds = std::min(bestSeconds, insertTimed(*target, f.fresh, f.now, true, &insertMicros));
      if (round == 0 && (target->tip()->id != f.source->tip()->id ||
                         target->window().inPayoutOrder() != f.source->window().inPayoutOrder())) {
        fail("the sink's tip or window is not the source's");
      }
    }
    const double verifyRate = double(f.fresh.size()) / bestSeconds;
    const Stats insertStats = summarize(insertMicros);

    // Where an insert's time goes: the parts it is made of, timed on their own at the source's tip.
    const ShareEntry* tip = f.source->tip();
    const std::vector<const ShareEntry*> windowShares = f.source->windowShares();
    const double retargetMicros = meanMicros(0.2, [&] {
      std::vector<RetargetSample> samples;  // walked from the tip as the chain does
      samples.reserve(kWindow);
      for (const ShareEntry* e = tip; e && samples.size() < kWindow; e = e->parent) {
        samples.push_back({e->share.data.timestamp, e->work, e->share.data.shareBits});
      }
      sink ^= static_cast<std::uint8_t>(nextShareBits(f.params, samples) ^ medianTimePast(f.params, samples));
    });
    PplnsWindow orderWindow = f.source->window();
    const double orderMicros = meanMicros(0.2, [&] {
      orderWindow.add(tip->credits);  // invalidates the cached order, as every move does
      orderWindow.remove(tip->credits);
      const auto order = orderWindow.payoutOrder();  // sorted once per tip, shared with the chain's context
      sink ^= static_cast<std::uint8_t>(order->size());
    });
    const std::vector<MinerWeight>& order = f.source->window().inPayoutOrder();
    const double coinbaseMicros = meanMicros(0.2, [&] {
      ShareCoinbaseInputs inputs;
      inputs.parentHeight = tip->share.parentHeight;
      inputs.payouts = splitReward(tip->share.coinbaseValue, order, kMaxOutputs, tip->share.data.payoutScript);
      inputs.data = &tip->share.data;
      inputs.witnessCommitment = tip->share.witnessCommitment;
      inputs.extranonce1Size = tip->share.extranonce.size();
      inputs.extranonce2Size = 0;
      const chain::Coinbase coinbase = buildShareCoinbase(f.params, f.source->consensusId(), inputs);
      sink ^= chain::merkleRootFromCoinbase(coinbase.txid(tip->share.extranonce, {}), tip->share.merkleBranch)[0];
    });
    const std::size_t payoutCount = splitReward(tip->share.coinbaseValue, order, kMaxOutputs, {}).size();
    const double digestMicros = meanMicros(0.1, [&] { sink ^= crypto::sha256(encodeShare(tip->share))[0]; });

    // ---- 2. verification with scrypt proof of work ----
    auto scrypt = pow::AlgorithmRegistry::builtin().create("scrypt");
    ShareChainParams scryptParams = benchParams();
    scryptParams.algorithm = "scrypt";
    scryptParams.maxTarget = UInt256::powerOfTwo(255) - UInt256(1);  // about 2 hashes a share
    ShareChain scryptSource(scryptParams, *scrypt);
    std::vector<Share> scryptShares;
    {
      test::ShareFactory factory(scryptSource);
      MinerPicker miners;
      std::uint64_t now = kStart;
      scryptShares = extend(scryptSource, factory, miners, kScryptShares, now);
    }
    auto header = tip->share.header.serialize();  // 80 bytes; the nonce changes every hash
    std::uint32_t nonce = 0;
    double bestHashMicros = 1e18, bestScryptVerify = 1e18;
    for (int round = 0; round < settings.rounds; ++round) {
      bestHashMicros = std::min(bestHashMicros, meanMicros(0.3, [&] {
                                  ++nonce;
                                  std::copy_n(reinterpret_cast<const std::uint8_t*>(&nonce), 4, header.end() - 4);
                                  sink ^= scrypt->hash(header)[0];
                                }));
      auto target = sinkWith(scryptParams, *scrypt, {}, kStart);
      const double seconds = insertTimed(*target, scryptShares, kStart + kSpacing * (kScryptShares + 1), false, nullptr);
      bestScryptVerify = std::min(bestScryptVerify, seconds * 1e6 / double(scryptShares.size()));
    }
    // The same small chain without proof of work: what the scrypt figure holds besides the hash.
    double bestScryptNoPow = 1e18;
    for (int round = 0; round < settings.rounds; ++round) {
      auto target = sinkWith(scryptParams, *scrypt, {}, kStart);
      const double seconds = insertTimed(*target, scryptShares, kStart + kSpacing * (kScryptShares + 1), true, nullptr);
      bestScryptNoPow = std::min(bestScryptNoPow, seconds * 1e6 / double(scryptShares.size()));
    }

    // ---- 3a/b. the PPLNS window move beside a recomputation ----
    std::vector<const std::vector<Credit>*> credits;  // best chain, oldest first
    for (std::uint64_t h = 0; h <= f.source->tip()->height(); ++h) credits.push_back(&f.source->bestAtHeight(h)->credits);
    PplnsWindow window;
    for (std::size_t i = 0; i < kWindow; ++i) window.add(*credits[i]);
    std::vector<double> moveMicros;
    moveMicros.reserve(kMoves);
    {
      // Slides up the chain one share at a time, then back down (the move of a one-share reorg),
      // and so on; the window always holds kWindow consecutive shares.
      const std::size_t span = credits.size() - kWindow;
      std::size_t low = 0;  // the window is [low, low + kWindow)
      bool up = true;
      for (std::size_t i = 0; i < kMoves; ++i) {
        if (up && low == span) up = false;
        if (!up && low == 0) up = true;
        const std::vector<Credit>& joining = up ? *credits[low + kWindow] : *credits[low - 1];
        const std::vector<Credit>& leaving = up ? *credits[low] : *credits[low + kWindow - 1];
        const auto start = Clock::now();
        window.add(joining);
        window.remove(leaving);
        moveMicros.push_back(microsSince(start));
        low = up ? low + 1 : low - 1;
      }
      PplnsWindow check;  // the moved window must equal one built from its shares
      for (std::size_t i = low; i < low + kWindow; ++i) check.add(*credits[i]);
      if (check.totalWeight() != window.totalWeight() || check.inPayoutOrder() != window.inPayoutOrder()) {
        fail("the moved window differs from a recomputed one");
      }
    }
    const Stats moveStats = summarize(moveMicros);
    std::vector<double> recomputeMicros;
    for (std::size_t r = 0; r < kRecomputes; ++r) {
      const auto start = Clock::now();
      PplnsWindow fresh;
      for (std::size_t i = 0; i < kWindow; ++i) fresh.add(*credits[credits.size() - 1 - i]);
      recomputeMicros.push_back(microsSince(start));
      sink ^= static_cast<std::uint8_t>(fresh.minerCount());
    }
    const Stats recomputeStats = summarize(recomputeMicros);

    // ---- 3c. one payout computation on the real chain after each new tip ----
    std::vector<double> payoutMicros, insertAfterPayoutMicros;
    {
      auto target = sinkWith(f.params, *f.sha256d, f.prefix, f.now);
      const InsertOptions options = at(f.now, true);
      const Bytes fallback = test::minerScript(0);
      for (const Share& share : f.fresh) {
        Share copy = share;
        auto start = Clock::now();
        const InsertResult result = target->insert(std::move(copy), options);
        insertAfterPayoutMicros.push_back(microsSince(start));
        if (result.first().status != InsertStatus::Added) {
          fail("a share was not added in the payout pass");
          break;
        }
        start = Clock::now();
        const std::vector<MinerWeight>& weights = target->window().inPayoutOrder();
        const std::vector<chain::TxOutput> outputs = splitReward(share.coinbaseValue, weights, kMaxOutputs, fallback);
        payoutMicros.push_back(microsSince(start));
        sink ^= static_cast<std::uint8_t>(outputs.size());
      }
    }
    const Stats payoutStats = summarize(payoutMicros);
    // What the work coordinator then does once per local payout script: the next share and its job
    // (the tip's context is cached after the first call).
    test::ShareFactory jobs(*f.source);
    const double jobMicros = meanMicros(0.2, [&, miner = 0u]() mutable {
      NextShare next = f.source->nextShare(test::minerScript(miner++ % kMiners), {}, 0, f.now + kSpacing,
                                           jobs.parent.coinbaseValue);
      sink ^= makeShareJob(*f.source, jobs.parent, std::move(next)).coinbase.coinb1()[0];
    });
    const Stats insertAfterPayoutStats = summarize(insertAfterPayoutMicros);

    // ---- 4. restore from SQLite ----
    const RestoreFigures restore = benchRestore(f, dir, std::max(settings.rounds, 5));

    // ---- the table ----
    std::printf("| measurement | result |\n|---|---|\n");
    row("1. verify a new tip share, no PoW (window 2160, 500 miners, " + std::to_string(payoutCount) + " payouts)",
        printed("%.0f shares/s = %.1f µs/share (best of %d rounds of %zu)", verifyRate, 1e6 / verifyRate,
               settings.rounds, f.fresh.size()));
    row("  of which: retarget over 2160 shares (walk + nextShareBits + median)",
        printed("%.1f µs (%.0f %%)", retargetMicros, 100 * retargetMicros * verifyRate / 1e6));
    row("  of which: payout order of 500 miners (sort)",
        printed("%.1f µs (%.0f %%)", orderMicros, 100 * orderMicros * verifyRate / 1e6));
    row("  of which: coinbase rebuild (split + build + txid + merkle root)",
        printed("%.1f µs (%.0f %%)", coinbaseMicros, 100 * coinbaseMicros * verifyRate / 1e6));
    row("  of which: refusal-memory digest sha256(encodeShare)",
        printed("%.1f µs (%.0f %%)", digestMicros, 100 * digestMicros * verifyRate / 1e6));
    row(printed("2. verify incl. scrypt PoW (chain of %zu shares)", scryptShares.size()),
        printed("%.0f shares/s = %.1f µs/share", 1e6 / bestScryptVerify, bestScryptVerify));
    row("  reference: one scrypt hash of an 80-byte header (pow::Algorithm)",
        printed("%.0f H/s = %.1f µs/hash", 1e6 / bestHashMicros, bestHashMicros));
    row("  verify incl. scrypt / one scrypt hash", printed("%.2f x", bestScryptVerify / bestHashMicros));
    row("  same chain without PoW", printed("%.1f µs/share", bestScryptNoPow));
    row("  at a full window: (scrypt hash + figure 1) / scrypt hash",
        printed("%.2f x (estimate)", (bestHashMicros + 1e6 / verifyRate) / bestHashMicros));
    row(printed("3a. window move: add(joining) + remove(leaving), %zu moves", moveMicros.size()),
        printed("mean %.2f µs, p50 %.2f, p99 %.2f, max %.1f", moveStats.mean, moveStats.p50, moveStats.p99,
               moveStats.max));
    row("3b. reference: recompute the window from 2160 shares",
        printed("mean %.1f µs, p99 %.1f = %.0f x a move", recomputeStats.mean, recomputeStats.p99,
               recomputeStats.mean / moveStats.mean));
    row("3c. ShareChain::insert of a new tip, no PoW (all of 1)",
        printed("mean %.1f µs, p50 %.1f, p99 %.1f, max %.1f", insertStats.mean, insertStats.p50, insertStats.p99,
               insertStats.max));
    row("3c. payout: window().inPayoutOrder() + splitReward after a new tip",
        printed("mean %.1f µs, p99 %.1f", payoutStats.mean, payoutStats.p99));
    row("3c. nextShare + makeShareJob for one payout script (tip context cached)",
        printed("%.1f µs", jobMicros));
    row("3c. insert when the tip's payout order is already computed",
        printed("mean %.1f µs, p99 %.1f", insertAfterPayoutStats.mean, insertAfterPayoutStats.p99));
    row(printed("4. Store::open + ShareArchive::restore, %zu shares (%zu KiB)", restore.stored, restore.bytes / 1024),
        printed("%.1f ms (open %.1f + restore %.1f; best of %d)", restore.total / 1e3, restore.open / 1e3,
               restore.restore / 1e3, std::max(settings.rounds, 5)));
    row("  reference: loadShares() alone", printed("%.1f ms (its open %.1f ms); restore / loadShares = %.1f x",
                                                  restore.load / 1e3, restore.loadOpen / 1e3,
                                                  restore.restore / restore.load));
    row("  of which: ShareChain::restore of the decoded shares", printed("%.1f ms", restore.chainRestore / 1e3));
    row("  restored tip = original tip", restore.tipMatches ? "yes" : "NO");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "share-chain benchmark: %s\n", e.what());
    ++failures;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return failures == 0 ? (sink == 0x5a ? 0 : 0) : 1;
}
