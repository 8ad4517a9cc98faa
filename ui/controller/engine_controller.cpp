// Requests to the worker, its answers back as states and signals.
#include "controller/engine_controller.hpp"

#include "controller/engine_worker.hpp"

namespace otedama::ui {

EngineController::EngineController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<otedama::node::Config>();
  qRegisterMetaType<otedama::node::NodeEvent>();
  qRegisterMetaType<std::shared_ptr<const otedama::node::NodeSnapshot>>();
  thread_.setObjectName("otedama-engine");
  worker_ = new EngineWorker;
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(this, &EngineController::startRequested, worker_, &EngineWorker::start);
  connect(this, &EngineController::stopRequested, worker_, &EngineWorker::stop);
  connect(this, &EngineController::banRequested, worker_, &EngineWorker::banPeer);
  connect(this, &EngineController::unbanRequested, worker_, &EngineWorker::unbanPeer);
  connect(worker_, &EngineWorker::peerActionFinished, this, &EngineController::peerActionFinished);
  connect(worker_, &EngineWorker::started, this, [this] {
    if (state_ == State::Starting) setState(State::Running);  // a stop asked meanwhile comes next
  });
  connect(worker_, &EngineWorker::failed, this, [this](const QString& reason) {
    lastError_ = reason;
    setState(State::Failed);
  });
  connect(worker_, &EngineWorker::stopped, this, [this] {
    setState(State::Stopped);
    if (pendingStart_) {
      const node::Config config = std::move(*pendingStart_);
      pendingStart_.reset();
      start(config);
    }
  });
  connect(worker_, &EngineWorker::snapshotReady, this, [this](std::shared_ptr<const node::NodeSnapshot> snapshot) {
    snapshot_ = snapshot;
    emit snapshotReady(std::move(snapshot));
  });
  connect(worker_, &EngineWorker::eventReceived, this, &EngineController::eventReceived);
  thread_.start();
}

EngineController::~EngineController() {
  // The worker's queue runs in order: a start in progress finishes, then this stop, then the
  // thread ends and the worker (and with it the node) is deleted there.
  emit stopRequested();
  thread_.quit();
  thread_.wait();
}

void EngineController::start(const node::Config& config) {
  if (state_ != State::Stopped && state_ != State::Failed) return;
  lastError_.clear();
  setState(State::Starting);
  emit startRequested(config);
}

void EngineController::stop() {
  if (state_ != State::Starting && state_ != State::Running) return;
  setState(State::Stopping);
  emit stopRequested();
}

void EngineController::restart(const node::Config& config) {
  switch (state_) {
    case State::Stopped:
    case State::Failed: start(config); return;
    case State::Starting:
    case State::Running:
      pendingStart_ = config;
      stop();
      return;
    case State::Stopping: pendingStart_ = config; return;
  }
}

void EngineController::banPeer(const QString& nodeId, std::chrono::seconds length) {
  emit banRequested(nodeId, qint64(length.count()));
}

void EngineController::unbanPeer(const QString& subject) { emit unbanRequested(subject); }

void EngineController::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  emit stateChanged(state);
}

}  // namespace otedama::ui
