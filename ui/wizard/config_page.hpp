// What the setup wizard's pages and the settings dialog's tabs have in common: a page edits part
// of one node::Config. It reads its fields from the config when shown (load) and writes them back
// when the user moves on or confirms (apply). The wizard passes one Config from page to page; the
// settings dialog shows the same pages as tabs over the current configuration.
#pragma once

#include <QWizardPage>

#include "node/config.hpp"

namespace otedama::ui {

class ConfigPage : public QWizardPage {
  Q_OBJECT

 public:
  explicit ConfigPage(node::Config* config, QWidget* parent = nullptr) : QWizardPage(parent), config_(config) {}

  // The config's values into the fields.
  virtual void load(const node::Config& config) = 0;
  // The fields into the config (only called when isComplete()).
  virtual void apply(node::Config& config) const = 0;

  void initializePage() override;
  bool validatePage() override;

 protected:
  node::Config* config_;
};

}  // namespace otedama::ui
