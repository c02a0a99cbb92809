//! Raw bytes through the build's entry for one file (`kbsite::model::document`: size limit,
//! UTF-8, byte order mark, frontmatter, span pairs), checked by `kbsite::fuzzing::check_file`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = kbsite::fuzzing::check_file(data) {
        panic!("{broken}");
    }
});
