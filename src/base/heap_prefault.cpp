#include "base/heap_prefault.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace retort {

namespace {

std::atomic<bool> enabled{false};
// The end of the heap's range already mapped (or being mapped by another thread).
std::atomic<uintptr_t> mapped_end{0};

uintptr_t current_break() noexcept {
  // sbrk(0) reads glibc's record of the break; it makes no system call once malloc has run.
  return reinterpret_cast<uintptr_t>(::sbrk(0));
}

void populate(uintptr_t begin, uintptr_t end) noexcept {
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  begin &= ~(page - 1);
  if (end > begin)
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);  // best effort
}

}  // namespace

void enable_heap_prefault(size_t step) {
  ::mallopt(M_TOP_PAD, static_cast<int>(step));
  // The heap malloc has made so far (the start-up's allocations: some of its pages are not
  // touched yet).
  const uintptr_t end = current_break();
  const struct mallinfo2 info = ::mallinfo2();
  if (info.arena > 0 && info.arena <= end) populate(end - info.arena, end);
  mapped_end.store(end, std::memory_order_relaxed);
  enabled.store(true, std::memory_order_release);
}

bool heap_prefault_enabled() noexcept {
  return enabled.load(std::memory_order_acquire);
}

void heap_prefault_check() noexcept {
  if (!enabled.load(std::memory_order_relaxed)) return;
  const uintptr_t end = current_break();
  uintptr_t done = mapped_end.load(std::memory_order_relaxed);
  if (end == done) return;
  // One thread maps each new range. A heap that shrank (malloc gave memory back) is mapped
  // again as it grows again.
  if (!mapped_end.compare_exchange_strong(done, end, std::memory_order_relaxed)) return;
  if (end > done) populate(done, end);
}

}  // namespace retort
