// Payout page fields and the address check.
#include "wizard/address_page.hpp"

#include <QFormLayout>
#include <QVBoxLayout>

#include "node/setup_checks.hpp"

namespace otedama::ui {

AddressPage::AddressPage(node::Config* config, QWidget* parent) : ConfigPage(config, parent) {
  setObjectName("wizardAddressPage");
  setTitle(tr("Payout address"));
  setSubTitle(tr("Your miners are paid to the addresses they log in with. This node's pool fee, if you set "
                 "one, is paid to the address below."));
  address_ = new QLineEdit(this);
  address_->setObjectName("payoutAddress");
  problem_ = new QLabel(this);
  problem_->setObjectName("addressProblem");
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
  poolName_ = new QLineEdit(this);
  poolName_->setObjectName("poolName");
  poolName_->setMaxLength(64);
  fee_ = new QDoubleSpinBox(this);
  fee_->setObjectName("poolFee");
  fee_->setRange(0.0, node::kMaxPoolFeePercent);
  fee_->setDecimals(2);
  fee_->setSingleStep(0.5);
  fee_->setSuffix(QStringLiteral(" %"));
  fee_->setToolTip(tr("A share of the weight of every share this node's miners find, credited to the address above "
                      "(at most %1 %).")
                       .arg(node::kMaxPoolFeePercent));
  connect(address_, &QLineEdit::textChanged, this, &AddressPage::check);

  auto* form = new QFormLayout;
  form->addRow(tr("Payout address:"), address_);
  form->addRow(QString(), problem_);
  form->addRow(tr("Pool name:"), poolName_);
  form->addRow(tr("Pool fee:"), fee_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addStretch(1);
}

void AddressPage::initializePage() {
  ConfigPage::initializePage();
  check();  // the chain or network may have changed since the address was typed
}

void AddressPage::load(const node::Config& config) {
  address_->setText(QString::fromStdString(config.poolAddress));
  poolName_->setText(QString::fromStdString(config.poolName));
  fee_->setValue(config.poolFee);
  check();
}

void AddressPage::apply(node::Config& config) const {
  config.poolAddress = address_->text().trimmed().toStdString();
  config.poolName = poolName_->text().trimmed().isEmpty() ? std::string("Otedama") : poolName_->text().trimmed().toStdString();
  config.poolFee = fee_->value();
}

void AddressPage::check() {
  const std::string address = address_->text().trimmed().toStdString();
  const auto problem = node::payoutAddressProblem(config_->blockchain, config_->network, address);
  valid_ = !problem;
  // Nothing typed yet is not an error to shout about.
  problem_->setText(problem && !address.empty() ? QString::fromStdString(*problem) : QString());
  emit completeChanged();
}

bool AddressPage::isComplete() const { return valid_; }

}  // namespace otedama::ui
