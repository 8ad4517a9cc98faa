// Config pages: load when shown, apply when left.
#include "wizard/config_page.hpp"

namespace otedama::ui {

void ConfigPage::initializePage() { load(*config_); }

bool ConfigPage::validatePage() {
  apply(*config_);
  return true;
}

}  // namespace otedama::ui
