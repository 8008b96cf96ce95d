#include "ops/revision_id.hpp"

#include <algorithm>

namespace retort {

bool is_revision_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool has_revision_id_shape(std::string_view id) {
  return !id.empty() && id.size() <= kMaxRevisionIdLength &&
         std::all_of(id.begin(), id.end(), is_revision_id_char);
}

bool is_reserved_revision_word(std::string_view word) {
  return word == "head" || word == "heads" || word == "base" || word == "current";
}

bool is_valid_revision_id(std::string_view id) {
  return has_revision_id_shape(id) && !is_reserved_revision_word(id);
}

std::string revision_id_problem(std::string_view id) {
  if (is_reserved_revision_word(id))
    return "is a reserved word: head, heads, base and current name targets, not revisions; "
           "choose another id";
  if (!is_valid_revision_id(id))
    return "is not valid: use letters, digits and '_', at most " +
           std::to_string(kMaxRevisionIdLength) + " characters";
  return "";
}

bool is_valid_branch_label(std::string_view label) {
  if (label.empty()) return false;
  if (is_reserved_revision_word(label)) return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return is_revision_id_char(c) || c == '-'; });
}

}  // namespace retort
