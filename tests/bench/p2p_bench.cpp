// Peer-to-peer network benchmarks on loopback, all nodes in this process on one io_context (one
// thread: the figures include every node's work, as on one busy machine):
//  1. share propagation across 5 and 20 nodes: a share is mined on a random node and announced;
//     the time until the last node added it to its chain, p50/p99 over --shares shares;
//  2. bytes sent per share per link end while shares propagate (everything the links carry:
//     share:submit, verdicts, status, pings), and share:submit messages per share;
//  3. the handshake: our CPU time per link, opener (with its proof of work at the default
//     difficulty) versus acceptor, from the links' own statistics, and the wall time.
// Usage: otedama-bench-p2p [--shares N] [--nodes 5,20]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include "p2p/p2p_network.hpp"
#include "p2p_test_support.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"

using namespace otedama;
using namespace otedama::p2p;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

bool runUntil(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  return test::runIoUntil(io, done, timeout, 1ms);
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t index = std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5));
  return values[index];
}

struct BenchNode {
  BenchNode(asio::io_context& ioContext, const pow::Algorithm& algorithm, unsigned miner)
      : io(ioContext), chain(test::testShareParams(60), algorithm), factory(chain), minerNumber(miner) {}
  ~BenchNode() { net.reset(); }

  void start(P2pNetworkOptions options) {
    P2pNetworkCallbacks callbacks;
    callbacks.insertShare = [this](sharechain::Share share, const sharechain::InsertOptions& insertOptions) {
      sharechain::InsertResult result = chain.insert(std::move(share), insertOptions);
      for (const auto& outcome : result.outcomes) {
        if (outcome.status == sharechain::InsertStatus::Added) arrivals[outcome.id] = Clock::now();
      }
      return result;
    };
    net = std::make_unique<P2pNetwork>(io, NodeIdentity::generate(), chain, std::move(options), std::move(callbacks));
    net->start();
  }

  Hash32 mine() {
    const std::uint64_t now = static_cast<std::uint64_t>(unixSeconds());
    const sharechain::Share share = factory.make(test::minerScript(minerNumber), now);
    const Hash32 id = chain.insert(share, test::at(now)).first().id;
    net->announce(share);
    return id;
  }

  asio::io_context& io;
  sharechain::ShareChain chain;
  test::ShareFactory factory;
  unsigned minerNumber;
  std::unique_ptr<P2pNetwork> net;
  std::map<Hash32, Clock::time_point> arrivals;
};

bool connected(const std::vector<std::unique_ptr<BenchNode>>& nodes) {
  std::vector<const P2pNetwork*> networks;
  for (const auto& node : nodes) networks.push_back(node->net.get());
  return test::networksConnected(networks);
}

void run(std::size_t count, std::size_t shares, const pow::Algorithm& algorithm) {
  asio::io_context io;
  std::vector<std::unique_ptr<BenchNode>> nodes;
  const auto formStart = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    nodes.push_back(std::make_unique<BenchNode>(io, algorithm, static_cast<unsigned>(i)));
    P2pNetworkOptions options;
    options.listenAddress = "127.0.0.1";
    options.listenPort = 0;
    if (i > 0) options.bootstrapNodes.push_back("127.0.0.1:" + std::to_string(nodes[0]->net->port()));
    options.maintenanceInterval = 100ms;
    options.dialBackoff = 200ms;
    options.maxDialBackoff = 2s;
    options.listener.maxHandshakingPerIp = 64;  // every node is on 127.0.0.1
    options.discoveryTuning.refreshInterval = 250ms;
    options.discoveryTuning.packetsPerSecond = 2000;
    options.discoveryTuning.packetBurst = 2000;
    // The default link proof of work (18 bits) and the default 8 outbound links.
    nodes.back()->start(options);
  }
  const std::size_t wantPeers = std::min<std::size_t>(count - 1, 8);
  const bool formed = runUntil(io, [&] {
    for (const auto& node : nodes) {
      if (node->net->peers().size() < wantPeers) return false;
    }
    return connected(nodes);
  }, 120s);
  const double formSeconds = std::chrono::duration<double>(Clock::now() - formStart).count();
  if (!formed) {
    std::printf("%zu nodes: the network did not form within 120 s\n", count);
    return;
  }
  std::size_t linkEnds = 0;
  for (const auto& node : nodes) linkEnds += node->net->peers().size();

  std::uint64_t bytesBefore = 0, submitsBefore = 0, heldBefore = 0;
  for (const auto& node : nodes) {
    bytesBefore += node->net->stats().bytesOut;
    submitsBefore += node->net->stats().sharesRelayed;
    heldBefore += node->net->stats().messagesHeldBack;
  }
  std::mt19937 random(42);
  std::vector<double> lastNodeMs, everyNodeMs;
  std::size_t lost = 0;
  for (std::size_t s = 0; s < shares; ++s) {
    const std::size_t miner = random() % count;
    const auto start = Clock::now();
    const Hash32 id = nodes[miner]->mine();
    const bool everywhere = runUntil(io, [&] {
      for (std::size_t i = 0; i < count; ++i) {
        if (i != miner && !nodes[i]->arrivals.contains(id)) return false;
      }
      return true;
    }, 10s);
    if (!everywhere) {
      ++lost;
      continue;
    }
    double last = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (i == miner) continue;
      const double ms = std::chrono::duration<double, std::milli>(nodes[i]->arrivals[id] - start).count();
      everyNodeMs.push_back(ms);
      last = std::max(last, ms);
    }
    lastNodeMs.push_back(last);
  }
  // Let verdicts and the last relays finish before counting bytes.
  io.restart();
  io.run_for(300ms);
  std::uint64_t bytesAfter = 0, submitsAfter = 0, heldAfter = 0;
  std::vector<double> openerCpu, acceptorCpu, openerWall, acceptorWall;
  // The network may still add a link or two while shares flow: the mean of before and after.
  std::size_t linkEndsAfter = 0;
  for (const auto& node : nodes) linkEndsAfter += node->net->peers().size();
  const double meanLinkEnds = static_cast<double>(linkEnds + linkEndsAfter) / 2;
  for (const auto& node : nodes) {
    bytesAfter += node->net->stats().bytesOut;
    submitsAfter += node->net->stats().sharesRelayed;
    heldAfter += node->net->stats().messagesHeldBack;
    for (const PeerInfo& peer : node->net->peers()) {
      (peer.direction == LinkDirection::Outbound ? openerCpu : acceptorCpu).push_back(peer.handshakeCpuMs);
      (peer.direction == LinkDirection::Outbound ? openerWall : acceptorWall).push_back(peer.handshakeMs);
    }
  }
  const double delivered = static_cast<double>(shares - lost);
  std::printf("%zu nodes (%zu link ends, network formed in %.1f s, one thread for all nodes)\n", count, linkEnds, formSeconds);
  std::printf("  propagation to the last node: p50 %.2f ms, p99 %.2f ms (%zu shares%s; %llu messages held back by pacing)\n",
              percentile(lastNodeMs, 0.5), percentile(lastNodeMs, 0.99), shares, lost ? ", some lost" : "",
              static_cast<unsigned long long>(heldAfter - heldBefore));
  std::printf("  arrival at each node:         p50 %.2f ms, p99 %.2f ms\n", percentile(everyNodeMs, 0.5),
              percentile(everyNodeMs, 0.99));
  std::printf("  bytes sent per share per link end: %.0f (share:submit per share: %.1f, per link end: %.2f)\n",
              static_cast<double>(bytesAfter - bytesBefore) / delivered / meanLinkEnds,
              static_cast<double>(submitsAfter - submitsBefore) / delivered,
              static_cast<double>(submitsAfter - submitsBefore) / delivered / meanLinkEnds);
  std::printf("  handshake CPU: opener p50 %.2f ms (p99 %.2f), acceptor p50 %.3f ms (p99 %.3f); wall p50 %.1f / %.1f ms\n",
              percentile(openerCpu, 0.5), percentile(openerCpu, 0.99), percentile(acceptorCpu, 0.5),
              percentile(acceptorCpu, 0.99), percentile(openerWall, 0.5), percentile(acceptorWall, 0.5));
  std::fflush(stdout);
  nodes.clear();
  io.restart();
  io.run_for(200ms);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t shares = 50;
  std::vector<std::size_t> sizes{5, 20};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--shares") {
      shares = std::strtoul(argv[i + 1], nullptr, 10);
    } else if (flag == "--nodes") {
      sizes.clear();
      std::string list = argv[i + 1];
      for (std::size_t start = 0; start < list.size();) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        sizes.push_back(std::strtoul(list.substr(start, comma - start).c_str(), nullptr, 10));
        start = comma + 1;
      }
    } else {
      std::fprintf(stderr, "usage: otedama-bench-p2p [--shares N] [--nodes 5,20]\n");
      return 2;
    }
  }
  spdlog::set_level(spdlog::level::warn);
  const auto algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
  std::printf("P2P network on loopback\n");
  for (std::size_t count : sizes) {
    if (count < 2 || shares == 0) continue;
    run(count, shares, *algorithm);
  }
  return 0;
}
