// The value of a command's --json answer, built as with Json — `{{"key", value}, …}` is
// an object, `Json::array()` an empty list — and written by json.cpp, the one file of the command
// line that includes nlohmann/json (a large header: keeping it in one translation unit keeps the
// build fast). The text is nlohmann's: keys sorted, two-space indent (docs/commands.md, "JSON
// output").
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort::cli {

class Json {
 public:
  enum class Kind { null, boolean, integer, unsigned_integer, real, string, array, object };

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool b) : kind_(Kind::boolean), bool_(b) {}
  template <std::integral T>
  requires(!std::same_as<T, bool>) Json(T n) {
    if constexpr (std::is_signed_v<T>) {
      kind_ = Kind::integer;
      int_ = n;
    } else {
      kind_ = Kind::unsigned_integer;
      uint_ = n;
    }
  }
  Json(double d) : kind_(Kind::real), real_(d) {}
  Json(const char* s) : kind_(Kind::string), text_(s) {}
  Json(std::string s) : kind_(Kind::string), text_(std::move(s)) {}
  Json(std::string_view s) : kind_(Kind::string), text_(s) {}
  template <typename T>
  Json(const std::vector<T>& items) : kind_(Kind::array) {
    for (const T& item : items) items_.emplace_back(item);
  }
  template <typename T>
  Json(const std::map<std::string, T>& members) : kind_(Kind::object) {
    for (const auto& [key, value] : members) members_.emplace_back(key, Json(value));
  }
  template <typename T>
  Json(const std::optional<T>& value) {
    if (value) *this = Json(*value);
  }
  // nlohmann's rule: a list whose every item is a two-item list starting with a string is an
  // object (the first item of each a key; a repeated key keeps its first value), else an array.
  Json(std::initializer_list<Json> items);

  static Json array() { return Json(Kind::array); }
  static Json object() { return Json(Kind::object); }

  Kind kind() const { return kind_; }
  // Appends to an array (null becomes an empty array first).
  void push_back(Json item);
  // The member `key` of an object, added as null when missing (null becomes an empty object).
  Json& operator[](const std::string& key);
  // Every member of `other` (an object) set in this object, replacing members of the same key.
  void update(const Json& other);
  // Items of an array, members of an object, 0 for null, else 1.
  size_t size() const;
  bool empty() const { return size() == 0; }

  // The text: `indent` spaces a level (-1: compact, on one line). Text that is not valid UTF-8 (a
  // file name, a server message) is replaced, not thrown on.
  std::string dump(int indent = 2) const;

 private:
  explicit Json(Kind kind) : kind_(kind) {}
  friend struct JsonAccess;

  Kind kind_ = Kind::null;
  bool bool_ = false;
  int64_t int_ = 0;
  uint64_t uint_ = 0;
  double real_ = 0;
  std::string text_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;  // in the order set; written sorted
};

}  // namespace retort::cli
