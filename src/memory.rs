//! A global allocator that wipes every heap block when it is freed.
//!
//! The new token's secret passes through buffers this program does not own:
//! the HTTP stack's read and write buffers, the JSON parser, header maps, the
//! text field's edits. Each frees its memory without clearing it, and a freed
//! block keeps its bytes until the allocator hands it out again, so the
//! secret would linger in the process long after its owner zeroized its own
//! copy. Wiping on free (and on every move of a growing block) closes that
//! gap for all of them at once. The cost is one pass over each block as it
//! is freed; for this program that is a small fraction of the work.
//!
//! The binary installs it with `#[global_allocator]`; the library does not,
//! so embedding programs and unit tests keep their own allocator.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, but every block is overwritten with zeros before it
/// goes back (see the module documentation).
pub struct WipeOnFree;

/// Overwrites `len` bytes at `ptr` with zeros in a way the compiler may not
/// drop as a dead store before `free`.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes.
unsafe fn wipe(ptr: *mut u8, len: usize) {
    // SAFETY: the caller guarantees the range is valid for writes.
    let bytes = unsafe { std::slice::from_raw_parts_mut(ptr, len) };
    zeroize::Zeroize::zeroize(bytes);
}

// SAFETY: every method delegates the allocation itself to `System`, and only
// writes inside blocks that the caller still owns.
unsafe impl GlobalAlloc for WipeOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the block is ours until it is handed back just below.
        unsafe {
            wipe(ptr, layout.size());
            System.dealloc(ptr, layout);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The system's realloc may move the block and free the old one
        // without wiping it, so the move is done here: new block, copy, wipe
        // and free the old one.
        // SAFETY: `GlobalAlloc::realloc`'s contract makes `new_size`, with the
        // old alignment, a valid layout; both blocks are valid for the
        // lengths copied and wiped.
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = System.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_and_moved_blocks_are_wiped() {
        let a = WipeOnFree;
        let layout = Layout::from_size_align(64, 8).unwrap();
        // SAFETY: a valid layout; the block is only read while it is live.
        unsafe {
            let p = a.alloc(layout);
            assert!(!p.is_null());
            std::ptr::write_bytes(p, 0xAB, 64);
            let q = a.realloc(p, layout, 4096);
            assert!(!q.is_null());
            let kept = std::slice::from_raw_parts(q, 64);
            assert!(
                kept.iter().all(|&b| b == 0xAB),
                "realloc keeps the contents"
            );
            // Wipe then free: check the wipe on a block still owned.
            let big = Layout::from_size_align(4096, 8).unwrap();
            wipe(q, 4096);
            assert!(std::slice::from_raw_parts(q, 4096).iter().all(|&b| b == 0));
            a.dealloc(q, big);
        }
    }
}
