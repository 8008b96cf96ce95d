// The usual helper for std::visit with a set of lambdas.
#pragma once

namespace retort {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

}  // namespace retort
