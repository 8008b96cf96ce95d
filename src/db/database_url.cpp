#include "db/database_url.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "base/suggest.hpp"

namespace retort {

namespace {

[[noreturn]] void bad_url(const std::string& message, const std::string& hint = "") {
  std::string text = "invalid database URL: " + message;
  if (!hint.empty()) text += " (" + hint + ")";
  throw Error(ErrorKind::input, text);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes decoded; `what` names the part in the error (never its text: it may be a
// password).
std::string percent_decode(std::string_view s, const char* what) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    bool complete = i + 2 < s.size();
    int hi = complete ? hex_value(s[i + 1]) : -1;
    int lo = complete ? hex_value(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) bad_url(std::string("bad %-escape in the ") + what);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view q) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start <= q.size()) {
    size_t end = q.find('&', start);
    if (end == std::string_view::npos) end = q.size();
    std::string_view pair = q.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) bad_url("query parameter without '=' (write key=value)");
      std::string key = percent_decode(pair.substr(0, eq), "query");
      // Keys become libpq keywords in a connection string: letters, digits and '_' only.
      bool word = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
      });
      if (!word) bad_url("invalid query parameter name '" + key + "'");
      out.emplace_back(std::move(key), percent_decode(pair.substr(eq + 1), "query"));
    }
    start = end + 1;
  }
  return out;
}

void parse_postgresql(std::string_view rest, DatabaseUrl& url) {
  url.dialect = Dialect::postgresql;
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    url.params = parse_query(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos)
    url.database = percent_decode(rest.substr(slash + 1), "database name");
  // The password may contain '@' only escaped, but be lenient: the last '@' ends the userinfo.
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos)
      url.password = percent_decode(userinfo.substr(colon + 1), "password");
  }
  // host[:port] items, comma-separated; IPv6 hosts in brackets.
  std::string hosts, ports;
  bool any_port = false;
  size_t start = 0;
  while (start <= authority.size()) {
    size_t end = authority.find(',', start);
    if (end == std::string_view::npos) end = authority.size();
    std::string_view item = authority.substr(start, end - start);
    std::string_view host = item, port;
    if (!item.empty() && item[0] == '[') {
      size_t close = item.find(']');
      if (close == std::string_view::npos) bad_url("unclosed '[' in the host");
      host = item.substr(1, close - 1);
      std::string_view after = item.substr(close + 1);
      if (!after.empty()) {
        if (after[0] != ':') bad_url("unexpected text after ']' in the host");
        port = after.substr(1);
      }
    } else if (size_t colon = item.rfind(':'); colon != std::string_view::npos) {
      host = item.substr(0, colon);
      port = item.substr(colon + 1);
    }
    if (!port.empty()) {
      bool digits =
          std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
      // Text that is not a number is not echoed: it may be the end of a password holding a '/'
      // (`u:pa/ss@h` splits at the '/').
      if (!digits)
        bad_url("invalid port: not a number",
                "a number from 1 to 65535; write '/', '?' or '#' in a password as %2F, %3F, %23");
      if (port.size() > 5 || std::stoi(std::string(port)) > 65535)
        bad_url("invalid port '" + std::string(port) + "'", "a number from 1 to 65535");
      any_port = true;
    }
    if (start > 0) {
      hosts += ',';
      ports += ',';
    }
    hosts += percent_decode(host, "host");
    ports += port;
    start = end + 1;
  }
  url.host = hosts;
  url.port = any_port ? ports : "";
}

// SQLite's own URI parameters that retort passes on (docs/configuration.md), with their values.
// Anything else would be silently ignored by SQLite, so it is refused.
void check_sqlite_params(const std::vector<std::pair<std::string, std::string>>& params) {
  struct Allowed {
    std::string_view name;
    std::vector<std::string_view> values;  // empty: any value
  };
  static const std::vector<Allowed> kAllowed = {
      {"mode", {"ro", "rw", "rwc"}},
      {"cache", {"shared", "private"}},
      {"immutable", {"0", "1"}},
      {"nolock", {"0", "1"}},
      {"vfs", {}},
  };
  std::vector<std::string_view> names;
  for (const Allowed& a : kAllowed) names.push_back(a.name);
  for (const auto& [key, value] : params) {
    auto it = std::find_if(kAllowed.begin(), kAllowed.end(),
                           [&](const Allowed& a) { return a.name == key; });
    if (it == kAllowed.end()) {
      std::string hint = did_you_mean(key, names);
      bad_url("unknown SQLite parameter '" + key + "'",
              (hint.empty() ? "" : hint + " ") + "SQLite URLs take " + join_words(names));
    }
    if (!it->values.empty() &&
        std::find(it->values.begin(), it->values.end(), value) == it->values.end())
      bad_url("invalid value '" + value + "' for the SQLite parameter '" + key + "'",
              "expected one of: " + join_words(it->values));
    if (it->values.empty() && value.empty())
      bad_url("the SQLite parameter '" + key + "' needs a value");
  }
  for (size_t i = 0; i < params.size(); ++i)
    for (size_t j = i + 1; j < params.size(); ++j)
      if (params[i].first == params[j].first)
        bad_url("the SQLite parameter '" + params[i].first + "' is given twice");
}

void parse_sqlite(std::string_view rest, DatabaseUrl& url) {
  url.dialect = Dialect::sqlite;
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    url.params = parse_query(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  check_sqlite_params(url.params);
  if (rest.empty()) {  // sqlite:// is an in-memory database, as in SQLAlchemy
    url.memory = true;
    url.path = ":memory:";
    return;
  }
  if (rest[0] != '/')
    bad_url("an SQLite URL has no host",
            "write sqlite:///relative.db, sqlite:////absolute/path.db or sqlite:///:memory:");
  std::string_view path = rest.substr(1);
  if (path.empty())
    bad_url("missing the SQLite database file",
            "write sqlite:///relative.db, sqlite:////absolute/path.db or sqlite:///:memory:");
  url.path = std::string(path);
  url.memory = path == ":memory:";
}

// 'value' quoted for a libpq connection string.
std::string conninfo_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

DatabaseUrl parse_database_url(const std::string& text) {
  size_t sep = text.find("://");
  if (sep == std::string::npos || sep == 0)
    bad_url("expected scheme://...", "for example sqlite:///app.db or postgresql://user@host/db");
  std::string scheme = lower(std::string_view(text).substr(0, sep));
  // Only a well-formed scheme is echoed: text before a misplaced "://" may hold a password.
  bool word = std::all_of(scheme.begin(), scheme.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  });
  if (!word)
    bad_url("expected scheme://...", "for example sqlite:///app.db or postgresql://user@host/db");
  // SQLAlchemy's `dialect+driver` form: the driver is Python's business, not ours.
  if (size_t plus = scheme.find('+'); plus != std::string::npos) scheme.resize(plus);
  std::string_view rest = std::string_view(text).substr(sep + 3);
  DatabaseUrl url;
  if (scheme == "sqlite") {
    parse_sqlite(rest, url);
  } else if (scheme == "postgresql" || scheme == "postgres") {
    parse_postgresql(rest, url);
  } else {
    std::string hint = did_you_mean(scheme, {"sqlite", "postgresql"});
    bad_url("unsupported scheme '" + scheme + "'",
            hint.empty() ? "retort supports sqlite:// and postgresql://" : hint);
  }
  return url;
}

std::string DatabaseUrl::redacted() const {
  std::string out;
  if (dialect == Dialect::sqlite) {
    out = "sqlite:///" + path;
  } else {
    out = "postgresql://";
    if (!user.empty() || !password.empty()) {
      out += user;
      if (!password.empty()) out += ":***";
      out += '@';
    }
    // Hosts and ports back together, item by item.
    std::vector<std::string> hs, ps;
    auto split = [](const std::string& s, std::vector<std::string>& into) {
      size_t start = 0;
      for (;;) {
        size_t end = s.find(',', start);
        into.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
      }
    };
    split(host, hs);
    split(port, ps);
    for (size_t i = 0; i < hs.size(); ++i) {
      if (i) out += ',';
      out += hs[i].find(':') != std::string::npos ? "[" + hs[i] + "]" : hs[i];
      if (i < ps.size() && !ps[i].empty()) out += ":" + ps[i];
    }
    if (!database.empty()) out += "/" + database;
  }
  for (size_t i = 0; i < params.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += params[i].first + "=" + (params[i].first == "password" ? "***" : params[i].second);
  }
  return out;
}

std::string DatabaseUrl::libpq_conninfo() const {
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += conninfo_value(value);
  };
  add("host", host);
  add("port", port);
  add("dbname", database);
  add("user", user);
  add("password", password);
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += ' ';
    out += key + "=" + conninfo_value(value);
  }
  return out;
}

}  // namespace retort
