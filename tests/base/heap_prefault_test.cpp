// base/heap_prefault: a heap step is mapped whole when the break moves, and nothing happens
// before it is enabled. Each case runs in a child process (EXPECT_EXIT), as the settings are
// process-wide.
#include "base/heap_prefault.hpp"

#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace retort {
namespace {

// How many of the pages in [begin, end) are resident.
size_t resident_pages(uintptr_t begin, uintptr_t end) {
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  begin &= ~(page - 1);
  if (end <= begin) return 0;
  std::vector<unsigned char> vec((end - begin + page - 1) / page);
  if (::mincore(reinterpret_cast<void*>(begin), end - begin, vec.data()) != 0) return 0;
  size_t n = 0;
  for (unsigned char v : vec) n += v & 1;
  return n;
}

uintptr_t current_break() {
  return reinterpret_cast<uintptr_t>(::sbrk(0));
}

// Grows the heap with small blocks (each under malloc's mmap threshold) that are never written,
// until the break has moved; returns the break before.
uintptr_t grow_heap_untouched(std::vector<void*>& keep) {
  const uintptr_t before = current_break();
  while (current_break() == before) {
    keep.push_back(std::malloc(16 * 1024));
    heap_prefault_check();
  }
  return before;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kBrkHeap = false;  // the sanitizers' allocators do not grow a brk heap
#else
constexpr bool kBrkHeap = true;
#endif

TEST(HeapPrefault, ANewHeapStepIsMappedWholeWhenEnabled) {
  if (!kBrkHeap) GTEST_SKIP() << "malloc does not use brk under the sanitizers";
  EXPECT_EXIT(
      {
        enable_heap_prefault(512 * 1024);
        if (!heap_prefault_enabled()) std::_Exit(3);
        std::vector<void*> keep;
        keep.reserve(4096);
        const uintptr_t before = grow_heap_untouched(keep);
        const uintptr_t after = current_break();
        // The step is at least the pad; its pages were never written, yet they are mapped.
        if (after - before < 512 * 1024) std::_Exit(4);
        const size_t pages = (after - before) / static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
        const size_t resident = resident_pages(before, after);
        std::_Exit(resident + 2 >= pages ? 0 : 5);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(HeapPrefault, NothingIsMappedAheadUntilEnabled) {
  if (!kBrkHeap) GTEST_SKIP() << "malloc does not use brk under the sanitizers";
  EXPECT_EXIT(
      {
        if (heap_prefault_enabled()) std::_Exit(3);
        ::mallopt(M_TOP_PAD, 512 * 1024);  // the same step, without the mapping
        std::vector<void*> keep;
        keep.reserve(4096);
        const uintptr_t before = grow_heap_untouched(keep);
        const uintptr_t after = current_break();
        const size_t pages = (after - before) / static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
        // Only the pages malloc wrote (a block's header each) are resident.
        std::_Exit(resident_pages(before, after) < pages / 2 ? 0 : 5);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace retort
