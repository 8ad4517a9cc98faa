// The desktop app's handle on the engine: owns the Node on a thread of its own, so the window
// never waits for it. start()/stop() return at once; the node starts and stops over there, and
// what it says comes back as queued signals on the GUI thread: state changes, a snapshot every
// second, and every engine event. Destroying the controller (quitting) stops the node and waits
// for it, also in the middle of a start. Uses only engine/node's public API.
#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <chrono>
#include <memory>
#include <optional>

#include "node/config.hpp"
#include "node/node_events.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::ui {

class EngineWorker;

class EngineController : public QObject {
  Q_OBJECT

 public:
  enum class State { Stopped, Starting, Running, Stopping, Failed };
  Q_ENUM(State)

  explicit EngineController(QObject* parent = nullptr);
  ~EngineController() override;

  State state() const { return state_; }
  // No node, and none on its way up or down (Stopped or Failed): a start would begin one.
  bool idle() const { return state_ == State::Stopped || state_ == State::Failed; }
  // Why the last start failed (Failed), in words for people.
  const QString& lastError() const { return lastError_; }
  // The latest snapshot (empty before the first).
  std::shared_ptr<const node::NodeSnapshot> latestSnapshot() const { return snapshot_; }

 public slots:
  // Starts a node with this configuration (ignored unless Stopped or Failed).
  void start(const otedama::node::Config& config);
  // Stops the node (ignored unless Starting or Running; a start in progress finishes first).
  void stop();
  // Stops the node if it runs (or is starting or stopping), then starts it with this
  // configuration: what a changed setting needs. Returns at once like start() and stop().
  void restart(const otedama::node::Config& config);
  // The Peers page's commands; the answer comes as peerActionFinished ("" when done).
  void banPeer(const QString& nodeId, std::chrono::seconds length);
  void unbanPeer(const QString& subject);

 signals:
  void stateChanged(otedama::ui::EngineController::State state);
  void snapshotReady(std::shared_ptr<const otedama::node::NodeSnapshot> snapshot);
  void eventReceived(const otedama::node::NodeEvent& event);
  // What a ban or unban did: "" when done, else why not (in words for people).
  void peerActionFinished(const QString& error);

  // To the worker (queued onto the engine thread).
  void startRequested(const otedama::node::Config& config);
  void stopRequested();
  void banRequested(const QString& nodeId, qint64 seconds);
  void unbanRequested(const QString& subject);

 private:
  void setState(State state);

  QThread thread_;
  EngineWorker* worker_ = nullptr;  // lives on thread_, deleted when it finishes
  State state_ = State::Stopped;
  QString lastError_;
  std::shared_ptr<const node::NodeSnapshot> snapshot_;
  std::optional<node::Config> pendingStart_;  // a restart's start, once stopped
};

}  // namespace otedama::ui

Q_DECLARE_METATYPE(otedama::node::Config)
Q_DECLARE_METATYPE(otedama::node::NodeEvent)
Q_DECLARE_METATYPE(std::shared_ptr<const otedama::node::NodeSnapshot>)
