// import → export → import over every real manifest in the corpus: the
// export of an unedited document must equal the original document, and the
// re-imported model must equal the first one.
#include <QTest>

#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/test_support.h"

using namespace routedeck;
using core::yaml::Node;

namespace {

struct RoundTrip {
  int documents = 0;
  QStringList problems;
};

void roundTrip(const std::vector<core::yaml::Document>& docs, const QString& label, RoundTrip& out) {
  core::Diagnostics diags;
  core::model::Config first;
  for (const auto& d : docs) {
    core::dialects::importDocument(d, first, diags);
  }
  if (diags.hasErrors()) {
    out.problems << label + QStringLiteral(": import errors: ") + QString::fromStdString(diags.format());
    return;
  }
  std::vector<Node> exported = core::dialects::exportNative(first);
  if (exported.size() != docs.size()) {
    out.problems << label + QStringLiteral(": %1 documents in, %2 out").arg(docs.size()).arg(exported.size());
  }
  std::vector<bool> used(exported.size(), false);
  for (const auto& d : docs) {
    bool found = false;
    for (size_t i = 0; i < exported.size() && !found; ++i) {
      if (!used[i] && exported[i] == d.root) {
        used[i] = found = true;
      }
    }
    ++out.documents;
    if (!found) {
      out.problems << label + QStringLiteral(":%1: document not written back unchanged:\n")
                                  .arg(d.root.mark().line) +
                          QString::fromStdString(core::yaml::write(d.root));
    }
  }
  // Through text, as a user's file would go.
  core::Diagnostics again;
  auto reread = core::yaml::loadString(core::yaml::writeDocuments(exported), "exported.yaml", again);
  core::model::Config second;
  for (const auto& d : reread) {
    core::dialects::importDocument(d, second, again);
  }
  if (again.hasErrors() || !(second == first)) {
    out.problems << label + QStringLiteral(": re-imported model differs");
  }
}

}  // namespace

class TestRoundTrip : public QObject {
  Q_OBJECT

 private slots:
  void samples() {
    const QString corpus = tests::corpusDir();
    if (corpus.isEmpty()) {
      QSKIP(qPrintable(tests::corpusMissingMessage()));
    }
    RoundTrip rt;
    for (const QString& file : tests::filesUnder(corpus + QStringLiteral("/samples"), {QStringLiteral(".yaml")})) {
      if (file.endsWith(QStringLiteral("expected-behaviour.yaml"))) {
        continue;  // expectations, not manifests
      }
      core::Diagnostics diags;
      auto docs = core::yaml::loadFile(file.toStdString(), diags);
      QVERIFY2(!diags.hasErrors(), diags.format().c_str());
      roundTrip(docs, file, rt);
    }
    qInfo("samples: %d documents round-tripped", rt.documents);
    QVERIFY2(rt.problems.isEmpty(), qPrintable(rt.problems.join(QLatin1Char('\n'))));
    QVERIFY(rt.documents > 50);
  }

  void conformanceManifests() {
    const QString corpus = tests::corpusDir();
    if (corpus.isEmpty()) {
      QSKIP(qPrintable(tests::corpusMissingMessage()));
    }
    RoundTrip rt;
    const QString dir = corpus + QStringLiteral("/gateway-api-conformance");
    for (const QString& file : tests::filesUnder(dir, {QStringLiteral(".yaml")})) {
      if (file.endsWith(QStringLiteral("/index.yaml"))) {
        continue;
      }
      core::Diagnostics diags;
      auto docs = core::yaml::loadFile(file.toStdString(), diags);
      QVERIFY2(!diags.hasErrors(), diags.format().c_str());
      if (!file.endsWith(QStringLiteral("/base.yaml"))) {
        std::vector<core::yaml::Document> manifests;
        if (const Node* list = docs.front().root.find("manifests"); list && list->isSequence()) {
          int index = 0;
          for (const auto& m : list->items()) {
            manifests.push_back({file.toStdString(), index++, m});
          }
        }
        docs = std::move(manifests);
      }
      roundTrip(docs, file, rt);
    }
    qInfo("conformance: %d documents round-tripped", rt.documents);
    QVERIFY2(rt.problems.isEmpty(), qPrintable(rt.problems.join(QLatin1Char('\n'))));
    QVERIFY(rt.documents > 100);
  }
};

QTEST_GUILESS_MAIN(TestRoundTrip)
#include "tst_roundtrip.moc"
