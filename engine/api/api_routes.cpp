// The API's routing: method and path checks, query decoding and validation, and the answer of
// each endpoint, built from one snapshot per request.
#include "api/api_routes.hpp"

#include <exception>
#include <new>

#include <spdlog/spdlog.h>

#include "api/api_json.hpp"
#include "api/prometheus_text.hpp"

namespace otedama::api {

namespace {

constexpr std::string_view kEndpoints[] = {"/api/stats", "/api/miners",     "/api/blocks", "/api/payments",
                                           "/api/peers", "/api/sharechain", "/metrics"};

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decodeComponent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hexValue(text[i + 1]), low = hexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

HttpAnswer jsonAnswer(const nlohmann::json& document) {
  HttpAnswer answer;
  answer.body = dumpJson(document);
  return answer;
}

// The optional ?address= filter of /api/payments: nullopt + an error answer when it is refused.
std::optional<std::string> addressFilter(const RequestTarget& target, HttpAnswer& refusal, bool& refused) {
  std::optional<std::string> address;
  for (const auto& [key, value] : target.query) {
    if (key != "address") continue;
    if (address) {
      refused = true;
      refusal = errorAnswer(400, "the query parameter 'address' is given more than once");
      return std::nullopt;
    }
    if (value.empty() || value.size() > kMaxQueryValueBytes) {
      refused = true;
      refusal = errorAnswer(400, "the query parameter 'address' must be 1 to " + std::to_string(kMaxQueryValueBytes) +
                                     " characters");
      return std::nullopt;
    }
    for (const char c : value) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte <= 0x20 || byte >= 0x7f) {
        refused = true;
        refusal = errorAnswer(400, "the query parameter 'address' may only hold printable ASCII characters");
        return std::nullopt;
      }
    }
    address = value;
  }
  return address;
}

}  // namespace

HttpAnswer errorAnswer(unsigned status, std::string_view message) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = dumpJson(errorJson(status, message));
  if (status == 405) answer.headers.emplace_back("Allow", std::string(kAllowedMethods));
  return answer;
}

std::optional<RequestTarget> parseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  RequestTarget parsed;
  const std::size_t mark = target.find('?');
  std::string_view query;
  if (mark != std::string_view::npos) {
    query = target.substr(mark + 1);
    target = target.substr(0, mark);
  }
  if (const std::size_t hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  parsed.path = std::string(target);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto key = decodeComponent(pair.substr(0, eq));
    auto value = decodeComponent(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    parsed.query.emplace_back(std::move(*key), std::move(*value));
  }
  return parsed;
}

HttpAnswer route(std::string_view method, std::string_view target,
                 const std::function<node::NodeSnapshot()>& snapshot, const ApiCounters& counters) {
  if (method != "GET" && method != "HEAD") return errorAnswer(405, "only GET and HEAD are allowed");
  const std::optional<RequestTarget> parsed = parseTarget(target);
  if (!parsed) return errorAnswer(400, "the request target must be a path with a well-formed query");
  const std::string& path = parsed->path;

  if (path == "/") {
    nlohmann::json endpoints = nlohmann::json::array();
    for (std::string_view endpoint : kEndpoints) endpoints.push_back(endpoint);
    return jsonAnswer({{"name", "otedama"}, {"endpoints", std::move(endpoints)}});
  }
  bool known = false;
  for (std::string_view endpoint : kEndpoints) known = known || path == endpoint;
  if (!known) return errorAnswer(404, "no such endpoint; GET / lists them");

  HttpAnswer refusal;
  bool refused = false;
  std::optional<std::string> address;
  if (path == "/api/payments") {
    address = addressFilter(*parsed, refusal, refused);
    if (refused) return refusal;
  }

  node::NodeSnapshot current;
  try {
    if (!snapshot) throw std::runtime_error("no snapshot source");
    current = snapshot();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    spdlog::debug("api: no snapshot for {}: {}", path, e.what());
    return errorAnswer(503, "the node's state is not available right now; try again");
  } catch (...) {
    spdlog::debug("api: no snapshot for {}", path);
    return errorAnswer(503, "the node's state is not available right now; try again");
  }

  if (path == "/api/stats") return jsonAnswer(statsJson(current));
  if (path == "/api/miners") return jsonAnswer(minersJson(current));
  if (path == "/api/blocks") return jsonAnswer(blocksJson(current));
  if (path == "/api/payments") return jsonAnswer(paymentsJson(current, address));
  if (path == "/api/peers") return jsonAnswer(peersJson(current));
  if (path == "/api/sharechain") return jsonAnswer(sharechainJson(current));
  HttpAnswer metrics;
  metrics.contentType = std::string(kPrometheusContentType);
  metrics.body = prometheusText(current, counters);
  return metrics;
}

}  // namespace otedama::api
