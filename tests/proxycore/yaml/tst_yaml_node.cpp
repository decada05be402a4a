// The YAML tree: typing of scalars, equality, marks, duplicate keys and
// writing values back so that they read as the same type.
#include <QTest>

#include "proxycore/yaml/yaml_io.h"

using namespace routedeck::core;
using yaml::Node;

class TestYamlNode : public QObject {
  Q_OBJECT

 private slots:
  void scalarTyping_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("type");
    QTest::newRow("int") << "a: 80" << "integer";
    QTest::newRow("quoted int") << "a: \"80\"" << "string";
    QTest::newRow("bool") << "a: true" << "boolean";
    QTest::newRow("quoted bool") << "a: 'true'" << "string";
    QTest::newRow("float") << "a: 1.5" << "number";
    QTest::newRow("null") << "a: ~" << "null";
    QTest::newRow("empty") << "a:" << "null";
    QTest::newRow("string") << "a: /api" << "string";
    QTest::newRow("block") << "a: |\n  x\n" << "string";
  }

  void scalarTyping() {
    QFETCH(QString, text);
    QFETCH(QString, type);
    Diagnostics diags;
    auto docs = yaml::loadString(text.toStdString(), "t.yaml", diags);
    QCOMPARE(docs.size(), size_t(1));
    const Node* a = docs[0].root.find("a");
    QVERIFY(a);
    const std::string got = a->isPlainNull() ? "null" : a->typeName();
    QCOMPARE(QString::fromStdString(got), type);
  }

  void writeKeepsTypes_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("quoted numbers stay strings") << "a: \"1\"\nb: '2.5'\nc: 3\n";
    QTest::newRow("quoted booleans and nulls") << "a: 'true'\nb: \"null\"\nc: ''\nd: false\n";
    QTest::newRow("special characters") << "a: '*'\nb: 'x: y'\nc: '#x'\nd: '- x'\n";
    QTest::newRow("nested and empty") << "a: {b: [1, {c: d}], e: {}, f: []}\n";
    QTest::newRow("multi-line") << "a: |\n  line1\n  line2\n";
  }

  void writeKeepsTypes() {
    QFETCH(QString, text);
    Diagnostics diags;
    auto docs = yaml::loadString(text.toStdString(), "t.yaml", diags);
    const std::string written = yaml::write(docs[0].root);
    auto again = yaml::loadString(written, "t2.yaml", diags);
    QVERIFY2(!diags.hasErrors(), diags.format().c_str());
    QVERIFY2(again[0].root == docs[0].root, written.c_str());
    // Type of every scalar survives, not just its text.
    for (const auto& e : docs[0].root.entries()) {
      QCOMPARE(std::string(again[0].root.find(e.key)->typeName()), std::string(e.value.typeName()));
    }
  }

  void equalityIgnoresKeyOrderAndMarks() {
    Diagnostics diags;
    auto a = yaml::loadString("x: 1\ny: [a, b]\n", "a", diags);
    auto b = yaml::loadString("\n\ny: [a, b]\nx: 1\n", "b", diags);
    auto c = yaml::loadString("y: [b, a]\nx: 1\n", "c", diags);
    QVERIFY(a[0].root == b[0].root);
    QVERIFY(!(a[0].root == c[0].root));  // sequence order is content
    auto d = yaml::loadString("x: '1'\ny: [a, b]\n", "d", diags);
    QVERIFY(!(a[0].root == d[0].root));  // 1 is not "1"
  }

  void marksAreOneBased() {
    Diagnostics diags;
    auto docs = yaml::loadString("a:\n  b: [x, y]\n", "m.yaml", diags);
    const Node* b = docs[0].root.find("a")->find("b");
    QCOMPARE(b->mark().line, 2);
    QCOMPARE(b->mark().column, 6);
    QCOMPARE(b->items()[1].mark().column, 10);
    QCOMPARE(docs[0].root.find("a")->findEntry("b")->keyMark.column, 3);
  }

  void duplicateKeysAreErrors() {
    Diagnostics diags;
    yaml::loadString("a: 1\nb: 2\na: 3\n", "d.yaml", diags);
    QCOMPARE(QString::fromStdString(diags.format()),
             QStringLiteral("d.yaml:3:1: error: duplicate key \"a\"\n"));
  }

  void syntaxErrorHasPosition() {
    Diagnostics diags;
    auto docs = yaml::loadString("a: [1, 2\nb: 3\n", "s.yaml", diags);
    QVERIFY(docs.empty());
    QCOMPARE(diags.items().size(), size_t(1));
    QCOMPARE(diags.items()[0].location.line, 2);
    QVERIFY(diags.items()[0].message.starts_with("YAML syntax: "));
  }

  void copiesAreIndependent() {
    Node a = Node::map();
    a.set("k", Node::str("v"));
    Node b = a;
    b.set("k", Node::str("changed"));
    b.set("new", Node::fromInt(1));
    QCOMPARE(a.find("k")->text(), std::string("v"));
    QVERIFY(!a.has("new"));
  }
};

QTEST_GUILESS_MAIN(TestYamlNode)
#include "tst_yaml_node.moc"
