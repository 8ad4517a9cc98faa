// Setup wizard pages in order.
#include "wizard/setup_wizard.hpp"

#include "wizard/address_page.hpp"
#include "wizard/chain_page.hpp"
#include "wizard/connect_miners_page.hpp"
#include "wizard/network_page.hpp"
#include "wizard/node_page.hpp"
#include "wizard/summary_page.hpp"
#include "wizard/welcome_page.hpp"

namespace otedama::ui {

SetupWizard::SetupWizard(const node::Config& start, const QString& path, QWidget* parent)
    : QWizard(parent), config_(start), path_(path) {
  setObjectName("setupWizard");
  setWindowTitle(tr("Set up Otedama"));
  setWizardStyle(QWizard::ModernStyle);
  setOption(QWizard::NoBackButtonOnLastPage);
  // A real pool from the sandbox's defaults: not the sandbox any more.
  config_.sandbox = false;
  welcome_ = new WelcomePage;
  setPage(WelcomePageId, welcome_);
  setPage(ChainPageId, new ChainPage(&config_));
  setPage(NodePageId, new NodePage(&config_));
  setPage(AddressPageId, new AddressPage(&config_));
  setPage(NetworkPageId, new NetworkPage(&config_));
  auto* summary = new SummaryPage(&config_, &path_);
  connect(summary, &SummaryPage::configWritten, this, &SetupWizard::configWritten);
  setPage(SummaryPageId, summary);
  setPage(ConnectPageId, new ConnectMinersPage(&config_));
  setStartId(WelcomePageId);
  resize(720, 560);
}

bool SetupWizard::sandboxChosen() const { return welcome_->sandboxChosen(); }

}  // namespace otedama::ui
