#include <retort/version.hpp>

namespace retort {

const char* version() noexcept {
  return RETORT_VERSION_STRING;
}

}  // namespace retort
