#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routedeck::core::yaml {

// 1-based position in the source text; line 0 when the node was built in code.
struct Mark {
  int line = 0;
  int column = 0;
};

// A YAML value tree owned by value. It replaces yaml-cpp's reference-semantics
// nodes everywhere outside yaml/ so that documents can be copied, compared and
// kept as immutable provenance. Maps keep their key order, which is what makes
// export write documents back in the user's order.
class Node {
 public:
  enum class Type { Null, Scalar, Sequence, Map };

  struct Entry;

  Node() = default;
  static Node null(Mark at = {});
  static Node scalar(std::string text, bool quoted = false, Mark at = {});
  static Node fromInt(long long v);
  static Node fromDouble(double v);
  static Node fromBool(bool v);
  // A string that must stay a string when written (quoted if it would read as a number).
  static Node str(std::string text);
  static Node sequence(Mark at = {});
  static Node map(Mark at = {});

  Type type() const { return m_type; }
  bool isNull() const { return m_type == Type::Null; }
  bool isScalar() const { return m_type == Type::Scalar; }
  bool isSequence() const { return m_type == Type::Sequence; }
  bool isMap() const { return m_type == Type::Map; }
  const char* typeName() const;

  const Mark& mark() const { return m_mark; }
  void setMark(Mark m) { m_mark = m; }

  // Scalars. quoted() is true for quoted or block scalars: they are strings
  // whatever their text looks like.
  const std::string& text() const { return m_text; }
  bool quoted() const { return m_quoted; }
  // Core-schema typing of a plain scalar.
  bool isPlainBool() const;
  bool isPlainInt() const;
  bool isPlainNumber() const;
  bool isPlainNull() const;
  std::optional<long long> asInt() const;
  std::optional<double> asDouble() const;
  std::optional<bool> asBool() const;

  // Sequences.
  const std::vector<Node>& items() const { return m_items; }
  std::vector<Node>& items() { return m_items; }
  void push(Node n);
  size_t size() const;

  // Maps.
  const std::vector<Entry>& entries() const { return *m_entries; }
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  const Entry* findEntry(std::string_view key) const;
  // Replaces the value in place (keeping key order) or appends a new key.
  Node& set(std::string key, Node value, Mark keyMark = {});
  bool erase(std::string_view key);
  bool has(std::string_view key) const { return find(key) != nullptr; }

  // Structural equality: marks and quoting of non-ambiguous text are ignored.
  bool operator==(const Node& other) const;

 private:
  Type m_type = Type::Null;
  Mark m_mark;
  std::string m_text;
  bool m_quoted = false;
  std::vector<Node> m_items;
  // Held indirectly because Entry contains a Node.
  std::shared_ptr<std::vector<Entry>> m_entries;
  void detach();
};

struct Node::Entry {
  std::string key;
  Mark keyMark;
  Node value;
};

// One document of a (multi-document) YAML file.
struct Document {
  std::string file;
  int index = 0;  // position of the document in the file, 0-based
  Node root;
};

}  // namespace routedeck::core::yaml
