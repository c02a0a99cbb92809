//! The allocator of the `kbsite` binary (and the benchmarks): mimalloc, set to give freed
//! memory back to the system at once.
//!
//! A build frees each article's text as soon as its pages are written. mimalloc keeps freed
//! pages for a second (ten times that in its arenas) before giving them back; on the
//! 3,000-article benchmark those pages were a fifth of the peak memory (344 MiB committed for
//! about 280 MiB in use).

pub use mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `include/mimalloc.h` (the Rust bindings do not
/// name it); checked by a test.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc purge freed memory at once. Call it first thing in `main`.
pub fn purge_at_once() {
    // SAFETY: setting an option is allowed at any time; mimalloc reads it on its next purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_we_mean() {
        // SAFETY: reading an option has no preconditions.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        let from_env = std::env::var("MIMALLOC_PURGE_DELAY").ok();
        // mimalloc 3's default for this option (src/options.c); no neighbour has it.
        assert_eq!(Some(default.to_string()), from_env.or(Some("1000".into())));
    }
}
