//! The fuzz targets' seed corpus (`fuzz/corpus/<target>/`), each seed checked as is and under
//! pseudo-random mutations with the tokens of `fuzz/span.dict`: a short deterministic pass in
//! every `cargo test`, and a timed one (`KBSITE_FUZZ_SECONDS`) that `.ci/test` runs in place
//! of cargo-fuzz when the nightly toolchain is missing. It has no coverage feedback, so it is a
//! fallback, not a substitute.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::*;

type Check = fn(&[u8]) -> Result<(), String>;

/// The frontmatter target skips text that is not UTF-8, like `fuzz/fuzz_targets/frontmatter.rs`.
fn frontmatter_bytes(bytes: &[u8]) -> Result<(), String> {
    std::str::from_utf8(bytes).map_or(Ok(()), check_frontmatter)
}

/// The fuzz targets in `fuzz/fuzz_targets/`, by name.
const TARGETS: [(&str, Check); 2] = [
    ("parse_file", check_file),
    ("frontmatter", frontmatter_bytes),
];

/// Mutated inputs are cut to this length, as libFuzzer's `-max_len` would.
const MAX_LEN: usize = 8192;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The committed seeds of `target`, sorted by name (libFuzzer's own additions, named by their
/// SHA-1 without an extension, are left out).
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut seeds: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                bytes,
            )
        })
        .filter(|(name, _)| name.contains('.'))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10, "{}: too few seeds", dir.display());
    seeds
}

/// The tokens of `fuzz/span.dict` (libFuzzer's format: `name="value"`, with `\"`, `\\` and
/// `\xNN` escapes).
fn dictionary() -> Vec<Vec<u8>> {
    let path = fuzz_dir().join("span.dict");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut tokens = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let quoted = line.split_once('=').map_or(line, |(_, value)| value);
        let inner = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"'));
        let inner = inner.unwrap_or_else(|| panic!("span.dict: bad line {line:?}"));
        tokens.push(unescape(inner));
    }
    tokens
}

fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'x') => {
                let hex = [bytes.next().unwrap(), bytes.next().unwrap()];
                let hex = std::str::from_utf8(&hex).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("span.dict: bad \\x escape"));
            }
            Some(other) => out.push(other),
            None => panic!("span.dict: trailing backslash in {s:?}"),
        }
    }
    out
}

/// Applies one to eight random edits to `input`: insert a dictionary token, delete, overwrite
/// or duplicate a few bytes, or splice in the tail of another seed.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[(String, Vec<u8>)], tokens: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(input.len() + 1);
        let len = 1 + rng.below(16);
        let end = (at + len).min(input.len());
        match rng.below(6) {
            0 | 1 => {
                let token = &tokens[rng.below(tokens.len())];
                input.splice(at..at, token.iter().copied());
            }
            2 => {
                input.drain(at..end);
            }
            3 => {
                if at < input.len() {
                    input[at] = rng.next() as u8;
                }
            }
            4 => {
                let copy = input[at..end].to_vec();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, copy);
            }
            _ => {
                let other = &seeds[rng.below(seeds.len())].1;
                let from = rng.below(other.len() + 1);
                input.truncate(at);
                input.extend_from_slice(&other[from..]);
            }
        }
    }
    input.truncate(MAX_LEN);
}

/// Checks mutations of `target`'s seeds until `runs` inputs are done or `deadline` passes;
/// panics with the input on the first broken invariant. Returns the number of inputs.
fn fuzz(target: &str, check: Check, seed: u64, runs: usize, deadline: Option<Instant>) -> usize {
    let seeds = seeds(target);
    let tokens = dictionary();
    let mut rng = Rng(seed);
    for run in 0..runs {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return run;
        }
        let mut input = seeds[rng.below(seeds.len())].1.clone();
        mutate(&mut rng, &mut input, &seeds, &tokens);
        if let Err(broken) = check(&input) {
            panic!(
                "{target}, run {run} (seed {seed:#x}): {broken}\ninput: b\"{}\"",
                input.escape_ascii()
            );
        }
    }
    runs
}

#[test]
fn every_seed_keeps_the_invariants() {
    for (target, check) in TARGETS {
        for (name, bytes) in seeds(target) {
            if let Err(broken) = check(&bytes) {
                panic!("{target}/{name}: {broken}");
            }
        }
    }
}

#[test]
fn the_dictionary_has_the_pair_tags_and_the_byte_order_mark() {
    let tokens = dictionary();
    for token in [
        &b"<span data-ttu-id=\""[..],
        b"<span class=\"sxs-lookup\">",
        b"</span>",
        b"---\r\n",
        b"---\r",
        b"\r\r",
        "\u{feff}".as_bytes(),
        "\u{feff}\u{feff}".as_bytes(),
        b"\xe2\x82",
    ] {
        assert!(
            tokens.iter().any(|t| t == token),
            "{}",
            token.escape_ascii()
        );
    }
}

#[test]
fn mutated_seeds_keep_the_invariants() {
    for (target, check) in TARGETS {
        fuzz(target, check, 0x5eed_f00d, 1500, None);
    }
}

/// The fallback for `.ci/test` without nightly: `KBSITE_FUZZ_SECONDS` (default 60) split
/// between the targets, seeded by the time so that every run tries new inputs (the seed is in
/// the failure message).
#[test]
#[ignore = "timed; run by .ci/test when cargo-fuzz cannot run"]
fn mutated_seeds_keep_the_invariants_for_a_while() {
    let seconds: u64 = std::env::var("KBSITE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let each = Duration::from_secs(seconds) / TARGETS.len() as u32;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64 | 1);
    for (target, check) in TARGETS {
        let started = Instant::now();
        let runs = fuzz(target, check, seed, usize::MAX, Some(started + each));
        let rate = runs as f64 / started.elapsed().as_secs_f64();
        eprintln!("{target}: {runs} mutated inputs in {each:?} ({rate:.0}/s), seed {seed:#x}");
    }
}
