// A project (configuration + revision graph + connect) is public: `Project` is declared in
// <retort/project.hpp> (docs/embedding.md). This header adds the complete types of its
// accessors for the library, the CLI and the tests.
#pragma once

#include <retort/project.hpp>

#include "config/config.hpp"
#include "db/connect.hpp"
#include "db/connection.hpp"
#include "graph/revision_graph.hpp"
#include "runner/migrator.hpp"
