#include "proxycore/yaml/yaml_io.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

namespace routedeck::core::yaml {

namespace {

Mark toMark(const YAML::Mark& m) {
  if (m.is_null()) {
    return {};
  }
  return Mark{m.line + 1, m.column + 1};
}

struct Converter {
  const std::string& file;
  Diagnostics& diags;

  Node convert(const YAML::Node& in) {
    Mark at = toMark(in.Mark());
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Node::null(at);
      case YAML::NodeType::Scalar:
        // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
        return Node::scalar(in.Scalar(), in.Tag() != "?", at);
      case YAML::NodeType::Sequence: {
        Node out = Node::sequence(at);
        for (const auto& item : in) {
          out.push(convert(item));
        }
        return out;
      }
      case YAML::NodeType::Map: {
        Node out = Node::map(at);
        std::set<std::string> seen;
        for (const auto& kv : in) {
          Mark keyAt = toMark(kv.first.Mark());
          if (!kv.first.IsScalar()) {
            diags.error({file, keyAt.line, keyAt.column}, "mapping keys must be scalars");
            continue;
          }
          const std::string key = kv.first.Scalar();
          if (!seen.insert(key).second) {
            diags.error({file, keyAt.line, keyAt.column}, "duplicate key \"" + key + "\"");
            continue;
          }
          out.set(key, convert(kv.second), keyAt);
        }
        return out;
      }
    }
    return Node::null(at);
  }
};

// A string whose text would read back as another type (number, boolean,
// null) or as nothing must be written quoted.
bool needsQuotes(const Node& n) {
  if (!n.quoted()) {
    return false;
  }
  const Node plain = Node::scalar(n.text());
  return n.text().empty() || plain.isPlainBool() || plain.isPlainNumber() || plain.isPlainNull();
}

void emit(YAML::Emitter& out, const Node& n) {
  switch (n.type()) {
    case Node::Type::Null:
      out << YAML::Null;
      break;
    case Node::Type::Scalar:
      if (n.text().find('\n') != std::string::npos) {
        out << YAML::Literal << n.text();
      } else if (needsQuotes(n)) {
        out << YAML::DoubleQuoted << n.text();
      } else {
        out << n.text();
      }
      break;
    case Node::Type::Sequence:
      if (n.items().empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        break;
      }
      out << YAML::BeginSeq;
      for (const auto& item : n.items()) {
        emit(out, item);
      }
      out << YAML::EndSeq;
      break;
    case Node::Type::Map:
      if (n.entries().empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        break;
      }
      out << YAML::BeginMap;
      for (const auto& e : n.entries()) {
        out << YAML::Key << e.key << YAML::Value;
        emit(out, e.value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

std::vector<Document> loadString(const std::string& text, const std::string& fileName,
                                 Diagnostics& diags) {
  std::vector<Document> docs;
  try {
    std::vector<YAML::Node> nodes = YAML::LoadAll(text);
    Converter conv{fileName, diags};
    int index = 0;
    for (const auto& n : nodes) {
      // "---" followed by nothing yields a null document; it holds no object.
      if (n.IsNull()) {
        ++index;
        continue;
      }
      docs.push_back(Document{fileName, index++, conv.convert(n)});
    }
  } catch (const YAML::Exception& e) {
    diags.error({fileName, e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg);
    docs.clear();
  }
  return docs;
}

std::vector<Document> loadFile(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error({path, 0, 0}, "cannot read file");
    return {};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return loadString(ss.str(), path, diags);
}

std::string write(const Node& node) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  out.SetMapFormat(YAML::Block);
  emit(out, node);
  std::string s = out.c_str();
  if (!s.empty() && s.back() != '\n') {
    s += '\n';
  }
  return s;
}

std::string writeDocuments(const std::vector<Node>& docs) {
  std::string out;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i) {
      out += "---\n";
    }
    out += write(docs[i]);
  }
  return out;
}

}  // namespace routedeck::core::yaml
