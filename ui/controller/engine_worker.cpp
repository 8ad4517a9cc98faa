// Node lifecycle on the controller's thread.
#include "controller/engine_worker.hpp"

#include <exception>

namespace otedama::ui {

EngineWorker::~EngineWorker() {
  if (node_) node_->stop();
}

void EngineWorker::start(const node::Config& config) {
  if (node_) return;
  auto created = std::make_unique<node::Node>(config);
  // Engine events arrive on the engine's own thread; the signal is queued to the receivers.
  created->setEventHandler([this](const node::NodeEvent& event) { emit eventReceived(event); });
  try {
    created->start();
  } catch (const std::exception& error) {
    emit failed(QString::fromStdString(error.what()));
    return;
  }
  node_ = std::move(created);
  if (!timer_) {
    timer_ = new QTimer(this);
    timer_->setInterval(1000);
    connect(timer_, &QTimer::timeout, this, &EngineWorker::poll);
  }
  timer_->start();
  poll();
  emit started();
}

void EngineWorker::stop() {
  if (timer_) timer_->stop();
  if (node_) {
    node_->stop();
    node_.reset();
  }
  emit stopped();
}

void EngineWorker::banPeer(const QString& nodeId, qint64 seconds) {
  if (!node_) {
    emit peerActionFinished(tr("The node is not running."));
    return;
  }
  const node::CommandResult result = node_->banPeer(nodeId.toStdString(), std::chrono::seconds(seconds));
  emit peerActionFinished(QString::fromStdString(result.error));
  poll();  // the outcome shows at once, not a second later
}

void EngineWorker::unbanPeer(const QString& subject) {
  if (!node_) {
    emit peerActionFinished(tr("The node is not running."));
    return;
  }
  const node::CommandResult result = node_->unbanPeer(subject.toStdString());
  emit peerActionFinished(QString::fromStdString(result.error));
  poll();
}

void EngineWorker::poll() {
  if (!node_) return;
  emit snapshotReady(std::make_shared<const node::NodeSnapshot>(node_->snapshot()));
}

}  // namespace otedama::ui
