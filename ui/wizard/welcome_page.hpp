// The wizard's first page: set up a real pool, or try everything on a local test network first
// (the sandbox: nothing to fill in, it starts at once).
#pragma once

#include <QRadioButton>
#include <QWizardPage>

namespace otedama::ui {

class WelcomePage : public QWizardPage {
  Q_OBJECT

 public:
  explicit WelcomePage(QWidget* parent = nullptr);

  bool sandboxChosen() const { return sandbox_->isChecked(); }
  int nextId() const override;
  bool isComplete() const override { return true; }

 private:
  QRadioButton* realPool_;
  QRadioButton* sandbox_;
};

}  // namespace otedama::ui
