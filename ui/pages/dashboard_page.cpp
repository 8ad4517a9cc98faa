// Dashboard layout and its update from a snapshot.
#include "pages/dashboard_page.hpp"

#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "chart/hashrate_chart.hpp"
#include "format/lan_address.hpp"
#include "format/units.hpp"
#include "models/snapshot_tables.hpp"
#include "widgets/status_light.hpp"

namespace otedama::ui {

namespace {

QString qs(const std::string& text) { return QString::fromStdString(text); }

StatusLight* makeLight(const QString& name, const char* objectName, QWidget* parent) {
  auto* light = new StatusLight(name, parent);
  light->setObjectName(objectName);
  return light;
}

void setLight(StatusLight* light, const node::PartStatus& status, bool warn, const QString& warning) {
  if (!status.ok) {
    light->setStatus(StatusLight::Level::Error, status.detail.empty() ? DashboardPage::tr("not working") : qs(status.detail));
  } else if (warn) {
    light->setStatus(StatusLight::Level::Warning, warning);
  } else {
    light->setStatus(StatusLight::Level::Ok, qs(status.detail));
  }
}

}  // namespace

DashboardPage::DashboardPage(const HashrateHistory* history, QWidget* parent) : QWidget(parent) {
  setObjectName("dashboardPage");
  lanHost_ = lanAddress();

  startStop_ = new QPushButton(tr("Start"), this);
  startStop_->setObjectName("startStopButton");
  startStop_->setMinimumWidth(120);
  connect(startStop_, &QPushButton::clicked, this, [this] {
    if (state_ == EngineController::State::Running || state_ == EngineController::State::Starting) {
      emit stopRequested();
    } else {
      emit startRequested();
    }
  });
  engineState_ = new QLabel(this);
  engineState_->setObjectName("engineState");
  summary_ = new QLabel(this);
  summary_->setObjectName("configSummary");
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  engineError_ = new QLabel(this);
  engineError_->setObjectName("engineError");
  engineError_->setWordWrap(true);
  engineError_->setStyleSheet("QLabel { color: #b3261e; }");
  engineError_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  engineError_->hide();

  auto* top = new QHBoxLayout;
  top->addWidget(startStop_);
  top->addWidget(engineState_);
  top->addStretch(1);
  top->addWidget(summary_);

  parentChainLight_ = makeLight(tr("Blockchain node"), "lightParentChain", this);
  p2pLight_ = makeLight(tr("P2P network"), "lightP2p", this);
  stratumLight_ = makeLight(tr("Stratum"), "lightStratum", this);
  syncLight_ = makeLight(tr("Share chain"), "lightSync", this);
  auto* lights = new QHBoxLayout;
  for (StatusLight* light : {parentChainLight_, p2pLight_, stratumLight_, syncLight_}) lights->addWidget(light, 1);

  auto* figures = new QGridLayout;
  figures->setHorizontalSpacing(24);
  poolHashrate15m_ = addFigure(figures, 0, 0, tr("Pool hashrate (15 min)"), "poolHashrate15m");
  poolHashrate1h_ = addFigure(figures, 0, 1, tr("Pool (1 h)"), "poolHashrate1h");
  poolHashrate24h_ = addFigure(figures, 0, 2, tr("Pool (24 h)"), "poolHashrate24h");
  peers_ = addFigure(figures, 0, 3, tr("Peers"), "peerCount");
  localHashrate15m_ = addFigure(figures, 2, 0, tr("Your hashrate (15 min)"), "localHashrate15m");
  localHashrate1h_ = addFigure(figures, 2, 1, tr("Yours (1 h)"), "localHashrate1h");
  localHashrate24h_ = addFigure(figures, 2, 2, tr("Yours (24 h)"), "localHashrate24h");
  miners_ = addFigure(figures, 2, 3, tr("Miners"), "minerCount");
  ownShares_ = addFigure(figures, 4, 0, tr("Your shares in the window"), "ownWindowShares");
  estimatedPayout_ = addFigure(figures, 4, 1, tr("Your payout at the next block"), "estimatedPayout");
  height_ = addFigure(figures, 4, 2, tr("Share-chain height"), "sharechainHeight");
  sharesAccepted_ = addFigure(figures, 4, 3, tr("Shares accepted"), "sharesAccepted");
  lastBlock_ = addFigure(figures, 6, 0, tr("Last block"), "lastBlock");
  blocksFound_ = addFigure(figures, 6, 1, tr("Blocks found"), "blocksFound");

  stratumUrl_ = new QLabel(this);
  stratumUrl_->setObjectName("stratumUrl");
  stratumUrl_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  chart_ = new HashrateChart(this);
  chart_->setHistory(history);

  auto* separator = new QFrame(this);
  separator->setFrameShape(QFrame::HLine);
  separator->setFrameShadow(QFrame::Sunken);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(engineError_);
  layout->addLayout(lights);
  layout->addWidget(separator);
  layout->addLayout(figures);
  layout->addWidget(stratumUrl_);
  layout->addWidget(chart_, 1);

  showEngineState(EngineController::State::Stopped, {});
}

QLabel* DashboardPage::addFigure(QGridLayout* grid, int row, int column, const QString& name, const char* objectName) {
  auto* title = new QLabel(name, this);
  title->setStyleSheet("QLabel { color: palette(mid); }");
  auto* value = new QLabel(QStringLiteral("–"), this);
  value->setObjectName(objectName);
  QFont big = value->font();
  big.setPointSizeF(big.pointSizeF() * 1.5);
  value->setFont(big);
  grid->addWidget(title, row, column);
  grid->addWidget(value, row + 1, column);
  return value;
}

void DashboardPage::showConfigSummary(const QString& summary) { summary_->setText(summary); }

void DashboardPage::showEngineState(EngineController::State state, const QString& error) {
  state_ = state;
  if (state == EngineController::State::Starting) lanHost_ = lanAddress();  // interfaces may have changed
  using State = EngineController::State;
  const bool busy = state == State::Starting || state == State::Stopping;
  startStop_->setEnabled(state != State::Stopping);
  startStop_->setText(state == State::Running || state == State::Starting ? tr("Stop") : tr("Start"));
  switch (state) {
    case State::Stopped: engineState_->setText(tr("Stopped")); break;
    case State::Starting: engineState_->setText(tr("Starting…")); break;
    case State::Running: engineState_->setText(tr("Running")); break;
    case State::Stopping: engineState_->setText(tr("Stopping…")); break;
    case State::Failed: engineState_->setText(tr("Could not start")); break;
  }
  engineError_->setVisible(state == State::Failed && !error.isEmpty());
  engineError_->setText(error);
  if (state != State::Running) {
    const QString what = busy ? engineState_->text() : tr("the node is not running");
    for (StatusLight* light : {parentChainLight_, p2pLight_, stratumLight_, syncLight_}) {
      light->setStatus(busy ? StatusLight::Level::Warning : StatusLight::Level::Off, what);
    }
  }
}

void DashboardPage::showSnapshot(const node::NodeSnapshot& s, const tables::SnapshotFacts& facts) {
  if (state_ != EngineController::State::Running) return;
  const QLocale locale;
  const QString& ticker = facts.ticker;

  setLight(parentChainLight_, s.parentChain.status, false, {});
  setLight(p2pLight_, s.p2p, s.peers.empty(),
           tr("no peers yet: the node mines alone until one connects (check the P2P port %1 and the bootstrap nodes)")
               .arg(s.p2pPort));
  setLight(stratumLight_, s.stratum, s.sessionCount == 0,
           tr("no miner connected: point your miners at %1").arg(stratumUrl(lanHost_, s.stratumPort)));
  const bool syncing = s.sharechain.status.detail.rfind("syncing", 0) == 0;
  setLight(syncLight_, s.sharechain.status, syncing, qs(s.sharechain.status.detail));

  double hashrate1h = 0, hashrate24h = 0;
  std::int64_t payout = 0;
  for (const node::MinerInfo& miner : s.miners) {
    hashrate1h += miner.hashrate1h;
    hashrate24h += miner.hashrate24h;
    payout += miner.estimatedPayout;
  }
  poolHashrate15m_->setText(formatHashrate(s.poolHashrate15m, locale));
  poolHashrate1h_->setText(formatHashrate(s.poolHashrate1h, locale));
  poolHashrate24h_->setText(formatHashrate(s.poolHashrate24h, locale));
  poolHashrate24h_->setToolTip(tr("Over the PPLNS window (%1): %2")
                                   .arg(tr("%Ln share(s)", nullptr, int(s.window.size())), formatHashrate(s.poolHashrate, locale)));
  localHashrate15m_->setText(formatHashrate(s.localHashrate, locale));
  localHashrate1h_->setText(formatHashrate(hashrate1h, locale));
  localHashrate24h_->setText(formatHashrate(hashrate24h, locale));
  const QString minerCount = locale.toString(qulonglong(s.minerCount));
  miners_->setText(tr("%1 (%2)", "miners (workers)").arg(minerCount, tr("%Ln worker(s)", nullptr, int(s.workerCount))));
  peers_->setText(locale.toString(qulonglong(s.peers.size())));
  height_->setText(locale.toString(qulonglong(s.sharechain.height)));
  sharesAccepted_->setText(locale.toString(qulonglong(s.sharesAccepted)));

  ownShares_->setText(tr("%1 of %2").arg(locale.toString(qulonglong(facts.ownShares)), locale.toString(qulonglong(s.window.size()))));
  estimatedPayout_->setText(formatAmount(payout, ticker, locale));
  if (s.blocks.empty()) {
    lastBlock_->setText(tr("none yet"));
    lastBlock_->setToolTip({});
  } else {
    const node::BlockInfo& last = s.blocks.front();
    lastBlock_->setText(tr("%1 · %2").arg(locale.toString(qulonglong(last.height)), formatAge(last.foundAt, s.time)));
    lastBlock_->setToolTip(qs(last.hash));
  }
  blocksFound_->setText(locale.toString(qulonglong(s.blocksFound)));
  stratumUrl_->setText(tr("Point your miners at %1 (user: your payout address, optionally .worker)")
                           .arg(stratumUrl(lanHost_, s.stratumPort)));
  // With another page on screen the chart waits: it catches up when the dashboard is shown.
  chartTime_ = s.time;
  if (isVisible()) chart_->refresh(s.time);
}

void DashboardPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (chartTime_ > 0) chart_->refresh(chartTime_);
}

}  // namespace otedama::ui
