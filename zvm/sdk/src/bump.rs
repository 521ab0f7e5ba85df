//! A bump allocator over the module's linear memory, from `__heap_base` up, growing
//! memory a page at a time. It frees only the most recent allocation (and grows it in
//! place), which is all a short contract call needs; the whole heap goes with the
//! instance.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;

const PAGE: usize = 65536;

unsafe extern "C" {
    /// The first byte after the stack and static data (set by `wasm-ld`).
    static __heap_base: u8;
}

struct Bump {
    /// (next free byte, end of memory); next == 0: not initialised.
    state: UnsafeCell<(usize, usize)>,
}

// SAFETY: wasm32-unknown-unknown contracts are single-threaded.
unsafe impl Sync for Bump {}

#[global_allocator]
static ALLOC: Bump = Bump {
    state: UnsafeCell::new((0, 0)),
};

impl Bump {
    /// Makes `[.., end)` available, growing memory if needed.
    fn reserve(state: &mut (usize, usize), end: usize) -> bool {
        if end <= state.1 {
            return true;
        }
        let pages = (end - state.1).div_ceil(PAGE);
        if wasm32::memory_grow(0, pages) == usize::MAX {
            return false;
        }
        state.1 += pages * PAGE;
        true
    }
}

unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded; no other reference to the state is live.
        let state = unsafe { &mut *self.state.get() };
        if state.0 == 0 {
            state.0 = &raw const __heap_base as usize;
            state.1 = wasm32::memory_size(0) * PAGE;
        }
        let start = (state.0 + layout.align() - 1) & !(layout.align() - 1);
        let Some(end) = start.checked_add(layout.size()) else {
            return core::ptr::null_mut();
        };
        if !Self::reserve(state, end) {
            return core::ptr::null_mut();
        }
        state.0 = end;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: single-threaded.
        let state = unsafe { &mut *self.state.get() };
        if ptr as usize + layout.size() == state.0 {
            state.0 = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: single-threaded.
        let state = unsafe { &mut *self.state.get() };
        let p = ptr as usize;
        if p + layout.size() == state.0 {
            // The most recent allocation: grow or shrink in place.
            let Some(end) = p.checked_add(new_size) else {
                return core::ptr::null_mut();
            };
            if !Self::reserve(state, end) {
                return core::ptr::null_mut();
            }
            state.0 = end;
            return ptr;
        }
        if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: `layout` has a valid alignment; the caller guarantees `new_size`.
        let new =
            unsafe { self.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
        if !new.is_null() {
            // SAFETY: both ranges are valid for `layout.size()` bytes and disjoint.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size()) };
        }
        new
    }
}
