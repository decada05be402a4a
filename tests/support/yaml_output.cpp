#include "tests/support/yaml_output.h"

namespace routedeck::tests {

namespace core = routedeck::core;
namespace yaml = core::yaml;
namespace dialects = core::dialects;

const yaml::Node* findDoc(const std::vector<yaml::Node>& docs, const std::string& kind,
                          const std::string& name) {
  for (const auto& d : docs) {
    const yaml::Node* k = d.find("kind");
    const yaml::Node* md = d.find("metadata");
    const yaml::Node* n = md ? md->find("name") : nullptr;
    if (k && n && k->text() == kind && n->text() == name) {
      return &d;
    }
  }
  return nullptr;
}

const yaml::Node* at(const yaml::Node& root, const std::string& path) {
  const yaml::Node* cur = &root;
  size_t i = 0;
  while (cur && i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const size_t close = path.find(']', i);
      const size_t index = std::stoul(path.substr(i + 1, close - i - 1));
      cur = cur->isSequence() && index < cur->size() ? &cur->items()[index] : nullptr;
      i = close + 1;
      continue;
    }
    const size_t end = path.find_first_of(".[", i);
    const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    cur = cur->find(key);
    i = end == std::string::npos ? path.size() : end;
  }
  return cur;
}

std::string text(const yaml::Node& root, const std::string& path) {
  const yaml::Node* n = at(root, path);
  return n && n->isScalar() ? n->text() : std::string("<missing " + path + ">");
}

bool hasItem(const dialects::FidelityReport& report, dialects::Fidelity level,
             const std::string& objectPart, const std::string& featurePart,
             const std::string& detailPart) {
  for (const auto& i : report.items()) {
    if (i.level == level && i.object.find(objectPart) != std::string::npos &&
        i.feature.find(featurePart) != std::string::npos &&
        i.detail.find(detailPart) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string scalarOr(const yaml::Node* parent, std::string_view key, std::string fallback) {
  const yaml::Node* v = parent ? parent->find(key) : nullptr;
  return v && v->isScalar() ? v->text() : fallback;
}

}  // namespace routedeck::tests
