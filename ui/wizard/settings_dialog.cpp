// Settings dialog: the wizard's pages in tabs.
#include "wizard/settings_dialog.hpp"

#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "node/setup_checks.hpp"
#include "wizard/address_page.hpp"
#include "wizard/chain_page.hpp"
#include "wizard/network_page.hpp"
#include "wizard/node_page.hpp"

namespace otedama::ui {

SettingsDialog::SettingsDialog(const node::Config& current, const QString& path, std::uint16_t ownP2pPort,
                               std::uint16_t ownStratumPort, QWidget* parent)
    : QDialog(parent), config_(current), path_(path) {
  setObjectName("settingsDialog");
  setWindowTitle(tr("Settings"));
  auto* tabs = new QTabWidget(this);
  tabs->setObjectName("settingsTabs");
  auto* network = new NetworkPage(&config_);
  network->setOwnPorts(ownP2pPort, ownStratumPort);
  pages_ = {new ChainPage(&config_), new NodePage(&config_), new AddressPage(&config_), network};
  for (ConfigPage* page : pages_) {
    page->load(config_);
    tabs->addTab(page, page->title());
    connect(page, &QWizardPage::completeChanged, this, &SettingsDialog::updateOk);
  }
  // The payout check follows the chain tab's choice.
  auto* address = static_cast<AddressPage*>(pages_[2]);
  connect(tabs, &QTabWidget::currentChanged, this, [this, address] {
    pages_[0]->apply(config_);
    address->check();
  });
  error_ = new QLabel(this);
  error_->setObjectName("settingsError");
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tabs, 1);
  layout->addWidget(error_);
  layout->addWidget(buttons_);
  updateOk();
  resize(680, 520);
}

void SettingsDialog::updateOk() {
  bool complete = true;
  for (ConfigPage* page : pages_) complete = complete && page->isComplete();
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(complete);
}

void SettingsDialog::accept() {
  node::Config edited = config_;
  for (ConfigPage* page : pages_) page->apply(edited);
  try {
    node::parseConfig(node::configToJson(edited));  // refused here with otedama-node's message
    node::writeConfigFile(path_.toStdString(), edited);
  } catch (const std::exception& error) {
    error_->setText(QString::fromStdString(error.what()));
    return;
  }
  config_ = edited;
  emit settingsSaved(config_, path_);
  QDialog::accept();
}

}  // namespace otedama::ui
