// A table (or any content) under a one-line title, optionally with a button at the title's right:
// how the pages stack their tables in splitters.
#pragma once

#include <QLabel>
#include <QString>
#include <QWidget>

namespace otedama::ui {

// `content` and `action` are reparented into the box; `caption`, when given, receives the title
// label (for pages that change the title later).
QWidget* titledBox(const QString& title, QWidget* content, QWidget* action = nullptr, QLabel** caption = nullptr);

}  // namespace otedama::ui
