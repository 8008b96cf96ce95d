// The canonical form is produced in two steps:
//  1. normalize_sql: casts, case, spacing, quoting; then a few token rewrites: a quoted number
//     is the number ('-1'::integer is PostgreSQL's spelling of -1), ~~ is LIKE, != is <>;
//  2. a small Pratt parser with PostgreSQL's precedence table builds a tree that undoes the
//     rewrites PostgreSQL applies when it stores an expression (IN → = ANY (ARRAY[…]), BETWEEN →
//     two comparisons, LIKE → ~~, flattening of AND/OR chains), and prints it with the fewest
//     parentheses the precedence needs. Parentheses never make tree nodes, so PostgreSQL's extra
//     ones ("(a + 1) > (2 * a)") and the user's ("(a > 0) AND (b > 0)") vanish alike.
// Anything the parser does not understand falls back to the token text (step 2's tokens).
#include "sql/canonical_expression.hpp"

#include <vector>

#include "sql/lexer.hpp"
#include "sql/normalize.hpp"

namespace retort {

namespace {

// Binding powers, PostgreSQL's precedence table from loosest to tightest.
constexpr int kOr = 1;
constexpr int kAnd = 2;
constexpr int kNot = 3;
constexpr int kIs = 4;
constexpr int kCompare = 5;
constexpr int kLikeInBetween = 6;
constexpr int kOtherOperator = 7;
constexpr int kAdd = 8;
constexpr int kMultiply = 9;
constexpr int kPower = 10;
constexpr int kUnary = 11;
constexpr int kPrimary = 100;
constexpr int kMaxDepth = 200;

struct Tok {
  SqlToken::Kind kind = SqlToken::Kind::punct;
  std::string text;
  bool word(std::string_view w) const { return kind == SqlToken::Kind::word && text == w; }
  bool punct(std::string_view p) const { return kind == SqlToken::Kind::punct && text == p; }
};

// The tokens of normalized text, with PostgreSQL's operator spellings mapped to the words users
// write: `~~` → like, `~~*` → ilike, `!~~` → not like, `!=` → <>, `==` → =.
std::vector<Tok> canonical_tokens(std::string_view normalized, Dialect dialect) {
  std::vector<SqlToken> raw = tokenize_sql(normalized, dialect == Dialect::sqlite);
  std::vector<Tok> out;
  auto punct_at = [&](size_t i, std::string_view p) { return i < raw.size() && raw[i].is(p); };
  auto word = [](std::string w) { return Tok{SqlToken::Kind::word, std::move(w)}; };
  for (size_t i = 0; i < raw.size(); ++i) {
    bool negated = punct_at(i, "!") && punct_at(i + 1, "~") && punct_at(i + 2, "~");
    size_t start = negated ? i + 1 : i;
    if (punct_at(start, "~") && punct_at(start + 1, "~")) {
      bool ilike = punct_at(start + 2, "*");
      if (negated) out.push_back(word("not"));
      out.push_back(word(ilike ? "ilike" : "like"));
      i = start + (ilike ? 2 : 1);
      continue;
    }
    Tok t{raw[i].kind, std::string(raw[i].text)};
    // '-1': PostgreSQL prints a negative constant as '-1'::integer, whose cast normalize_sql
    // drops; a quoted number compares as the number.
    if (t.kind == SqlToken::Kind::string && t.text.size() > 2 && t.text.front() == '\'' &&
        is_number_literal(std::string_view(t.text).substr(1, t.text.size() - 2))) {
      t.kind = SqlToken::Kind::number;
      t.text = t.text.substr(1, t.text.size() - 2);
    }
    if (t.punct("!=")) t.text = "<>";
    if (t.punct("==")) t.text = "=";
    out.push_back(std::move(t));
  }
  return out;
}

struct Node {
  enum class Kind { atom, call, unary, binary, and_, or_, not_, is, in, array, case_, subscript };
  Kind kind = Kind::atom;
  std::string text;  // atom text, operator, function name, "is not null", "in" / "not in"
  std::vector<Node> kids;
};

struct ParseFailure {};

bool is_compare(const Tok& t) {
  return t.kind == SqlToken::Kind::punct && (t.text == "=" || t.text == "<>" || t.text == "<" ||
                                             t.text == ">" || t.text == "<=" || t.text == ">=");
}

// An operator token that is not structural punctuation.
bool is_operator(const Tok& t) {
  if (t.kind != SqlToken::Kind::punct) return false;
  static constexpr std::string_view kStructural[] = {"(", ")", ",", ".", "[", "]", ";", "::"};
  for (std::string_view s : kStructural)
    if (t.text == s) return false;
  return true;
}

int operator_power(const Tok& t) {
  if (t.text == "+" || t.text == "-") return kAdd;
  if (t.text == "*" || t.text == "/" || t.text == "%") return kMultiply;
  if (t.text == "^") return kPower;
  return kOtherOperator;
}

Node atom(std::string text) {
  return Node{Node::Kind::atom, std::move(text), {}};
}

Node binary(std::string op, Node lhs, Node rhs) {
  Node n{Node::Kind::binary, std::move(op), {}};
  n.kids.push_back(std::move(lhs));
  n.kids.push_back(std::move(rhs));
  return n;
}

// `a AND b` with nested chains of the same kind flattened.
Node chain(Node::Kind kind, Node lhs, Node rhs) {
  Node n{kind, "", {}};
  for (Node* side : {&lhs, &rhs}) {
    if (side->kind == kind) {
      for (Node& k : side->kids) n.kids.push_back(std::move(k));
    } else {
      n.kids.push_back(std::move(*side));
    }
  }
  return n;
}

class Parser {
 public:
  explicit Parser(const std::vector<Tok>& tokens) : t_(tokens) {}

  Node parse() {
    Node n = expr(0);
    if (pos_ != t_.size()) throw ParseFailure{};
    return n;
  }

 private:
  const Tok* peek(size_t ahead = 0) const {
    return pos_ + ahead < t_.size() ? &t_[pos_ + ahead] : nullptr;
  }
  const Tok& next() {
    if (pos_ >= t_.size()) throw ParseFailure{};
    return t_[pos_++];
  }
  void expect_punct(std::string_view p) {
    if (!next().punct(p)) throw ParseFailure{};
  }
  void expect_word(std::string_view w) {
    if (!next().word(w)) throw ParseFailure{};
  }
  bool take_word(std::string_view w) {
    if (peek() && peek()->word(w)) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool take_punct(std::string_view p) {
    if (peek() && peek()->punct(p)) {
      ++pos_;
      return true;
    }
    return false;
  }

  // Comma-separated expressions up to `close`, which is consumed.
  std::vector<Node> list_until(std::string_view close) {
    std::vector<Node> items;
    if (take_punct(close)) return items;
    for (;;) {
      items.push_back(expr(0));
      if (take_punct(close)) return items;
      expect_punct(",");
    }
  }

  Node expr(int min_power) {
    if (++depth_ > kMaxDepth) throw ParseFailure{};
    Node lhs = prefix();
    for (;;) {
      const Tok* t = peek();
      if (!t) break;
      int power = infix_power(*t);
      if (power <= min_power) break;
      lhs = infix(std::move(lhs), power);
    }
    --depth_;
    return lhs;
  }

  // The binding power of the operator at the cursor, or 0 when it ends the expression.
  int infix_power(const Tok& t) const {
    if (t.kind == SqlToken::Kind::word) {
      if (t.text == "or") return kOr;
      if (t.text == "and") return kAnd;
      if (t.text == "is" || t.text == "isnull" || t.text == "notnull") return kIs;
      if (t.text == "like" || t.text == "ilike" || t.text == "in" || t.text == "between" ||
          t.text == "similar")
        return kLikeInBetween;
      if (t.text == "not") {
        const Tok* after = peek(1);
        if (after && (after->word("like") || after->word("ilike") || after->word("in") ||
                      after->word("between") || after->word("similar")))
          return kLikeInBetween;
      }
      return 0;
    }
    if (t.punct("[")) return kPrimary;
    if (is_compare(t)) return kCompare;
    if (is_operator(t)) return operator_power(t);
    return 0;
  }

  Node infix(Node lhs, int power) {
    const Tok& t = next();
    if (t.word("or")) return chain(Node::Kind::or_, std::move(lhs), expr(kOr));
    if (t.word("and")) return chain(Node::Kind::and_, std::move(lhs), expr(kAnd));
    if (t.word("isnull") || t.word("notnull")) {
      Node n{Node::Kind::is, t.word("isnull") ? "is null" : "is not null", {}};
      n.kids.push_back(std::move(lhs));
      return n;
    }
    if (t.word("is")) return is_test(std::move(lhs));
    if (t.punct("[")) {
      Node n{Node::Kind::subscript, "", {}};
      n.kids.push_back(std::move(lhs));
      n.kids.push_back(expr(0));
      expect_punct("]");
      return n;
    }
    bool negated = false;
    const Tok* op = &t;
    if (t.word("not")) {
      negated = true;
      op = &next();
    }
    if (op->word("like") || op->word("ilike") || op->word("similar")) {
      std::string name = op->text;
      if (name == "similar") {
        expect_word("to");
        name = "similar to";
      }
      if (negated) name = "not " + name;
      return binary(std::move(name), std::move(lhs), expr(kLikeInBetween));
    }
    if (op->word("in")) {
      expect_punct("(");
      if (peek() && peek()->word("select")) throw ParseFailure{};
      return in_list(std::move(lhs), list_until(")"), negated);
    }
    if (op->word("between")) {
      if (peek() && peek()->word("symmetric")) throw ParseFailure{};
      Node low = expr(kLikeInBetween);
      expect_word("and");
      Node high = expr(kLikeInBetween);
      // PostgreSQL stores `x BETWEEN a AND b` as `x >= a AND x <= b` (NOT: `x < a OR x > b`).
      if (negated)
        return chain(Node::Kind::or_, binary("<", lhs, std::move(low)),
                     binary(">", lhs, std::move(high)));
      return chain(Node::Kind::and_, binary(">=", lhs, std::move(low)),
                   binary("<=", lhs, std::move(high)));
    }
    if (is_compare(*op)) {
      std::string name = op->text;
      const Tok* quantifier = peek();
      if (quantifier &&
          (quantifier->word("any") || quantifier->word("some") || quantifier->word("all")) &&
          peek(1) && peek(1)->punct("(")) {
        bool all = quantifier->word("all");
        pos_ += 2;
        Node inner = expr(0);
        expect_punct(")");
        // `x = ANY (ARRAY[…])` is how PostgreSQL stores `x IN (…)`; `<> ALL` is NOT IN.
        if (inner.kind == Node::Kind::array && ((name == "=" && !all) || (name == "<>" && all)))
          return in_list(std::move(lhs), std::move(inner.kids), name == "<>");
        Node call{Node::Kind::call, all ? "all" : "any", {}};
        call.kids.push_back(std::move(inner));
        return binary(std::move(name), std::move(lhs), std::move(call));
      }
      return binary(std::move(name), std::move(lhs), expr(kCompare));
    }
    if (is_operator(*op)) return binary(op->text, std::move(lhs), expr(power));
    throw ParseFailure{};
  }

  Node is_test(Node lhs) {
    bool negated = take_word("not");
    const Tok& what = next();
    if (what.word("distinct")) {
      expect_word("from");
      return binary(negated ? "is not distinct from" : "is distinct from", std::move(lhs),
                    expr(kIs));
    }
    if (!(what.word("null") || what.word("true") || what.word("false") || what.word("unknown")))
      throw ParseFailure{};
    Node n{Node::Kind::is, std::string("is ") + (negated ? "not " : "") + what.text, {}};
    n.kids.push_back(std::move(lhs));
    return n;
  }

  static Node in_list(Node lhs, std::vector<Node> items, bool negated) {
    if (items.empty()) throw ParseFailure{};
    // PostgreSQL turns a one-element IN list into a plain comparison.
    if (items.size() == 1) return binary(negated ? "<>" : "=", std::move(lhs), std::move(items[0]));
    Node n{Node::Kind::in, negated ? "not in" : "in", {}};
    n.kids.push_back(std::move(lhs));
    for (Node& item : items) n.kids.push_back(std::move(item));
    return n;
  }

  // A name, possibly qualified (`t.col`), starting with the token just read.
  Node name(const Tok& first) {
    std::string text = first.text;
    while (peek() && peek()->punct(".") && peek(1) &&
           (peek(1)->kind == SqlToken::Kind::word ||
            peek(1)->kind == SqlToken::Kind::quoted_identifier || peek(1)->punct("*"))) {
      text += "." + t_[pos_ + 1].text;
      pos_ += 2;
    }
    return atom(std::move(text));
  }

  Node prefix() {
    const Tok& t = next();
    switch (t.kind) {
      case SqlToken::Kind::string:
      case SqlToken::Kind::parameter:
        return atom(t.text);
      case SqlToken::Kind::number:
        return atom(!t.text.empty() && t.text[0] == '+' ? t.text.substr(1) : t.text);
      case SqlToken::Kind::quoted_identifier:
        return name(t);
      case SqlToken::Kind::punct:
        return punct_prefix(t);
      case SqlToken::Kind::word:
        break;
    }
    if (t.text == "not") {
      Node n{Node::Kind::not_, "", {}};
      n.kids.push_back(expr(kNot));
      return n;
    }
    if (t.text == "case") return case_expression();
    if (t.text == "exists" || t.text == "select") throw ParseFailure{};
    if (t.text == "array" && peek() && peek()->punct("[")) {
      ++pos_;
      Node n{Node::Kind::array, "", list_until("]")};
      return n;
    }
    if (t.text == "cast" && peek() && peek()->punct("(")) {
      // CAST(x AS type): the cast goes, as `::type` does in normalize_sql.
      ++pos_;
      Node inner = expr(0);
      expect_word("as");
      int depth = 0;
      for (;;) {
        const Tok& k = next();
        if (k.punct("(")) ++depth;
        if (k.punct(")") && depth-- == 0) break;
      }
      return inner;
    }
    // A typed literal (`interval '1 day'`, `date '2020-01-01'`): PostgreSQL stores the literal
    // with a cast, which normalize_sql drops.
    if ((t.text == "interval" || t.text == "date" || t.text == "timestamp" || t.text == "time" ||
         t.text == "timestamptz") &&
        peek() && peek()->kind == SqlToken::Kind::string)
      return atom(next().text);
    if (peek() && peek()->punct("(")) {
      ++pos_;
      Node call{Node::Kind::call, t.text, {}};
      if (peek() && peek()->punct("*") && peek(1) && peek(1)->punct(")")) {
        pos_ += 2;
        call.kids.push_back(atom("*"));
        return call;
      }
      if (peek() && peek()->word("distinct")) throw ParseFailure{};
      call.kids = list_until(")");
      return call;
    }
    return name(t);
  }

  Node punct_prefix(const Tok& t) {
    if (t.punct("(")) {
      Node inner = expr(0);
      expect_punct(")");
      return inner;
    }
    if (t.punct("-")) {
      Node operand = expr(kUnary);
      // PostgreSQL folds the sign into a numeric constant.
      if (operand.kind == Node::Kind::atom && is_number_literal(operand.text)) {
        if (operand.text[0] == '-') return atom(operand.text.substr(1));
        return atom("-" + operand.text);
      }
      Node n{Node::Kind::unary, "-", {}};
      n.kids.push_back(std::move(operand));
      return n;
    }
    if (t.punct("+")) return expr(kUnary);
    throw ParseFailure{};
  }

  Node case_expression() {
    Node n{Node::Kind::case_, "", {}};
    // kids: [operand or empty atom], then when/then pairs, then an optional else (odd count).
    if (peek() && peek()->word("when"))
      n.kids.push_back(atom(""));
    else
      n.kids.push_back(expr(0));
    while (take_word("when")) {
      n.kids.push_back(expr(0));
      expect_word("then");
      n.kids.push_back(expr(0));
    }
    if (take_word("else")) {
      n.text = "else";
      n.kids.push_back(expr(0));
    }
    expect_word("end");
    return n;
  }

  const std::vector<Tok>& t_;
  size_t pos_ = 0;
  int depth_ = 0;
};

int power_of(const Node& n) {
  switch (n.kind) {
    case Node::Kind::or_:
      return kOr;
    case Node::Kind::and_:
      return kAnd;
    case Node::Kind::not_:
      return kNot;
    case Node::Kind::is:
      return kIs;
    case Node::Kind::in:
      return kLikeInBetween;
    case Node::Kind::unary:
      return kUnary;
    case Node::Kind::binary: {
      if (n.text == "=" || n.text == "<>" || n.text == "<" || n.text == ">" || n.text == "<=" ||
          n.text == ">=")
        return kCompare;
      if (n.text.starts_with("is ")) return kIs;
      if (n.text.find("like") != std::string::npos || n.text.find("similar") != std::string::npos)
        return kLikeInBetween;
      Tok op{SqlToken::Kind::punct, n.text};
      return operator_power(op);
    }
    default:
      return kPrimary;
  }
}

bool is_associative_level(int power) {
  return power == kOtherOperator || power == kAdd || power == kMultiply || power == kPower;
}

void print(const Node& n, std::string& out);

// `child` as an operand of an operator of binding power `parent`; `right` says it is the right
// operand (left-associative operators keep parentheses there: a - (b - c)).
void print_operand(const Node& child, int parent, bool right, std::string& out) {
  int power = power_of(child);
  bool parens = power < parent || (power == parent && (right || !is_associative_level(parent)));
  if (parens) out += '(';
  print(child, out);
  if (parens) out += ')';
}

void print_list(const std::vector<Node>& items, size_t from, std::string& out) {
  for (size_t i = from; i < items.size(); ++i) {
    if (i > from) out += ", ";
    print(items[i], out);
  }
}

void print(const Node& n, std::string& out) {
  switch (n.kind) {
    case Node::Kind::atom:
      out += n.text;
      return;
    case Node::Kind::call:
      out += n.text + "(";
      print_list(n.kids, 0, out);
      out += ")";
      return;
    case Node::Kind::unary:
      out += n.text;
      print_operand(n.kids[0], kUnary, true, out);
      return;
    case Node::Kind::binary: {
      int power = power_of(n);
      print_operand(n.kids[0], power, false, out);
      out += " " + n.text + " ";
      print_operand(n.kids[1], power, true, out);
      return;
    }
    case Node::Kind::and_:
    case Node::Kind::or_: {
      int power = power_of(n);
      for (size_t i = 0; i < n.kids.size(); ++i) {
        if (i) out += n.kind == Node::Kind::and_ ? " and " : " or ";
        bool parens = power_of(n.kids[i]) <= power;
        if (parens) out += '(';
        print(n.kids[i], out);
        if (parens) out += ')';
      }
      return;
    }
    case Node::Kind::not_:
      out += "not ";
      print_operand(n.kids[0], kNot, true, out);
      return;
    case Node::Kind::is:
      print_operand(n.kids[0], kIs, false, out);
      out += " " + n.text;
      return;
    case Node::Kind::in:
      print_operand(n.kids[0], kLikeInBetween, false, out);
      out += " " + n.text + " (";
      print_list(n.kids, 1, out);
      out += ")";
      return;
    case Node::Kind::array:
      out += "array[";
      print_list(n.kids, 0, out);
      out += "]";
      return;
    case Node::Kind::subscript:
      print_operand(n.kids[0], kPrimary, false, out);
      out += "[";
      print(n.kids[1], out);
      out += "]";
      return;
    case Node::Kind::case_: {
      out += "case";
      if (!(n.kids[0].kind == Node::Kind::atom && n.kids[0].text.empty())) {
        out += " ";
        print(n.kids[0], out);
      }
      size_t pairs_end = n.text == "else" ? n.kids.size() - 1 : n.kids.size();
      for (size_t i = 1; i + 1 < pairs_end; i += 2) {
        out += " when ";
        print(n.kids[i], out);
        out += " then ";
        print(n.kids[i + 1], out);
      }
      if (n.text == "else") {
        out += " else ";
        print(n.kids.back(), out);
      }
      out += " end";
      return;
    }
  }
}

}  // namespace

std::string canonical_expression(std::string_view sql, Dialect dialect) {
  std::string normalized = normalize_sql(sql, dialect);
  std::vector<Tok> tokens = canonical_tokens(normalized, dialect);
  if (tokens.empty()) return "";
  try {
    Node tree = Parser(tokens).parse();
    std::string out;
    print(tree, out);
    return out;
  } catch (const ParseFailure&) {
    std::string out;
    for (const Tok& t : tokens) {
      if (!out.empty()) out += ' ';
      out += t.text;
    }
    return out;
  }
}

}  // namespace retort
