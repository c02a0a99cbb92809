//! Every kind of diagnostic, in one table: its stable kebab-case name (printed as
//! `warning[name]` and in the JSON), its severity, and the help line a diagnostic gets when
//! the place that reports it has no more specific one.
//!
//! README.md's "Problems in the input" table lists every kind; a test
//! (`tests/integration/invalid.rs`, `every_kind_is_documented_and_has_a_fixture`) fails when
//! one is missing there or has no fixture under `tests/fixtures/invalid/`.

use super::Severity;

/// Declares [`Kind`] and its table: `Variant = "name", Severity, "default help";`.
macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $help:literal; )*) => {
        /// The kind of a [`super::Diagnostic`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $( $(#[$doc])* $variant, )*
        }

        impl Kind {
            /// Every kind, in the order of the table.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The stable kebab-case name (`span-unclosed`).
            pub const fn name(self) -> &'static str {
                match self {
                    $( Kind::$variant => $name, )*
                }
            }

            /// How bad it is, usually (`ftl-cycle` in `en.ftl` is an error, not a warning).
            pub const fn severity(self) -> Severity {
                match self {
                    $( Kind::$variant => Severity::$severity, )*
                }
            }

            /// The help line for a diagnostic whose reporter gives none of its own.
            pub const fn help(self) -> &'static str {
                match self {
                    $( Kind::$variant => $help, )*
                }
            }
        }
    };
}

kinds! {
    // Reading a file.
    /// Over the 10 MiB limit: the file is skipped.
    FileTooLarge = "file-too-large", Error, "split the article into several files";
    /// Not UTF-8: the file is skipped.
    NotUtf8 = "not-utf8", Error, "save the file as UTF-8";
    /// Nothing in the file: no page.
    FileEmpty = "file-empty", Warning, "add the article's text or delete the file";
    /// More than one byte order mark.
    BomRepeated = "bom-repeated", Warning, "save the file as UTF-8 with one byte order mark, or none";
    /// A NUL character in the text.
    NulByte = "nul-byte", Warning, "remove the NUL character: an editor or a conversion tool left it there";

    // The frontmatter.
    FrontmatterUnclosed = "frontmatter-unclosed", Error, "end the frontmatter with a line containing only `---`";
    FrontmatterYaml = "frontmatter-yaml", Error, "quote values that contain `: `, `#`, `[` or `{`, and indent list items consistently";
    FrontmatterNotMapping = "frontmatter-not-mapping", Error, "write the frontmatter as `key: value` lines";
    FrontmatterFlattened = "frontmatter-flattened", Warning, "restore the `key: value` lines, one per line, from the English source";
    /// `ms.lasthandoff` is not a date.
    DateInvalid = "date-invalid", Warning, "write MM/DD/YYYY or YYYY-MM-DD";

    // Sentence pairs.
    SpanUnclosed = "span-unclosed", Error, "close the localized text with `</span>`";
    SpanPartnerMalformed = "span-partner-malformed", Error, "write the partner as `<span class=\"sxs-lookup\"><span data-stu-id=\"X\">English</span></span>`";
    SpanIdMismatch = "span-id-mismatch", Warning, "give the English partner its segment's id";
    SpanNoPartner = "span-no-partner", Warning, "follow the segment with `<span class=\"sxs-lookup\"><span data-stu-id=\"X\">English</span></span>`";
    SpanNoLocal = "span-no-local", Warning, "each sentence must be `<span data-ttu-id=\"X\">…</span>` followed by its partner";
    SpanStrayClose = "span-stray-close", Warning, "delete the `</span>` or add the span it was meant to close";
    SpanPartnerUnclosed = "span-partner-unclosed", Warning, "close it with a second `</span>`";
    SpanDuplicateId = "span-duplicate-id", Warning, "every segment in a file needs its own id";
    SpanAcrossBlocks = "span-across-blocks", Warning, "a pair must stay in one paragraph: remove the blank line, or make the text two pairs";
    SpanTagMalformed = "span-tag-malformed", Warning, "write the tag as `<span data-ttu-id=\"X\">` (or `data-stu-id`): an id of at most 256 bytes, without quotes, `<` or line breaks";

    // The article.
    ArticleNoEnglish = "article-no-english", Warning, "the English site shows it in its own language";
    HeadingsDiffer = "headings-differ", Warning, "give the localized text the English text's headings, one for one";
    CodesTooMany = "codes-too-many", Warning, "give each code a heading of its own, or list them in the text";

    // Rendering a page.
    LinkAbsent = "link-absent", Warning, "correct the link, or add the article it leads to under content/";
    LinkUnsafe = "link-unsafe", Warning, "link to an http(s), mailto, ftp or tel URL";
    MediaMissing = "media-missing", Warning, "add the image under content/, or correct its path";
    IncludeMissing = "include-missing", Warning, "add the included file under content/, or correct its path";
    IncludeTooLarge = "include-too-large", Warning, "include smaller files, or fewer of them, in one page";
    HtmlTooDeep = "html-too-deep", Warning, "close the raw HTML elements: no real page nests them this deep";
    IdDuplicate = "id-duplicate", Warning, "give the element an id of its own";

    // The project's files.
    ContentStrayFile = "content-stray-file", Warning, "move it into content/<locale>/";
    LocaleNotCanonical = "locale-not-canonical", Error, "rename the folder to the canonical BCP 47 spelling";
    LocaleInvalid = "locale-invalid", Error, "locale folders are named like `ru-RU`, `sv-SE`, `de`";
    PathUnsafe = "path-unsafe", Error, "rename it: names become URLs, and these cannot be made safe ones";
    SymlinkSkipped = "symlink-skipped", Warning, "move the folder here, or link each file";
    SymlinkOutside = "symlink-outside", Error, "copy what it points to into the project instead";
    MediaRefused = "media-refused", Warning, "publish pages as Markdown articles; see README.md, Input, for the media types";
    PathReserved = "path-reserved", Error, "rename the file or its folder";
    PathClash = "path-clash", Error, "rename one of the two";

    // UI strings (`locales/*.ftl`).
    FtlName = "ftl-name", Warning, "name the file after a language tag, like `de.ftl` or `pt-BR.ftl`";
    FtlTooDeep = "ftl-too-deep", Error, "UI strings need a few levels of `{ … }` at most";
    FtlSyntax = "ftl-syntax", Error, "write messages as `key = text`; see projectfluent.org for the syntax";
    FtlDuplicate = "ftl-duplicate", Error, "define each message once in a file";
    /// A warning, but an error in `en.ftl`, the last resort.
    FtlCycle = "ftl-cycle", Warning, "a message may use others, but none may lead back to it";
    FtlMissingLocale = "ftl-missing-locale", Warning, "create locales/<locale>.ftl from locales/en.ftl";
    FtlMissingKey = "ftl-missing-key", Warning, "copy the keys from locales/en.ftl and translate them";
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// `d.kind == "span-unclosed"`: tests and callers compare with a name.
impl PartialEq<&str> for Kind {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl PartialEq<str> for Kind {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_kebab_case_and_every_kind_has_help() {
        let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        for name in &names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
                "{name}"
            );
        }
        for kind in Kind::ALL {
            assert!(!kind.help().trim().is_empty(), "{kind} has no help");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len());
    }
}
