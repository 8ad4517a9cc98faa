// Chain page layout and choices.
#include "wizard/chain_page.hpp"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "node/setup_checks.hpp"

namespace otedama::ui {

namespace {

constexpr int kChainIdRole = Qt::UserRole + 1;

}  // namespace

ChainPage::ChainPage(node::Config* config, QWidget* parent) : ConfigPage(config, parent) {
  setObjectName("wizardChainPage");
  setTitle(tr("Chain"));
  setSubTitle(tr("Which coin does your pool mine? Chains that are not supported yet are listed with the reason."));
  chains_ = new QListWidget(this);
  chains_->setObjectName("chainList");
  for (const node::ChainChoice& choice : node::chainChoices()) {
    auto* item = new QListWidgetItem(tr("%1 — %2").arg(QString::fromStdString(choice.displayName),
                                                      QString::fromStdString(choice.algorithm)),
                                     chains_);
    item->setData(kChainIdRole, QString::fromStdString(choice.id));
    if (!choice.supported) {
      item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
      item->setText(tr("%1  (not yet: %2)", "a chain, and why it cannot be chosen yet")
                        .arg(item->text(), QString::fromStdString(choice.reason)));
      item->setToolTip(QString::fromStdString(choice.reason));
    }
  }
  network_ = new QComboBox(this);
  network_->setObjectName("networkCombo");
  network_->addItem(tr("Main network (real coins)"), int(chain::Network::Mainnet));
  network_->addItem(tr("Test network"), int(chain::Network::Testnet));
  network_->addItem(tr("Regression test (private, local)"), int(chain::Network::Regtest));
  connect(chains_, &QListWidget::currentRowChanged, this, &ChainPage::completeChanged);

  auto* form = new QFormLayout;
  form->addRow(tr("Network:"), network_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(chains_, 1);
  layout->addLayout(form);
}

void ChainPage::load(const node::Config& config) {
  for (int row = 0; row < chains_->count(); ++row) {
    if (chains_->item(row)->data(kChainIdRole).toString() == QString::fromStdString(config.blockchain)) {
      chains_->setCurrentRow(row);
    }
  }
  network_->setCurrentIndex(network_->findData(int(config.network)));
}

void ChainPage::apply(node::Config& config) const {
  const QString previous = QString::fromStdString(config.blockchain);
  if (QListWidgetItem* item = chains_->currentItem()) config.blockchain = item->data(kChainIdRole).toString().toStdString();
  const auto network = chain::Network(network_->currentData().toInt());
  const bool otherChain = previous.toStdString() != config.blockchain;
  // Another chain or network has another default RPC port; another chain its own proof of work.
  if (otherChain || network != config.network) config.blockchainPort = 0;
  if (otherChain) config.algorithm.variant.clear();
  config.network = network;
  if (config.blockchainPort == 0) config.blockchainPort = node::defaultRpcPort(config.blockchain, config.network);
}

bool ChainPage::isComplete() const {
  const QListWidgetItem* item = chains_->currentItem();
  return item && (item->flags() & Qt::ItemIsEnabled);
}

}  // namespace otedama::ui
