// The one file of the command line that includes nlohmann/json (json.hpp says why).
#include "cli/json.hpp"

#include <nlohmann/json.hpp>

namespace retort::cli {

struct JsonAccess {
  static nlohmann::json to_nlohmann(const Json& j) {
    switch (j.kind_) {
      case Json::Kind::null:
        return nullptr;
      case Json::Kind::boolean:
        return j.bool_;
      case Json::Kind::integer:
        return j.int_;
      case Json::Kind::unsigned_integer:
        return j.uint_;
      case Json::Kind::real:
        return j.real_;
      case Json::Kind::string:
        return j.text_;
      case Json::Kind::array: {
        nlohmann::json a = nlohmann::json::array();
        for (const Json& item : j.items_) a.push_back(to_nlohmann(item));
        return a;
      }
      case Json::Kind::object: {
        nlohmann::json o = nlohmann::json::object();
        for (const auto& [key, value] : j.members_) o[key] = to_nlohmann(value);
        return o;
      }
    }
    return nullptr;
  }
};

Json::Json(std::initializer_list<Json> items) {
  bool is_object = true;
  for (const Json& item : items)
    if (item.kind_ != Kind::array || item.items_.size() != 2 ||
        item.items_[0].kind_ != Kind::string) {
      is_object = false;
      break;
    }
  if (is_object) {
    kind_ = Kind::object;
    for (const Json& item : items) {
      const std::string& key = item.items_[0].text_;
      bool seen = false;
      for (const auto& m : members_) seen = seen || m.first == key;
      if (!seen) members_.emplace_back(key, item.items_[1]);
    }
  } else {
    kind_ = Kind::array;
    items_.assign(items.begin(), items.end());
  }
}

void Json::push_back(Json item) {
  if (kind_ == Kind::null) kind_ = Kind::array;
  items_.push_back(std::move(item));
}

Json& Json::operator[](const std::string& key) {
  if (kind_ == Kind::null) kind_ = Kind::object;
  for (auto& m : members_)
    if (m.first == key) return m.second;
  members_.emplace_back(key, Json());
  return members_.back().second;
}

void Json::update(const Json& other) {
  for (const auto& [key, value] : other.members_) (*this)[key] = value;
}

size_t Json::size() const {
  switch (kind_) {
    case Kind::null:
      return 0;
    case Kind::array:
      return items_.size();
    case Kind::object:
      return members_.size();
    default:
      return 1;
  }
}

std::string Json::dump(int indent) const {
  return JsonAccess::to_nlohmann(*this).dump(indent, ' ', false,
                                             nlohmann::json::error_handler_t::replace);
}

}  // namespace retort::cli
