// The wizard's chain page: the chains of the product guide with their proof of work, those not
// supported yet shown but disabled with the reason, and the network (mainnet, testnet, regtest).
#pragma once

#include <QComboBox>
#include <QListWidget>

#include "wizard/config_page.hpp"

namespace otedama::ui {

class ChainPage : public ConfigPage {
  Q_OBJECT

 public:
  explicit ChainPage(node::Config* config, QWidget* parent = nullptr);

  void load(const node::Config& config) override;
  void apply(node::Config& config) const override;
  bool isComplete() const override;

 private:
  QListWidget* chains_;
  QComboBox* network_;
};

}  // namespace otedama::ui
