// The engine controller with a real node (the sandbox: its own litecoind pair): start and stop
// several times in a row without leaks or hangs, a restart with another configuration, snapshots
// and events arriving on the GUI thread, a start that fails (a port in use) saying why, and
// quitting in the middle of a start.
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "controller/engine_controller.hpp"
#include "sandbox_config.hpp"

using otedama::ui::EngineController;
using State = EngineController::State;
using otedama::test::sandboxConfig;

namespace {

bool waitForState(EngineController& controller, State wanted, int timeoutMs) {
  return QTest::qWaitFor([&] { return controller.state() == wanted; }, timeoutMs);
}

}  // namespace

class EngineControllerTest : public QObject {
  Q_OBJECT

 private slots:
  void startsAndStopsARealNodeRepeatedly() {
    EngineController controller;
    for (int round = 0; round < 3; ++round) {
      QSignalSpy snapshots(&controller, &EngineController::snapshotReady);
      QSignalSpy events(&controller, &EngineController::eventReceived);
      controller.start(sandboxConfig());
      QCOMPARE(controller.state(), State::Starting);  // at once: the window never waits
      QVERIFY2(waitForState(controller, State::Running, 90000), qPrintable(controller.lastError()));
      QVERIFY(QTest::qWaitFor([&] { return snapshots.count() >= 2; }, 10000));
      const auto snapshot = controller.latestSnapshot();
      QVERIFY(snapshot && snapshot->running);
      QCOMPARE(snapshot->network, std::string("regtest"));
      QVERIFY(QTest::qWaitFor([&] {
        for (const QList<QVariant>& event : events) {
          if (event.at(0).value<otedama::node::NodeEvent>().kind == otedama::node::NodeEventKind::Started) return true;
        }
        return false;
      }, 10000));
      QCOMPARE(snapshots.first().at(0).value<std::shared_ptr<const otedama::node::NodeSnapshot>>() != nullptr, true);
      controller.stop();
      QVERIFY(waitForState(controller, State::Stopped, 30000));
    }
  }

  void restartStopsThenStartsWithTheNewConfiguration() {
    EngineController controller;
    QList<State> states;
    connect(&controller, &EngineController::stateChanged, [&](State state) { states << state; });
    controller.start(sandboxConfig());
    QVERIFY2(waitForState(controller, State::Running, 90000), qPrintable(controller.lastError()));
    otedama::node::Config changed = sandboxConfig();
    changed.poolName = "Restarted";
    states.clear();
    controller.restart(changed);
    QCOMPARE(controller.state(), State::Stopping);  // at once
    QVERIFY(QTest::qWaitFor([&] {
      const auto snapshot = controller.latestSnapshot();
      return controller.state() == State::Running && snapshot && snapshot->poolName == "Restarted";
    }, 90000));
    QCOMPARE(states, (QList<State>{State::Stopping, State::Stopped, State::Starting, State::Running}));
    controller.stop();
    QVERIFY(waitForState(controller, State::Stopped, 30000));
    // From stopped, a restart is a start.
    controller.restart(sandboxConfig());
    QCOMPARE(controller.state(), State::Starting);
    QVERIFY(waitForState(controller, State::Running, 90000));
  }

  void aStartThatFailsSaysWhy() {
    // The stratum port is taken.
    const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    QCOMPARE(::listen(holder, 1), 0);
    socklen_t length = sizeof address;
    ::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length);
    otedama::node::Config config = sandboxConfig();
    config.stratumPort = ntohs(address.sin_port);

    EngineController controller;
    controller.start(config);
    QVERIFY(waitForState(controller, State::Failed, 90000));
    QVERIFY2(controller.lastError().contains(QString::number(config.stratumPort)), qPrintable(controller.lastError()));
    ::close(holder);
    // It can start again once the port is free.
    controller.start(config);
    QVERIFY2(waitForState(controller, State::Running, 90000), qPrintable(controller.lastError()));
  }

  void quittingDuringStartIsSafe() {
    // The start is queued to the engine thread and runs while the controller is being destroyed:
    // the destructor waits for it, then stops everything it started.
    for (int round = 0; round < 2; ++round) {
      auto controller = std::make_unique<EngineController>();
      controller->start(sandboxConfig());
      controller.reset();
    }
    // And a start that already made it: quitting while Running.
    auto controller = std::make_unique<EngineController>();
    controller->start(sandboxConfig());
    QVERIFY2(waitForState(*controller, State::Running, 90000), qPrintable(controller->lastError()));
    controller.reset();
  }
};

QTEST_GUILESS_MAIN(EngineControllerTest)
#include "test_engine_controller.moc"
