// Heap pages mapped in one call instead of one page fault each (docs/BENCHMARKS.md, "Issue 16,
// fourth pass"). A page fault costs 10-25 µs on the virtual machines the benchmarks run on, and
// a short command's heap grows a page at a time: SQLite's schema alone is ~1 KB per table, so a
// no-op `upgrade head` on a database of 2,000 tables took ~500 faults (~6 ms) before it read one
// row. Linux's MADV_POPULATE_WRITE (5.14) maps a range's pages in one call at ~1.3 µs a page.
//
// The mechanism: glibc's malloc grows its main heap with brk; once enabled, the heap grows in
// steps of `step` bytes (M_TOP_PAD), and heap_prefault_check(), called after allocations, maps
// each new step whole when it sees the break moved. At most one step (256 KiB) is mapped that
// is never used. Where the call is not supported, or malloc does not use brk (sanitizers, other
// threads' arenas), nothing changes.
//
// For programs that own their process (the retort command line enables it in main); the
// library only calls heap_prefault_check(), which does nothing until enabled.
#pragma once

#include <cstddef>

namespace retort {

inline constexpr size_t kHeapPrefaultStep = 256 * 1024;

// Makes the heap grow in steps of `step` bytes and maps the heap's current pages.
void enable_heap_prefault(size_t step = kHeapPrefaultStep);

// Whether enable_heap_prefault() was called.
bool heap_prefault_enabled() noexcept;

// After an allocation: when the heap's break moved past what was mapped, maps the new pages
// in one call. Cheap when it did not (one comparison); safe from any thread.
void heap_prefault_check() noexcept;

}  // namespace retort
