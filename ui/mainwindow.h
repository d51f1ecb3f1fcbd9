#pragma once

#include <QMainWindow>

class QLabel;

namespace ds::ui {

// Placeholder main window: shows the scenario's name until the real panes exist.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(const QString& scenario, QWidget* parent = nullptr);

private:
    QLabel* m_label = nullptr;
};

} // namespace ds::ui
