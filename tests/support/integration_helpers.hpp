// Test support for suites that drive real daemons: a guard that turns an exception in a test body
// into a test failure (so the harness still stops the daemons and removes their folders), and the
// orderly stop of the io thread the engine parts run on.
#pragma once

#include <QTest>

#include <exception>
#include <future>
#include <optional>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace otedama::test {

template <typename Body>
void guarded(Body&& body) {
  try {
    std::forward<Body>(body)();
  } catch (const std::exception& e) {
    QTest::qFail(e.what(), __FILE__, __LINE__);
  }
}

using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

// Lets what is already posted run first (an RPC client's close: a kept-alive connection left open
// holds litecoind's shutdown for its 30 s server timeout), then stops the io_context and joins.
inline void stopIoThread(boost::asio::io_context& io, std::optional<WorkGuard>& work, std::thread& thread) {
  if (thread.joinable()) {
    std::promise<void> drained;
    boost::asio::post(io, [&] { drained.set_value(); });
    drained.get_future().wait();
  }
  work.reset();
  io.stop();
  if (thread.joinable()) thread.join();
}

}  // namespace otedama::test
