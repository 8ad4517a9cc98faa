// NodeSnapshot + the API's counters -> Prometheus text exposition format 0.0.4 for /metrics:
// every family with # HELP and # TYPE, names prefixed otedama_, label values escaped.
#pragma once

#include <string>
#include <string_view>

#include "api/api_counters.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::api {

std::string prometheusText(const node::NodeSnapshot& snapshot, const ApiCounters& counters);

// A label value as the format wants it: backslash, double quote and line feed escaped.
std::string escapeLabelValue(std::string_view value);
// A sample value: shortest round-trip decimal; NaN, +Inf, -Inf.
std::string formatSampleValue(double value);

}  // namespace otedama::api
