// Network page fields and their checks (ports free, bootstrap lines well-formed).
#include "wizard/network_page.hpp"

#include <QFormLayout>
#include <QVBoxLayout>

#include <stdexcept>

#include "node/setup_checks.hpp"

namespace otedama::ui {

NetworkPage::NetworkPage(node::Config* config, QWidget* parent) : ConfigPage(config, parent) {
  setObjectName("wizardNetworkPage");
  setTitle(tr("Network"));
  setSubTitle(tr("Open these ports in your firewall: the P2P port for other pool nodes, the stratum port for "
                 "your miners."));
  p2pPort_ = new QSpinBox(this);
  p2pPort_->setObjectName("p2pPort");
  stratumPort_ = new QSpinBox(this);
  stratumPort_->setObjectName("stratumPort");
  for (QSpinBox* port : {p2pPort_, stratumPort_}) {
    port->setRange(1, 65535);
    connect(port, &QSpinBox::valueChanged, this, &NetworkPage::checkPorts);
  }
  bootstrap_ = new QPlainTextEdit(this);
  bootstrap_->setObjectName("bootstrapNodes");
  bootstrap_->setPlaceholderText(tr("One host:port per line, for example seed.example.org:9338. "
                                    "Leave empty to start a new pool."));
  bootstrap_->setMaximumHeight(90);
  connect(bootstrap_, &QPlainTextEdit::textChanged, this, &NetworkPage::check);
  maxPeers_ = new QSpinBox(this);
  maxPeers_->setObjectName("maxPeers");
  maxPeers_->setRange(1, 1000);
  problem_ = new QLabel(this);
  problem_->setObjectName("portProblem");
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));

  auto* form = new QFormLayout;
  form->addRow(tr("P2P port:"), p2pPort_);
  form->addRow(tr("Stratum port:"), stratumPort_);
  form->addRow(tr("Bootstrap nodes:"), bootstrap_);
  form->addRow(tr("Maximum peers:"), maxPeers_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(problem_);
  layout->addStretch(1);
}

void NetworkPage::setOwnPorts(std::uint16_t p2p, std::uint16_t stratum) {
  ownP2p_ = p2p;
  ownStratum_ = stratum;
  checkPorts();
}

void NetworkPage::load(const node::Config& config) {
  p2pPort_->setValue(config.p2pPort);
  stratumPort_->setValue(config.stratumPort);
  QStringList lines;
  for (const node::HostPort& bootstrap : config.bootstrapNodes) {
    const QString host = QString::fromStdString(bootstrap.host);
    lines << (host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2") : QStringLiteral("%1:%2")).arg(host).arg(bootstrap.port);
  }
  bootstrap_->setPlainText(lines.join(QLatin1Char('\n')));
  maxPeers_->setValue(int(config.maxPeers));
  checkPorts();
}

void NetworkPage::apply(node::Config& config) const {
  config.p2pPort = std::uint16_t(p2pPort_->value());
  config.stratumPort = std::uint16_t(stratumPort_->value());
  config.bootstrapNodes.clear();
  for (const QString& line : bootstrap_->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    if (line.trimmed().isEmpty()) continue;
    config.bootstrapNodes.push_back(node::parseHostPort(line.trimmed().toStdString()));
  }
  config.maxPeers = unsigned(maxPeers_->value());
}

void NetworkPage::checkPorts() {
  // Binding is a system call per port: done when a port changes, not on every keystroke elsewhere.
  QStringList& problems = portProblems_;
  problems.clear();
  const auto p2p = std::uint16_t(p2pPort_->value()), stratum = std::uint16_t(stratumPort_->value());
  if (p2p == stratum) problems << tr("The P2P and stratum ports must differ.");
  if (p2p != ownP2p_) {
    if (const auto problem = node::portProblem(config_->p2pBind, p2p, node::PortUse::TcpAndUdp)) {
      problems << tr("P2P: %1").arg(QString::fromStdString(*problem));
    }
  }
  if (stratum != ownStratum_) {
    if (const auto problem = node::portProblem(config_->stratumBind, stratum)) {
      problems << tr("Stratum: %1").arg(QString::fromStdString(*problem));
    }
  }
  check();
}

void NetworkPage::check() {
  QStringList problems = portProblems_;
  int lineNumber = 0;
  for (const QString& line : bootstrap_->toPlainText().split(QLatin1Char('\n'))) {
    ++lineNumber;
    if (line.trimmed().isEmpty()) continue;
    try {
      node::parseHostPort(line.trimmed().toStdString());
    } catch (const std::invalid_argument& error) {
      problems << tr("Bootstrap line %1: %2").arg(lineNumber).arg(QString::fromStdString(error.what()));
    }
  }
  valid_ = problems.isEmpty();
  problem_->setText(problems.join(QLatin1Char('\n')));
  emit completeChanged();
}

bool NetworkPage::isComplete() const { return valid_; }

}  // namespace otedama::ui
