//! The generated corpus shared by the build benchmark (`benches/build.rs`) and the browser
//! query benchmark (`tests/browser/latency.rs`), each of which includes this file with
//! `#[path]`: a project shaped like the seed articles, never committed.
//!
//! The two seed articles (`content/{ru-RU,sv-SE}/mail-flow-intelligence-in-eop.md`) are the
//! templates: every generated article gets its own slug, `ms.assetid`, segment-id prefix, six
//! error codes (in headings, `<a name>` anchors and "How do I fix" headings; see [`Codes`]), a
//! product name and a number in its title; in a quarter of the sv-SE files two relative `.md`
//! links lead to other generated articles instead of absent ones.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

const RU: &str = include_str!("../../content/ru-RU/mail-flow-intelligence-in-eop.md");
const SV: &str = include_str!("../../content/sv-SE/mail-flow-intelligence-in-eop.md");

/// The seed's codes, in the order the generated ones replace them.
pub const SEED_CODES: [&str; 6] = [
    "4.4.312", "4.4.315", "4.4.316", "4.4.317", "4.4.318", "4.7.320",
];
pub const CODES_PER_ARTICLE: usize = SEED_CODES.len();
const SEED_ASSET_ID: &str = "c29f75e5-c16e-409e-a123-430691e38276";

/// Product names that replace "Microsoft 365" (in both halves, so alignment is unchanged).
pub const PRODUCTS: [&str; 7] = [
    "Microsoft 365",
    "Exchange Online",
    "Contoso Mail",
    "Fabrikam Cloud",
    "Northwind Relay",
    "Tailspin Mail",
    "Woodgrove Exchange",
];

/// The `kbsite.toml` of the generated project (the repository's own setting).
const KBSITE_TOML: &str =
    "docs_base_url = \"https://docs.microsoft.com/microsoft-365/security/office-365-security/\"\n";

/// One piece of a compiled template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    Lit(&'static str),
    /// Seed code `i`, dotted: `4.4.312`.
    Code(usize),
    /// Seed code `i` in an anchor: `450-44312`.
    Anchor(usize),
    /// The segment-id prefix `c1ac4-`.
    Prefix,
    AssetId,
    /// A title with the article number appended: `{before} {i}{after}`.
    Numbered(&'static str, &'static str),
    Product,
    /// A relative link to an absent article: `](text)`, or, in linking articles, a link to
    /// the article this many places further on.
    Link(&'static str, usize),
}

struct Template {
    locale: &'static str,
    /// Salt for the per-file segment-id prefix.
    salt: u32,
    pieces: Vec<Piece>,
}

/// Splits `text` at every occurrence of the needles (earliest first, no overlaps).
fn compile(
    locale: &'static str,
    salt: u32,
    text: &'static str,
    needles: &[(&'static str, Piece)],
) -> Template {
    let mut hits: Vec<(usize, &'static str, Piece)> = needles
        .iter()
        .flat_map(|&(needle, piece)| {
            text.match_indices(needle)
                .map(move |(at, _)| (at, needle, piece))
        })
        .collect();
    hits.sort_by_key(|&(at, needle, _)| (at, std::cmp::Reverse(needle.len())));
    let mut pieces = Vec::new();
    let mut pos = 0;
    for (at, needle, piece) in hits {
        if at < pos {
            continue;
        }
        pieces.push(Piece::Lit(&text[pos..at]));
        pieces.push(piece);
        pos = at + needle.len();
    }
    pieces.push(Piece::Lit(&text[pos..]));
    Template {
        locale,
        salt,
        pieces,
    }
}

fn templates() -> Result<Vec<Template>> {
    let mut common: Vec<(&'static str, Piece)> = vec![
        (SEED_ASSET_ID, Piece::AssetId),
        ("Microsoft 365", Piece::Product),
        ("EOP</span>", Piece::Numbered("EOP", "</span>")),
    ];
    const ANCHORS: [&str; 6] = [
        "450-44312",
        "450-44315",
        "450-44316",
        "450-44317",
        "450-44318",
        "450-47320",
    ];
    for (i, (code, anchor)) in SEED_CODES.iter().zip(ANCHORS).enumerate() {
        common.push((code, Piece::Code(i)));
        common.push((anchor, Piece::Anchor(i)));
    }
    let with = |extra: &[(&'static str, Piece)]| {
        let mut all = common.clone();
        all.extend_from_slice(extra);
        all
    };
    const RU_TITLE: &str = "title: Аналитика почтового процесса";
    const SV_TITLE: &str = "title: Information om e-postflöde";
    const SV_LINK_1: &str = "](exchange-online-protection-overview.md)";
    const SV_LINK_2: &str = "](office-365-atp.md)";
    let all = [
        compile(
            "ru-RU",
            0x5a17,
            RU,
            &with(&[
                ("c1ac4-", Piece::Prefix),
                (RU_TITLE, Piece::Numbered(RU_TITLE, "")),
            ]),
        ),
        compile(
            "sv-SE",
            0x3c6e,
            SV,
            &with(&[
                ("96d4c-", Piece::Prefix),
                (SV_TITLE, Piece::Numbered(SV_TITLE, "")),
                (SV_LINK_1, Piece::Link(SV_LINK_1, 1)),
                (SV_LINK_2, Piece::Link(SV_LINK_2, 7)),
            ]),
        ),
    ];
    // The seeds changed shape if a hole is missing: the generated codes would be wrong.
    for t in &all {
        let count = |want: fn(&Piece) -> bool| t.pieces.iter().filter(|p| want(p)).count();
        for (i, seed) in SEED_CODES.iter().enumerate() {
            let codes = t.pieces.iter().filter(|p| **p == Piece::Code(i)).count();
            let anchors = t.pieces.iter().filter(|p| **p == Piece::Anchor(i)).count();
            check(
                codes == 4 && anchors == 2,
                format!(
                    "{} seed: code {} appears {codes} times and in {anchors} anchors; want 4 and 2",
                    t.locale, seed
                ),
            )?;
        }
        check(
            count(|p| matches!(p, Piece::AssetId)) == 1
                && count(|p| matches!(p, Piece::Numbered(..))) == 3
                && count(|p| matches!(p, Piece::Prefix)) > 50,
            format!(
                "{} seed: asset id, titles or segment ids not found",
                t.locale
            ),
        )?;
    }
    check(
        all[1]
            .pieces
            .iter()
            .filter(|p| matches!(p, Piece::Link(..)))
            .count()
            == 2,
        "sv-SE seed: the two relative article links are not found",
    )?;
    Ok(all.into())
}

/// Where the codes of the generated articles come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codes {
    /// A pool of [`POOL`] codes shared between articles, as in real documentation (the
    /// real sample mentions 15 distinct codes in 113 articles): at 3,000 articles, each
    /// code is in 60 of them, with their own titles.
    Shared,
    /// Six codes of its own for every article: the worst case for code pages (18,000 codes,
    /// each with a page per locale, at 3,000 articles), with subject digits RFC 3463 does not
    /// define.
    Unique,
}

/// The size of the [`Codes::Shared`] pool.
pub const POOL: usize = 300;

impl Codes {
    /// `shared` or `unique`.
    pub fn parse(name: &str) -> Option<Codes> {
        match name {
            "shared" => Some(Codes::Shared),
            "unique" => Some(Codes::Unique),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Codes::Shared => "shared",
            Codes::Unique => "unique",
        }
    }

    /// The enhanced code `j` of article `i` as (subject, detail): `4.S.D`. An article's six
    /// codes are always distinct.
    pub fn code(self, i: usize, j: usize) -> (usize, usize) {
        match self {
            Codes::Shared => {
                // A stride of 50 between an article's codes keeps them apart; 7 is prime to
                // the pool, so articles cycle through all of it and share codes in
                // different combinations. Subjects 1–7 are RFC 3463's.
                let k = (i * 7 + j * 50) % POOL;
                (1 + k % 7, 100 + k / 7)
            }
            Codes::Unique => {
                let k = i * CODES_PER_ARTICLE + j;
                (1 + k / 1000, k % 1000)
            }
        }
    }

    /// How many distinct codes `n` articles have.
    pub fn distinct(self, n: usize) -> usize {
        (0..n)
            .flat_map(|i| (0..CODES_PER_ARTICLE).map(move |j| self.code(i, j)))
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }
}

pub fn slug(i: usize) -> String {
    format!("mail-flow-{i:05}")
}

/// Renders template `t` for article `i` of `n` into `out`.
fn instantiate(t: &Template, i: usize, n: usize, codes: Codes, out: &mut String) {
    out.clear();
    for piece in &t.pieces {
        match *piece {
            Piece::Lit(s) => out.push_str(s),
            Piece::Code(j) => {
                let (s, d) = codes.code(i, j);
                let _ = write!(out, "4.{s}.{d}");
            }
            Piece::Anchor(j) => {
                let (s, d) = codes.code(i, j);
                let _ = write!(out, "450-4{s}{d}");
            }
            Piece::Prefix => {
                let h = (i as u32).wrapping_mul(2_654_435_761) ^ t.salt;
                let _ = write!(out, "{:05x}-", h & 0xf_ffff);
            }
            Piece::AssetId => {
                let _ = write!(out, "c29f75e5-c16e-409e-a123-{i:012x}");
            }
            Piece::Numbered(before, after) => {
                let _ = write!(out, "{before} {i}{after}");
            }
            Piece::Product => out.push_str(PRODUCTS[i % PRODUCTS.len()]),
            Piece::Link(original, step) => {
                if i.is_multiple_of(4) && n > 1 {
                    let _ = write!(out, "]({}.md)", slug((i + step) % n));
                } else {
                    out.push_str(original);
                }
            }
        }
    }
}

/// One generated Markdown file.
pub struct Generated {
    pub locale: &'static str,
    pub slug: String,
    pub path: PathBuf,
}

/// Writes the project (`kbsite.toml`, `content/<locale>/*.md`) of `n` articles under `root`.
pub fn generate(root: &Path, n: usize, codes: Codes) -> Result<(Vec<Generated>, u64)> {
    let templates = templates()?;
    mkdir(root)?;
    write_file(&root.join("kbsite.toml"), KBSITE_TOML.as_bytes())?;
    let mut files = Vec::with_capacity(n * templates.len());
    let mut bytes = 0;
    let mut text = String::with_capacity(64 * 1024);
    for t in &templates {
        let dir = root.join("content").join(t.locale);
        mkdir(&dir)?;
        for i in 0..n {
            instantiate(t, i, n, codes, &mut text);
            let slug = slug(i);
            let path = dir.join(format!("{slug}.md"));
            write_file(&path, text.as_bytes())?;
            bytes += text.len() as u64;
            files.push(Generated {
                locale: t.locale,
                slug,
                path,
            });
        }
    }
    Ok((files, bytes))
}

pub fn check(ok: bool, message: impl Into<String>) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(format!("sanity check failed: {}", message.into()).into())
    }
}

pub fn mkdir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()).into())
}
