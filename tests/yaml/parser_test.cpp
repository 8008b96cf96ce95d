#include "yaml/parser.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace retort::yaml {
namespace {

// The whole message of the Error that parsing `text` throws ("" when it does not throw).
std::string parse_error(const std::string& text) {
  try {
    parse_yaml("f.yaml", text);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "";
}

TEST(YamlParser, KeepsMarksOfEveryNode) {
  Node root = parse_yaml("f.yaml", "a: 1\nlist:\n  - x\n  - {k: v, n: [1, 2]}\n");
  ASSERT_TRUE(root.is_mapping());
  EXPECT_EQ(root.mark.line, 1);
  EXPECT_EQ(root.mark.column, 1);
  ASSERT_EQ(root.entries.size(), 2u);
  EXPECT_EQ(root.entries[0].key.value, "a");
  EXPECT_EQ(root.entries[0].value.mark.line, 1);
  EXPECT_EQ(root.entries[0].value.mark.column, 4);
  const Node& list = root.entries[1].value;
  EXPECT_EQ(root.entries[1].key.mark.line, 2);
  ASSERT_TRUE(list.is_sequence());
  EXPECT_FALSE(list.flow);
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(list.items[0].mark.line, 3);
  EXPECT_EQ(list.items[0].mark.column, 5);
  const Node& map = list.items[1];
  EXPECT_TRUE(map.is_mapping());
  EXPECT_TRUE(map.flow);
  EXPECT_EQ(map.mark.line, 4);
  EXPECT_EQ(map.mark.column, 5);
  const Node* n = map.find("n");
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(n->flow);
  EXPECT_EQ(n->mark.column, 15);
  EXPECT_EQ(n->items[1].mark.column, 19);
  EXPECT_EQ(map.find("missing"), nullptr);
}

TEST(YamlParser, KeepsMappingOrder) {
  Node root = parse_yaml("f.yaml", "zeta: 1\nalpha: 2\nmid: 3\n");
  ASSERT_EQ(root.entries.size(), 3u);
  EXPECT_EQ(root.entries[0].key.value, "zeta");
  EXPECT_EQ(root.entries[1].key.value, "alpha");
  EXPECT_EQ(root.entries[2].key.value, "mid");
}

TEST(YamlParser, ScalarStylesDecideTypes) {
  Node root = parse_yaml("f.yaml",
                         "a: 123\nb: '123'\nc: \"true\"\nd: true\ne: ~\nf:\ng: 001\nh: 1.5\n"
                         "i: yes\nj: !!str 12\nk: |\n  x\n  y\nl: >-\n  p\n  q\nm: .5\nn: 1e3\n"
                         "o: 0x1F\np: 12abc\nq: Null\n");
  auto type_of = [&](const char* key) { return root.find(key)->scalar_type(); };
  EXPECT_EQ(type_of("a"), ScalarType::integer);
  EXPECT_EQ(root.find("a")->style, ScalarStyle::plain);
  EXPECT_EQ(type_of("b"), ScalarType::string);
  EXPECT_EQ(root.find("b")->style, ScalarStyle::single_quoted);
  EXPECT_EQ(type_of("c"), ScalarType::string);
  EXPECT_EQ(root.find("c")->style, ScalarStyle::double_quoted);
  EXPECT_EQ(type_of("d"), ScalarType::boolean);
  EXPECT_EQ(type_of("e"), ScalarType::null);
  EXPECT_TRUE(root.find("f")->is_null());
  EXPECT_EQ(type_of("g"), ScalarType::integer);
  EXPECT_EQ(root.find("g")->value, "001");  // the source text, not a number
  EXPECT_EQ(type_of("h"), ScalarType::real);
  EXPECT_EQ(type_of("i"), ScalarType::string);  // YAML 1.2: `yes` is not a boolean
  EXPECT_EQ(type_of("j"), ScalarType::string);
  EXPECT_TRUE(root.find("j")->tagged_string);
  EXPECT_EQ(root.find("k")->style, ScalarStyle::literal);
  EXPECT_EQ(root.find("k")->value, "x\ny\n");
  EXPECT_EQ(root.find("l")->style, ScalarStyle::folded);
  EXPECT_EQ(root.find("l")->value, "p q");
  EXPECT_EQ(type_of("m"), ScalarType::real);
  EXPECT_EQ(type_of("n"), ScalarType::real);
  EXPECT_EQ(type_of("o"), ScalarType::integer);
  EXPECT_EQ(type_of("p"), ScalarType::string);
  EXPECT_EQ(type_of("q"), ScalarType::null);
}

TEST(YamlParser, ResolvesPlainScalars) {
  EXPECT_EQ(resolve_plain("-12"), ScalarType::integer);
  EXPECT_EQ(resolve_plain("+7"), ScalarType::integer);
  EXPECT_EQ(resolve_plain("-"), ScalarType::string);
  EXPECT_EQ(resolve_plain("1."), ScalarType::real);
  EXPECT_EQ(resolve_plain("."), ScalarType::string);
  EXPECT_EQ(resolve_plain("1e"), ScalarType::string);
  EXPECT_EQ(resolve_plain("-.inf"), ScalarType::real);
  EXPECT_EQ(resolve_plain(".NaN"), ScalarType::real);
  EXPECT_EQ(resolve_plain("0o17"), ScalarType::integer);
  EXPECT_EQ(resolve_plain("0o19"), ScalarType::string);
  EXPECT_EQ(resolve_plain("FALSE"), ScalarType::boolean);
  EXPECT_EQ(resolve_plain("fAlse"), ScalarType::string);
  EXPECT_EQ(resolve_plain("~x"), ScalarType::string);
  EXPECT_EQ(resolve_plain("2026-03-09"), ScalarType::string);
}

TEST(YamlParser, PlainScalarWithOpenParenthesisGoesOnPastCommas) {
  Node root = parse_yaml("f.yaml",
                         "col: {name: rate, type: numeric(10,2), nullable: false}\n"
                         "two: {a: f(x, 1), b: g(y, 1)}\n"
                         "list: [lower(a, b), c, h(1,2,3)]\n"
                         "block: numeric(10,2)\n");
  const Node& col = *root.find("col");
  ASSERT_EQ(col.entries.size(), 3u);
  EXPECT_EQ(col.find("type")->value, "numeric(10,2)");
  EXPECT_EQ(col.find("type")->mark.column, 25);
  EXPECT_EQ(col.find("nullable")->value, "false");
  const Node& two = *root.find("two");
  ASSERT_EQ(two.entries.size(), 2u);  // no duplicate key "1)"
  EXPECT_EQ(two.find("a")->value, "f(x, 1)");
  EXPECT_EQ(two.find("b")->value, "g(y, 1)");
  const Node& list = *root.find("list");
  ASSERT_EQ(list.items.size(), 3u);
  EXPECT_EQ(list.items[0].value, "lower(a, b)");
  EXPECT_EQ(list.items[1].value, "c");
  EXPECT_EQ(list.items[2].value, "h(1,2,3)");
  EXPECT_EQ(root.find("block")->value, "numeric(10,2)");
  // Quoted text is YAML as usual.
  EXPECT_EQ(parse_yaml("f.yaml", "{a: 'f(x', b: 1)}").entries.size(), 2u);
}

TEST(YamlParser, UnclosedParenthesisInFlowMapIsAnError) {
  EXPECT_EQ(parse_error("x: {a: f(x, b: 1}\n"),
            "f.yaml:1:8: unbalanced '(' in 'f(x, b'\n"
            "  x: {a: f(x, b: 1}\n"
            "         ^\n"
            "  close the parenthesis, or quote the text");
}

TEST(YamlParser, EmptyDocumentIsNull) {
  Node root = parse_yaml("f.yaml", "# only a comment\n");
  EXPECT_TRUE(root.is_null());
  EXPECT_EQ(root.mark.line, 1);
  EXPECT_TRUE(parse_yaml("f.yaml", "").is_null());
}

TEST(YamlParser, ExpandsAliases) {
  Node root = parse_yaml("f.yaml", "base: &col {name: id, type: integer}\ncopy: *col\n");
  const Node* copy = root.find("copy");
  ASSERT_NE(copy, nullptr);
  ASSERT_TRUE(copy->is_mapping());
  EXPECT_EQ(copy->find("type")->value, "integer");
  EXPECT_EQ(copy->mark.line, 2);
  EXPECT_EQ(copy->mark.column, 7);
}

TEST(YamlParser, HandlesCrlfAndBom) {
  Node root = parse_yaml("f.yaml",
                         "\xEF\xBB\xBF"
                         "a: 1\r\nb: x\r\n");
  EXPECT_EQ(root.find("b")->value, "x");
  EXPECT_EQ(root.find("b")->mark.line, 2);
}

TEST(YamlParser, SyntaxErrorShowsLineAndCaret) {
  EXPECT_EQ(parse_error("a: 1\nb: [1, 2\nc: 3\n"),
            "f.yaml:3:2: YAML syntax error: did not find expected ',' or ']' (while parsing a "
            "flow sequence at line 2, column 4)\n"
            "  c: 3\n"
            "   ^");
  EXPECT_EQ(parse_error("a:\n  b: 1\n c: 2\n"),
            "f.yaml:3:2: YAML syntax error: did not find expected key (while parsing a block "
            "mapping at line 1, column 1)\n"
            "   c: 2\n"
            "   ^");
}

TEST(YamlParser, UnclosedAtEndPointsAtTheStart) {
  EXPECT_EQ(parse_error("a: [1, 2\n"),
            "f.yaml:1:4: YAML syntax error: did not find expected ',' or ']' (while parsing a "
            "flow sequence at line 1, column 4)\n"
            "  a: [1, 2\n"
            "     ^");
}

TEST(YamlParser, TabIndentationGetsAHint) {
  EXPECT_EQ(parse_error("a:\n\t- b\n"),
            "f.yaml:2:1: YAML syntax error: found character that cannot start any token (while "
            "scanning for the next token at line 2, column 1)\n"
            "  \t- b\n"
            "  ^\n"
            "  YAML indentation must use spaces, not tabs");
}

TEST(YamlParser, DuplicateKeyIsAnError) {
  EXPECT_EQ(parse_error("table: a\ncolumns: []\ntable: b\n"),
            "f.yaml:3:1: duplicate key 'table' (first defined at line 1)\n"
            "  table: b\n"
            "  ^");
  EXPECT_EQ(parse_error("x: {a: 1, a: 2}\n"),
            "f.yaml:1:11: duplicate key 'a' (first defined at line 1)\n"
            "  x: {a: 1, a: 2}\n"
            "            ^");
}

TEST(YamlParser, RejectsComplexKeysTagsSecondDocumentsAndUnknownAliases) {
  EXPECT_EQ(parse_error("? [a, b]\n: 1\n"),
            "f.yaml:1:3: a mapping key must be a plain word or a quoted string, found a list\n"
            "  ? [a, b]\n"
            "    ^");
  EXPECT_EQ(parse_error("a: !custom 1\n"),
            "f.yaml:1:4: unsupported YAML tag '!custom'\n"
            "  a: !custom 1\n"
            "     ^");
  EXPECT_EQ(parse_error("a: 1\n---\nb: 2\n"),
            "f.yaml:2:1: expected a single YAML document, found a second one here\n"
            "  ---\n"
            "  ^");
  EXPECT_EQ(parse_error("a: *nowhere\n"),
            "f.yaml:1:4: alias '*nowhere' refers to no anchor before it\n"
            "  a: *nowhere\n"
            "     ^");
}

TEST(YamlParser, InvalidUtf8IsAnError) {
  EXPECT_EQ(parse_error("a: 1\nb: \xff\n"),
            "f.yaml:2:4: invalid text: invalid leading UTF-8 octet (YAML files must be UTF-8)\n"
            "  b: \xff\n"
            "     ^");
}

TEST(YamlParser, LimitsAliasExpansion) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'h'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
    prev = c;
  }
  std::string message = parse_error(text);
  EXPECT_NE(message.find("aliases expand to too many nodes (more than 100000)"), std::string::npos)
      << message;
}

TEST(YamlNode, DescribeForMessages) {
  Node root = parse_yaml("f.yaml", "a: [1]\nb: {x: 1}\nc: ~\nd: word\ne: \"quoted\"\n");
  EXPECT_EQ(describe(*root.find("a")), "a list");
  EXPECT_EQ(describe(*root.find("b")), "a map");
  EXPECT_EQ(describe(*root.find("c")), "null");
  EXPECT_EQ(describe(*root.find("d")), "'word'");
  EXPECT_EQ(describe(*root.find("e")), "the string \"quoted\"");
  Node long_text = parse_yaml("f.yaml", "|\n  SELECT 1\n  FROM t\n");
  EXPECT_EQ(describe(long_text), "the string \"SELECT 1...\"");
}

}  // namespace
}  // namespace retort::yaml
