// Connect-your-miners page.
#include "wizard/connect_miners_page.hpp"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "format/lan_address.hpp"
#include "node/setup_checks.hpp"
#include "wizard/miner_commands.hpp"

namespace otedama::ui {

namespace {

QString algorithmOf(const node::Config& config) {
  if (!config.algorithm.variant.empty()) return QString::fromStdString(config.algorithm.variant);
  for (const node::ChainChoice& choice : node::chainChoices()) {
    if (choice.id == config.blockchain) return QString::fromStdString(choice.algorithm);
  }
  return {};
}

}  // namespace

ConnectMinersPage::ConnectMinersPage(node::Config* config, QWidget* parent) : ConfigPage(config, parent) {
  setObjectName("wizardConnectPage");
  setTitle(tr("Connect your miners"));
  setSubTitle(tr("The node is starting. Point your miners at it; their shares show on the dashboard."));
  layout_ = new QVBoxLayout(this);
}

void ConnectMinersPage::load(const node::Config& config) {
  delete content_;
  content_ = makeContent(config, this);
  layout_->addWidget(content_);
}

QWidget* ConnectMinersPage::makeContent(const node::Config& config, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* grid = new QGridLayout(box);
  grid->setContentsMargins(0, 0, 0, 0);
  const QString host = lanAddress();
  const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  int row = 0;
  auto addLine = [&](const QString& title, const QString& text, const QString& objectName) {
    auto* field = new QLineEdit(text, box);
    field->setObjectName(objectName);
    field->setReadOnly(true);
    field->setFont(fixed);
    field->setCursorPosition(0);
    auto* copy = new QPushButton(QApplication::translate("otedama::ui::ConnectMinersPage", "Copy"), box);
    QObject::connect(copy, &QPushButton::clicked, field, [field] { QApplication::clipboard()->setText(field->text()); });
    grid->addWidget(new QLabel(title, box), row, 0);
    grid->addWidget(field, row, 1);
    grid->addWidget(copy, row, 2);
    ++row;
  };
  addLine(QApplication::translate("otedama::ui::ConnectMinersPage", "Stratum URL"), stratumUrl(host, config.stratumPort),
          QStringLiteral("connectStratumUrl"));
  int index = 0;
  for (const MinerCommand& command : minerCommands(algorithmOf(config), host, config.stratumPort, {})) {
    addLine(command.miner, command.command, QStringLiteral("minerCommand%1").arg(index++));
  }
  auto* help = new QLabel(
      QApplication::translate(
          "otedama::ui::ConnectMinersPage",
          "<b>Use your own payout address</b> as the user name (an address of %1 on %2), optionally followed by "
          "“.name” to tell your rigs apart; any password works.<br><br><b>When a miner cannot connect:</b><ul>"
          "<li>Is port %3 open in this computer's firewall (for example <tt>sudo ufw allow %3/tcp</tt>)?</li>"
          "<li>Is the miner on the same network as %4, or is the port forwarded to this computer?</li>"
          "<li>Is the address right? A refused login says why on the Log page.</li>"
          "<li>Connected but no shares? The Miners page shows each worker's accepted and rejected shares by "
          "reason.</li></ul>")
          .arg(QString::fromStdString(config.blockchain), QString::fromUtf8(chain::networkName(config.network)))
          .arg(config.stratumPort)
          .arg(host),
      box);
  help->setObjectName("connectHelp");
  help->setWordWrap(true);
  help->setTextFormat(Qt::RichText);
  grid->addWidget(help, row, 0, 1, 3);
  grid->setRowStretch(row + 1, 1);
  grid->setColumnStretch(1, 1);
  return box;
}

}  // namespace otedama::ui
