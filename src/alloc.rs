//! The allocator of the `kbsite` binary (and the benchmarks): mimalloc.
//!
//! A build frees each article's text as soon as its pages are written, and most of what it
//! made for the model once the model is built. mimalloc keeps freed pages for a second (ten
//! times that in its arenas) before giving them back to the system; [`collect`] gives them
//! back at the end of such a stage. On the 3,000-article benchmark this took the peak from
//! 328 to 288 MiB. (Purging at every free instead, `MIMALLOC_PURGE_DELAY=0`, saves a little
//! more but costs a second of system time in `madvise`; collecting every 64 files read cost
//! 5% of the build's time in page faults, for 10 MiB.)

pub use mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process (on Linux; elsewhere it does nothing).
/// mimalloc's arenas ask for them, and the kernel then backs memory 2 MiB at a time. On the
/// 3,000-article benchmark this took the peak from 287 to 243 MiB (with six codes per
/// article) at the same speed. Call it first thing: it applies to memory touched after it.
pub fn init() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE with these arguments, as prctl(2) documents it, only sets a
    // flag of this process; it touches no memory of ours. Failing (an old kernel) is harmless.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Gives the memory freed so far back to the system, on every thread of the pool.
pub fn collect() {
    // SAFETY: collecting is allowed at any time on any thread; it only frees unused memory.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    // SAFETY: as above, on this thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
