//! The allocator of the `kbsite` binary (and the benchmarks): mimalloc.
//!
//! A build frees each article's text as soon as its pages are written, and most of what it
//! made for the model once the model is built. mimalloc keeps freed pages for a second (ten
//! times that in its arenas) before giving them back to the system; [`collect`] gives them
//! back at the end of such a stage. On the 3,000-article benchmark this took the peak from
//! 328 to 288 MiB. (Purging at every free instead, `MIMALLOC_PURGE_DELAY=0`, saves a little
//! more but costs a second of system time in `madvise`.)

pub use mimalloc::MiMalloc;

/// Gives this thread's freed memory back to the system every 64th call: for a loop that
/// makes and frees much more than it keeps (building each article in full to keep its
/// outline), so freed pages do not pile up for the purge delay.
pub fn tidy() {
    thread_local!(static CALLS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let calls = CALLS.with(|c| {
        c.set(c.get().wrapping_add(1));
        c.get()
    });
    if calls.is_multiple_of(64) {
        // SAFETY: collecting is allowed at any time on any thread; it only frees unused memory.
        unsafe { libmimalloc_sys::mi_collect(true) }
    }
}

/// Gives the memory freed so far back to the system, on every thread of the pool.
pub fn collect() {
    // SAFETY: collecting is allowed at any time on any thread; it only frees unused memory.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    // SAFETY: as above, on this thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
