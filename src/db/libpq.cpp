#include "db/libpq.hpp"

#include <dlfcn.h>

#include <string>

#include "base/error.hpp"

namespace retort::pq {

namespace {

// The soname of libpq's stable ABI (PostgreSQL 9.x to 17 all ship libpq.so.5).
constexpr const char* kLibrary = "libpq.so.5";

[[noreturn]] void cannot_load(const std::string& why) {
  throw Error(ErrorKind::connection, std::string("PostgreSQL support needs ") + kLibrary + ": " +
                                         why + "\n  install it (Debian: apt-get install libpq5)");
}

Api load() {
  // Never unloaded: the handle lives as long as the process.
  void* handle = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) cannot_load(::dlerror());
  Api api;
#define RETORT_LIBPQ_RESOLVE(name)                                        \
  api.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name)); \
  if (api.name == nullptr) cannot_load("it has no function " #name " (too old?)");
  RETORT_LIBPQ_FUNCTIONS(RETORT_LIBPQ_RESOLVE)
#undef RETORT_LIBPQ_RESOLVE
  // Pipeline mode needs all of them; without one, none is used.
  bool pipeline = true;
#define RETORT_LIBPQ_RESOLVE_OPTIONAL(name)                               \
  api.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name)); \
  pipeline = pipeline && api.name != nullptr;
  RETORT_LIBPQ_OPTIONAL_FUNCTIONS(RETORT_LIBPQ_RESOLVE_OPTIONAL)
#undef RETORT_LIBPQ_RESOLVE_OPTIONAL
  if (!pipeline) api.PQenterPipelineMode = nullptr;
  return api;
}

}  // namespace

const Api& api() {
  static const Api loaded = load();
  return loaded;
}

}  // namespace retort::pq
