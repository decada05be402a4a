#pragma once

#include <QString>
#include <QStringList>

namespace routedeck::tests {

struct CorpusResult {
  int validated = 0;  // documents with a schema
  // One line per surprise: a diagnostic on a document that should be valid,
  // or a known-invalid document that no longer reports what we expect.
  QStringList unexpected;
};

// Runs the schema validator over every conformance manifest (the `manifests:`
// list of each test file plus the documents of base.yaml) and every YAML file
// under samples/.
CorpusResult validateCorpus(const QString& corpusDir);

}  // namespace routedeck::tests
