// Stratum v1 line codec.
#include "stratum/protocol.hpp"

namespace otedama::stratum {

using nlohmann::json;

std::optional<Request> parseRequest(std::string_view line, std::string& error) {
  json document = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    error = "not valid JSON";
    return std::nullopt;
  }
  if (!document.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  Request request;
  if (auto id = document.find("id"); id != document.end()) request.id = *id;
  auto method = document.find("method");
  if (method == document.end() || !method->is_string()) {
    error = "no method";
    return std::nullopt;
  }
  request.method = method->get<std::string>();
  auto params = document.find("params");
  if (params == document.end() || params->is_null()) {
    request.params = json::array();
  } else if (params->is_array()) {
    request.params = std::move(*params);
  } else {
    error = "params is not a list";
    return std::nullopt;
  }
  return request;
}

std::string resultLine(const json& id, const json& result) {
  return json{{"id", id}, {"result", result}, {"error", nullptr}}.dump() + "\n";
}

std::string errorLine(const json& id, ErrorCode code, std::string_view message) {
  return json{{"id", id}, {"result", nullptr}, {"error", json::array({static_cast<int>(code), message, nullptr})}}.dump(
             -1, ' ', false, json::error_handler_t::replace) +
         "\n";
}

std::string notificationLine(std::string_view method, const json& params) {
  return json{{"id", nullptr}, {"method", method}, {"params", params}}.dump() + "\n";
}

}  // namespace otedama::stratum
