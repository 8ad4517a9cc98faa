// Summary page: preview and writing the file.
#include "wizard/summary_page.hpp"

#include <QDir>
#include <QFontDatabase>
#include <QVBoxLayout>

#include "node/setup_checks.hpp"

namespace otedama::ui {

SummaryPage::SummaryPage(node::Config* config, QString* path, QWidget* parent) : ConfigPage(config, parent), path_(path) {
  setObjectName("wizardSummaryPage");
  setTitle(tr("Summary"));
  setSubTitle(tr("Otedama writes this configuration and starts the node."));
  setCommitPage(true);
  setButtonText(QWizard::CommitButton, tr("Write and start"));
  where_ = new QLabel(this);
  where_->setObjectName("configPath");
  where_->setWordWrap(true);
  where_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  preview_ = new QPlainTextEdit(this);
  preview_->setObjectName("configPreview");
  preview_->setReadOnly(true);
  preview_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  error_ = new QLabel(this);
  error_->setObjectName("configWriteError");
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(where_);
  layout->addWidget(preview_, 1);
  layout->addWidget(error_);
}

void SummaryPage::load(const node::Config& config) {
  where_->setText(tr("File: %1").arg(QDir::toNativeSeparators(*path_)));
  // The password is the node's; it is written to the file (readable by you only), not shown here.
  node::Config shown = config;
  if (!shown.blockchainPassword.empty()) shown.blockchainPassword = "********";
  preview_->setPlainText(QString::fromStdString(node::configToJson(shown)));
  error_->clear();
}

bool SummaryPage::validatePage() {
  try {
    // What otedama-node would refuse is refused here, with the same message.
    node::parseConfig(node::configToJson(*config_));
    node::writeConfigFile(path_->toStdString(), *config_);
  } catch (const std::exception& error) {
    error_->setText(QString::fromStdString(error.what()));
    return false;
  }
  emit configWritten(*config_, *path_);
  return true;
}

}  // namespace otedama::ui
