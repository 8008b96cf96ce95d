#include "diff/table_order.hpp"

#include <set>
#include <string>
#include <unordered_map>

namespace retort {

TableOrder creation_order(const std::vector<const TableSpec*>& tables) {
  const size_t n = tables.size();
  std::unordered_map<std::string, size_t> index;
  index.reserve(n);
  for (size_t i = 0; i < n; ++i) index.emplace(tables[i]->name, i);

  // waiting[i]: edges from i not yet satisfied; dependents[j]: tables with an edge to j (one
  // entry per foreign key, so a table referencing j twice is released after both).
  std::vector<size_t> waiting(n, 0);
  std::vector<std::vector<size_t>> dependents(n);
  for (size_t i = 0; i < n; ++i) {
    for (const ForeignKeySpec& fk : tables[i]->foreign_keys) {
      auto it = index.find(fk.ref_table);
      if (it == index.end() || it->second == i) continue;
      ++waiting[i];
      dependents[it->second].push_back(i);
    }
  }

  TableOrder out;
  out.order.reserve(n);
  std::vector<bool> created(n, false);
  std::set<size_t> ready;      // waiting == 0, not created
  std::set<size_t> remaining;  // not created
  for (size_t i = 0; i < n; ++i) {
    remaining.insert(i);
    if (waiting[i] == 0) ready.insert(i);
  }

  auto create = [&](size_t i) {
    created[i] = true;
    remaining.erase(i);
    ready.erase(i);
    out.order.push_back(i);
    for (size_t d : dependents[i]) {
      if (created[d]) continue;  // a deferred edge of a table created earlier
      if (--waiting[d] == 0) ready.insert(d);
    }
  };

  while (!remaining.empty()) {
    if (!ready.empty()) {
      create(*ready.begin());
      continue;
    }
    // Only cycles are left: break one at the first remaining table.
    size_t pick = *remaining.begin();
    const auto& fks = tables[pick]->foreign_keys;
    for (size_t f = 0; f < fks.size(); ++f) {
      auto it = index.find(fks[f].ref_table);
      if (it == index.end() || it->second == pick || created[it->second]) continue;
      out.deferred.push_back(DeferredForeignKey{pick, f});
    }
    create(pick);
  }
  return out;
}

}  // namespace retort
