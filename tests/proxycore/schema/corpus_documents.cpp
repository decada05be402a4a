#include "tests/proxycore/schema/corpus_documents.h"

#include <QDir>
#include <QMap>

#include "proxycore/schema/schema_validator.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/test_support.h"

namespace routedeck::tests {

namespace {

using namespace routedeck::core;

// Corpus documents that are invalid on purpose or by upstream mistake, keyed
// by "<file relative to the corpus>#<document index>" (for conformance files,
// the index in `manifests:`), with the diagnostics we expect ("message [path]").
struct KnownInvalid {
  const char* where;
  QStringList diagnostics;
  const char* reason;
};

const QList<KnownInvalid>& knownInvalid() {
  static const QList<KnownInvalid> list = {};
  return list;
}

// Corpus files that are not YAML our reader (yaml-cpp) accepts, with why.
struct KnownUnparseable {
  const char* file;
  const char* reason;
};

const QList<KnownUnparseable>& knownUnparseable() {
  static const QList<KnownUnparseable> list = {
      {"samples/appmesh/expected-behaviour.yaml",
       "not a manifest but expectations; line 65 has a plain scalar with '?' inside a flow "
       "mapping ({path: /query?color_type=white}), which yaml-cpp and PyYAML both reject"},
  };
  return list;
}

bool isKnownUnparseable(const QString& rel) {
  for (const auto& k : knownUnparseable()) {
    if (rel == QLatin1String(k.file)) {
      return true;
    }
  }
  return false;
}

QStringList messagesOf(const Diagnostics& diags) {
  QStringList out;
  for (const auto& d : diags.items()) {
    out << QString::fromStdString(d.message + " [" + d.fieldPath + "]");
  }
  return out;
}

void check(const yaml::Document& doc, const QString& where, CorpusResult& result,
           QMap<QString, QStringList>& seen) {
  Diagnostics diags;
  if (!schema::validateDocument(doc, diags)) {
    return;
  }
  ++result.validated;
  if (!diags.empty()) {
    seen.insert(where, messagesOf(diags));
    for (const auto& d : diags.items()) {
      seen[where + "\x01"] << QString::fromStdString(d.format());
    }
  }
}

}  // namespace

CorpusResult validateCorpus(const QString& corpusDir) {
  CorpusResult result;
  QMap<QString, QStringList> seen;  // where -> messages; where + "\x01" -> formatted lines
  const QDir root(corpusDir);

  for (const QString& file : filesUnder(corpusDir + "/gateway-api-conformance", {".yaml"})) {
    if (file.endsWith("/index.yaml")) {
      continue;
    }
    Diagnostics parseDiags;
    const auto docs = yaml::loadFile(file.toStdString(), parseDiags);
    const QString rel = root.relativeFilePath(file);
    if (parseDiags.hasErrors()) {
      result.unexpected << QString::fromStdString(parseDiags.format());
      continue;
    }
    for (const auto& doc : docs) {
      const yaml::Node* manifests = doc.root.isMap() ? doc.root.find("manifests") : nullptr;
      if (manifests == nullptr) {
        check(doc, rel + "#" + QString::number(doc.index), result, seen);
        continue;
      }
      for (size_t i = 0; i < manifests->items().size(); ++i) {
        // Marks keep pointing into the conformance file, which is what a reader wants.
        const yaml::Document inner{doc.file, static_cast<int>(i), manifests->items()[i]};
        check(inner, rel + "#" + QString::number(i), result, seen);
      }
    }
  }

  for (const QString& file : filesUnder(corpusDir + "/samples", {".yaml", ".yml"})) {
    Diagnostics parseDiags;
    const auto docs = yaml::loadFile(file.toStdString(), parseDiags);
    const QString rel = root.relativeFilePath(file);
    if (parseDiags.hasErrors() != isKnownUnparseable(rel)) {
      result.unexpected << rel + ": " +
                               (parseDiags.hasErrors() ? QString::fromStdString(parseDiags.format())
                                                       : QStringLiteral("parses now, update the list"));
    }
    for (const auto& doc : docs) {
      check(doc, rel + "#" + QString::number(doc.index), result, seen);
    }
  }

  for (const auto& known : knownInvalid()) {
    const QString where = QString::fromLatin1(known.where);
    const QStringList got = seen.take(where);
    seen.remove(where + "\x01");
    if (got != known.diagnostics) {
      result.unexpected << where + ": expected [" + known.diagnostics.join("; ") + "], got [" +
                               got.join("; ") + "]";
    }
  }
  for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
    if (it.key().endsWith('\x01')) {
      result.unexpected << it.value();
    }
  }
  return result;
}

}  // namespace routedeck::tests
