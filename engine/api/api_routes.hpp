// What the API answers: request method + target -> (status, content type, extra headers, body),
// as pure functions of a snapshot and the API's counters, with no network code, so every answer
// is testable without a socket. Errors are JSON {"error": {"status": N, "message": "..."}}.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api_counters.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::api {

inline constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr std::string_view kAllowedMethods = "GET, HEAD";
inline constexpr std::size_t kMaxQueryValueBytes = 128;

struct HttpAnswer {
  unsigned status = 200;
  std::string contentType{kJsonContentType};
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type (Allow, Retry-After)
  std::string body;                                          // the GET body; HEAD sends none
};

// An error answer: JSON body, the status, and the message.
HttpAnswer errorAnswer(unsigned status, std::string_view message);

// A request target split into its path and its decoded query parameters (percent-decoding,
// '+' as a space). nullopt when the target is not a path ("*", absolute URLs) or a query has a
// bad percent escape.
struct RequestTarget {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};
std::optional<RequestTarget> parseTarget(std::string_view target);

// The answer to one request. `method` is as sent ("GET", "HEAD", "POST", ...): anything but GET
// and HEAD is 405 with Allow; an unknown path is 404; snapshot() is only called for the paths that
// need one, and when it throws the answer is 503. Never throws (beyond std::bad_alloc).
HttpAnswer route(std::string_view method, std::string_view target,
                 const std::function<node::NodeSnapshot()>& snapshot, const ApiCounters& counters);

}  // namespace otedama::api
