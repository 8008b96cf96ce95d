// The database dialects retort knows: the name is public (<retort/dialect.hpp>); rendering lives in
// src/dialect/.
#pragma once

#include <retort/dialect.hpp>
