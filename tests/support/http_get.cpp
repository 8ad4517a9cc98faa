// A GET over a plain socket: the answer is read to the end (the server closes), then split into
// status line, headers and body; a chunked body is joined.
#include "http_get.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace otedama::test {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

std::string unchunk(const std::string& body) {
  std::string out;
  std::size_t at = 0;
  while (at < body.size()) {
    const std::size_t lineEnd = body.find("\r\n", at);
    if (lineEnd == std::string::npos) break;
    const std::size_t size = std::stoul(body.substr(at, lineEnd - at), nullptr, 16);
    if (size == 0) break;
    out += body.substr(lineEnd + 2, size);
    at = lineEnd + 2 + size + 2;
  }
  return out;
}

}  // namespace

HttpAnswer httpGet(std::uint16_t port, const std::string& target) {
  HttpAnswer answer;
  try {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    std::string raw;
    boost::system::error_code error;
    boost::asio::read(socket, boost::asio::dynamic_buffer(raw), error);
    const std::size_t headerEnd = raw.find("\r\n\r\n");
    if (headerEnd == std::string::npos || raw.size() < 12) return answer;
    answer.status = std::stoi(raw.substr(9, 3));
    const std::string headers = lower(raw.substr(0, headerEnd));
    answer.body = raw.substr(headerEnd + 4);
    if (headers.find("transfer-encoding: chunked") != std::string::npos) answer.body = unchunk(answer.body);
    if (const std::size_t type = headers.find("content-type: "); type != std::string::npos) {
      answer.contentType = headers.substr(type + 14, headers.find("\r\n", type) - type - 14);
    }
  } catch (const std::exception&) {
    answer.status = 0;
  }
  return answer;
}

}  // namespace otedama::test
