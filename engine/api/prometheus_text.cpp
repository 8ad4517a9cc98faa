// The /metrics text: one family after another (# HELP, # TYPE, samples), in the 0.0.4 text format.
#include "api/prometheus_text.hpp"

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <utility>

#include "api/api_json.hpp"

namespace otedama::api {

namespace {

using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

std::string escapeHelp(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

class Writer {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += escapeHelp(help);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  void sample(std::string_view name, Labels labels, const std::string& value) {
    out_ += name;
    if (labels.size() != 0) {
      out_ += '{';
      bool first = true;
      for (const auto& [label, text] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += label;
        out_ += "=\"";
        out_ += escapeLabelValue(text);
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += value;
    out_ += '\n';
  }
  // One family with one unlabelled sample.
  void gauge(std::string_view name, std::string_view help, double value) {
    family(name, "gauge", help);
    sample(name, {}, formatSampleValue(value));
  }
  void gauge(std::string_view name, std::string_view help, std::uint64_t value) {
    family(name, "gauge", help);
    sample(name, {}, std::to_string(value));
  }
  void counter(std::string_view name, std::string_view help, std::uint64_t value) {
    family(name, "counter", help);
    sample(name, {}, std::to_string(value));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string escapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string formatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string prometheusText(const node::NodeSnapshot& s, const ApiCounters& counters) {
  Writer w;
  w.family("otedama_info", "gauge", "Constant 1, labelled with the node's software version, chain, network and pool.");
  w.sample("otedama_info",
           {{"version", s.version},
            {"chain", s.chain},
            {"network", s.network},
            {"algorithm", s.algorithm},
            {"pool_name", s.poolName},
            {"node_id", s.nodeId}},
           "1");
  w.gauge("otedama_running", "1 while the node runs, 0 otherwise.", std::uint64_t{s.running ? 1u : 0u});
  w.gauge("otedama_uptime_seconds", "Seconds since the node started.", static_cast<std::uint64_t>(uptimeSeconds(s)));
  w.gauge("otedama_pool_hashrate", "The share chain's hashrate over the PPLNS window, in hashes per second.",
          s.poolHashrate);
  w.gauge("otedama_local_hashrate", "This node's miners' hashrate over 15 minutes, in hashes per second.",
          s.localHashrate);
  w.gauge("otedama_miners", "Payout addresses mining on this node.", std::uint64_t{s.minerCount});
  w.gauge("otedama_workers", "Workers mining on this node.", std::uint64_t{s.workerCount});
  w.gauge("otedama_peers", "Connected peer nodes.", std::uint64_t{s.peers.size()});
  w.gauge("otedama_stratum_sessions", "Open stratum connections.", std::uint64_t{s.sessionCount});
  w.counter("otedama_shares_accepted_total", "Shares this node's stratum accepted since start.", s.sharesAccepted);
  w.counter("otedama_shares_rejected_total", "Shares this node's stratum rejected since start.", s.sharesRejected);
  w.counter("otedama_blocks_found_total", "Parent-chain blocks found by the pool, as stored by this node.",
            s.blocksFound);

  const node::ShareChainStatus& chain = s.sharechain;
  w.gauge("otedama_sharechain_height", "Height of the share chain's tip.", chain.height);
  w.gauge("otedama_sharechain_window_shares", "Shares in the PPLNS window now.", std::uint64_t{chain.windowShares});
  w.gauge("otedama_sharechain_window_size", "The configured PPLNS window, in shares.", std::uint64_t{chain.windowSize});
  w.gauge("otedama_sharechain_share_difficulty", "Difficulty of the next share, in the chain's stratum units.",
          chain.shareDifficulty);
  w.gauge("otedama_sharechain_orphans", "Shares held that are not on the best chain.", std::uint64_t{chain.orphans});
  w.counter("otedama_sharechain_reorgs_total", "Share-chain reorganisations since start.", chain.reorgs);

  const node::ParentChainStatus& parent = s.parentChain;
  w.gauge("otedama_parent_chain_height", "Height of the parent-chain block being mined.", parent.height);
  w.gauge("otedama_parent_chain_difficulty", "The parent chain's difficulty.", parent.difficulty);
  w.gauge("otedama_parent_chain_block_reward", "The current template's coinbase value, in the chain's smallest units.",
          static_cast<double>(parent.blockReward));
  w.gauge("otedama_parent_chain_last_template_timestamp_seconds", "Unix time of the last block template.",
          static_cast<double>(parent.lastTemplateAt));

  w.family("otedama_part_up", "gauge", "1 when the part works, 0 when it reports a problem (see /api/stats).");
  const std::pair<std::string_view, const node::PartStatus*> parts[] = {
      {"parentChain", &parent.status}, {"sharechain", &chain.status}, {"stratum", &s.stratum}, {"p2p", &s.p2p}};
  for (const auto& [name, status] : parts) w.sample("otedama_part_up", {{"part", name}}, status->ok ? "1" : "0");

  w.family("otedama_api_requests_total", "counter", "HTTP API requests answered, by status class.");
  for (unsigned statusClass = 1; statusClass <= 5; ++statusClass) {
    const std::string code = std::to_string(statusClass) + "xx";
    w.sample("otedama_api_requests_total", {{"code", code}}, std::to_string(counters.inClass(statusClass)));
  }
  w.counter("otedama_api_rate_limited_total", "HTTP API requests answered 429 (per-IP rate limit).",
            counters.rateLimited);
  w.counter("otedama_api_connections_refused_total", "HTTP API connections closed at once (connection caps).",
            counters.refusedConnections);
  w.counter("otedama_api_timeouts_total", "HTTP API connections closed by the idle or read deadline.",
            counters.timedOut);
  w.gauge("otedama_api_open_connections", "Open HTTP API connections.", counters.openConnections);
  return w.take();
}

}  // namespace otedama::api
