//! Text through `kbsite::frontmatter::split` (the `---` lines and the YAML), checked by
//! `kbsite::fuzzing::check_frontmatter`. Inputs that are not UTF-8 are skipped: the build
//! rejects them before the frontmatter, and `parse_file` covers that.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(broken) = kbsite::fuzzing::check_frontmatter(text) {
        panic!("{broken}");
    }
});
