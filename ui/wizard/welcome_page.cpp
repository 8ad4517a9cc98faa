// Welcome page.
#include "wizard/welcome_page.hpp"

#include <QLabel>
#include <QVBoxLayout>

#include "wizard/setup_wizard.hpp"

namespace otedama::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWizardPage(parent) {
  setObjectName("wizardWelcomePage");
  setTitle(tr("Welcome to Otedama"));
  auto* intro = new QLabel(tr("Otedama runs a mining pool with no operator. Your node keeps the same share chain "
                              "as every other node, checks every share itself, and every block found pays all "
                              "miners of the last shares directly in its coinbase."),
                           this);
  intro->setWordWrap(true);
  realPool_ = new QRadioButton(tr("Set up a real pool"), this);
  realPool_->setObjectName("choiceRealPool");
  auto* realText = new QLabel(tr("You need a synced full node of the coin (for example litecoind) on this computer "
                                 "or your network, and a payout address."),
                              this);
  realText->setWordWrap(true);
  realText->setContentsMargins(24, 0, 0, 8);
  sandbox_ = new QRadioButton(tr("Try it on a local test network"), this);
  sandbox_->setObjectName("choiceSandbox");
  auto* sandboxText = new QLabel(tr("Otedama starts a private Litecoin regtest network, a pool node and a small CPU "
                                    "miner on this computer; shares, blocks and payouts appear within a minute. "
                                    "Nothing leaves this computer."),
                                 this);
  sandboxText->setWordWrap(true);
  sandboxText->setContentsMargins(24, 0, 0, 8);
  realPool_->setChecked(true);
  connect(sandbox_, &QRadioButton::toggled, this, [this] { setFinalPage(sandbox_->isChecked()); });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addSpacing(12);
  layout->addWidget(realPool_);
  layout->addWidget(realText);
  layout->addWidget(sandbox_);
  layout->addWidget(sandboxText);
  layout->addStretch(1);
}

int WelcomePage::nextId() const { return sandbox_->isChecked() ? -1 : SetupWizard::ChainPageId; }

}  // namespace otedama::ui
