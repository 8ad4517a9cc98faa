// The engine thread's side of EngineController: a QObject living on the controller's QThread that
// owns the Node, starts and stops it there (a start can take seconds: the sandbox's litecoind),
// polls its snapshot once a second, and passes its events on. Internal to the controller.
#pragma once

#include <QObject>
#include <QTimer>

#include <memory>

#include "node/config.hpp"
#include "node/node.hpp"

namespace otedama::ui {

class EngineWorker : public QObject {
  Q_OBJECT

 public:
  EngineWorker() = default;
  ~EngineWorker() override;

 public slots:
  void start(const otedama::node::Config& config);
  void stop();
  void banPeer(const QString& nodeId, qint64 seconds);
  void unbanPeer(const QString& subject);

 signals:
  void started();
  void failed(const QString& reason);
  void stopped();
  void snapshotReady(std::shared_ptr<const otedama::node::NodeSnapshot> snapshot);
  void eventReceived(const otedama::node::NodeEvent& event);
  void peerActionFinished(const QString& error);

 private:
  void poll();

  std::unique_ptr<node::Node> node_;
  QTimer* timer_ = nullptr;
};

}  // namespace otedama::ui
