// The one place that knows where a database password sits in text: in a URL's user-info
// (`scheme://user:PASSWORD@host`) and in `password=VALUE` (a URL query parameter or a libpq
// key=value connection string, quoted values included). Every message, and every source line an
// error quotes, that may hold a database URL goes through redact_passwords().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort {

// What a masked password reads as.
inline constexpr std::string_view kPasswordMask = "***";

// `text` with every password in it replaced by "***": the user-info password of each `://` in
// the text (the user-info ends at the last '@' before the next blank or '?'; when there is none,
// at the first '@' on the line, provided no '/' comes before it), and the value of every
// `password=` that starts the text, a word, a query parameter or a quoted string. Over-masking a
// look-alike is preferred to printing a password. Never throws.
std::string redact_passwords(std::string_view text);

// Every password redact_passwords() would mask in `text`, as written, and also percent-decoded
// and (for a quoted conninfo value) unquoted when those differ: for scrubbing another program's
// message that may quote them (libpq's). Never throws.
std::vector<std::string> passwords_in(std::string_view text);

}  // namespace retort
