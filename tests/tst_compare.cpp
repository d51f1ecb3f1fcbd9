// SPDX-License-Identifier: GPL-2.0-or-later
// core/export/compare: the crash scenario under next-20240104 and v6.8, syscall by syscall. The
// BUG is on the linux-next side only; B's getdents64 lists the same names under both eras, in
// another order (v6.8 lists the event directory's files first) with other d_off values (v6.8's
// hidden entries take positions); the dentries at each exit differ where the eras create them.
#include "export/compare.h"
#include "scenario/runner.h"

#include <QtTest>

using namespace ds;
using namespace ds::scenario;
using namespace ds::exporter;

namespace {

RunResult runUnder(const std::string& design) {
    std::vector<ParseError> errors;
    const auto sc = loadScenario("d_instantiate-crash", errors);
    if (!sc) qFatal("d_instantiate-crash does not load");
    RunOptions o;
    o.designOverride = design;
    return runScenario(*sc, o);
}

const CompareRow* rowOf(const Comparison& c, const Run& a, const char* task, const char* call) {
    for (const CompareRow& r : c.rows)
        if (r.call == call && a.taskNames.at(r.task) == task) return &r;
    return nullptr;
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bugOnTheLinuxNextSideOnly();
    void getdentsDiffersInOrderAndOffsets();
    void opensAreTheSameCallsWithOtherDentries();
    void textAndJsonl();

private:
    RunResult next_, v68_;
    Comparison c_;
};

void TestCompare::initTestCase() {
    next_ = runUnder("next-20240104");
    v68_ = runUnder("v6.8");
    c_ = compareRuns(next_, v68_);
    QCOMPARE(c_.designA, std::string("next-20240104"));
    QCOMPARE(c_.designB, std::string("v6.8"));
}

void TestCompare::bugOnTheLinuxNextSideOnly() {
    auto bugs = [](const Run& r) {
        return std::count_if(r.reports.begin(), r.reports.end(), [](const Report& x) {
            return x.kind == Report::Kind::Bug && x.function == "d_instantiate";
        });
    };
    QCOMPARE(bugs(next_), 1);
    QCOMPARE(bugs(v68_), 0);
    // A's getdents64 dies in the BUG under linux-next: its row has no result on that side.
    const CompareRow* a = rowOf(c_, next_, "A", "getdents64");
    QVERIFY(a);
    QVERIFY(!a->a);
    QVERIFY(a->b && a->b->ret > 0);
    QVERIFY(!a->same());
}

void TestCompare::getdentsDiffersInOrderAndOffsets() {
    const CompareRow* b = rowOf(c_, next_, "B", "getdents64");
    QVERIFY(b && b->a && b->b);
    QCOMPARE(b->a->ret, b->b->ret);   // the same bytes ...
    QVERIFY(b->entries.orderDiffers); // ... in another order
    QVERIFY(b->entries.onlyA.empty());
    QVERIFY(b->entries.onlyB.empty());
    QVERIFY(!b->entries.dOff.empty());
    // v6.8 lists the event directory's files before its subdirectories.
    QCOMPARE(b->b->entries.at(2).name, std::string("filter"));
    QCOMPARE(b->a->entries.back().name, std::string("enable"));
    bool sawFilter = false;
    for (const auto& d : b->entries.dOff)
        if (d.name == "filter") {
            sawFilter = true;
            QVERIFY(d.a != d.b);
        }
    QVERIFY(sawFilter);
    // linux-next created a dentry per child while listing; v6.8 created none.
    QVERIFY(b->createdOnlyA.size() + size_t(b->createdBoth) > 0 || !b->atExit.empty());
}

void TestCompare::opensAreTheSameCallsWithOtherDentries() {
    const CompareRow* open = rowOf(c_, next_, "A", "openat");
    QVERIFY(open && open->a && open->b);
    QCOMPARE(open->a->ret, open->b->ret);
    // Rows are aligned by scenario call: every call of the scenario appears once per record.
    int opens = 0;
    for (const CompareRow& r : c_.rows)
        opens += r.call == "openat";
    QCOMPARE(opens, 2);
}

void TestCompare::textAndJsonl() {
    const std::string text =
        formatCompareText(c_, next_, v68_, "BUG after 7 schedules", "31 schedules, no BUG");
    QVERIFY2(text.find("compare: next-20240104 vs v6.8") == 0, text.c_str());
    QVERIFY(text.find("entry order differs") != std::string::npos);
    QVERIFY(text.find("d_off differs for") != std::string::npos);
    QVERIFY(text.find("next-20240104: did not return") != std::string::npos);
    QVERIFY(text.find("next-20240104: bug at event") != std::string::npos);
    QVERIFY(text.find("v6.8: none") != std::string::npos);
    QVERIFY(text.find("v6.8: 31 schedules, no BUG") != std::string::npos);
    const std::string jsonl = formatCompareJsonl(c_, next_, v68_);
    int lines = 0, reports = 0;
    size_t at = 0;
    while (at < jsonl.size()) {
        const size_t nl = jsonl.find('\n', at);
        const QByteArray line = QByteArray::fromStdString(jsonl.substr(at, nl - at));
        at = nl + 1;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        QVERIFY2(err.error == QJsonParseError::NoError, line.constData());
        ++lines;
        if (doc.object().value(QStringLiteral("type")).toString() == QStringLiteral("report")) {
            ++reports;
            QCOMPARE(doc.object().value(QStringLiteral("side")).toString(), QStringLiteral("a"));
        }
    }
    QCOMPARE(lines, int(c_.rows.size()) + 1 + reports);
    QVERIFY(reports >= 1);
}

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
