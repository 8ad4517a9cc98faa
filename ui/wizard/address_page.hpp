// The wizard's payout page: the address this node's pool fee is paid to, checked for the chosen
// chain and network as it is typed (with the reason when refused), the pool's name and its fee.
#pragma once

#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>

#include "wizard/config_page.hpp"

namespace otedama::ui {

class AddressPage : public ConfigPage {
  Q_OBJECT

 public:
  explicit AddressPage(node::Config* config, QWidget* parent = nullptr);

  void load(const node::Config& config) override;
  void apply(node::Config& config) const override;
  bool isComplete() const override;
  void initializePage() override;
  // Checks the address again (the chain or network changed elsewhere).
  void check();

 private:

  QLineEdit* address_;
  QLabel* problem_;
  QLineEdit* poolName_;
  QDoubleSpinBox* fee_;
  bool valid_ = false;
};

}  // namespace otedama::ui
