// "Did you mean …?" suggestions for misspelt words (keys, ops, types, dialects, URL schemes).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

// Optimal-string-alignment (restricted Damerau-Levenshtein) distance between `a` and `b`,
// compared case-insensitively (ASCII). Insertions, deletions, substitutions and transpositions
// of adjacent characters cost 1 each.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, or nullopt when none is close enough to be a plausible
// misspelling: the distance must be at most max(1, min(3, length/3)), where length is the
// longer of the two words. Ties go to the candidate listed first. A candidate equal to `word`
// is returned as is.
std::optional<std::string> nearest_word(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

// "did you mean 'x'?" for the nearest candidate, or "" when there is none.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

// The candidates joined as "a, b, c" (for "expected one of: …" hints).
std::string join_words(const std::vector<std::string_view>& words);

}  // namespace retort
