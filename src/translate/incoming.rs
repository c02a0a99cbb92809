//! What a translator sends back: the entries of a PO or XLIFF file, read by [`read`] in the
//! format its name or its first character says.

use std::path::Path;

use crate::diagnostics::Error;

/// One translation read back from a PO or XLIFF file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub article: String,
    pub id: String,
    pub english: String,
    pub translation: String,
    /// Fuzzy in PO, or `state="initial"` with the stale `subState` in XLIFF: not applied.
    pub fuzzy: bool,
    /// Line of the entry in the exchange file.
    pub line: usize,
}

/// A parsed exchange file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub locale: Option<String>,
    pub entries: Vec<Incoming>,
}

/// Reads an exchange file: PO by extension `.po`/`.pot`, XLIFF by `.xlf`/`.xliff`, else by
/// its content.
pub fn read(path: &Path) -> Result<Parsed, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let xml = match ext.as_str() {
        "po" | "pot" => false,
        "xlf" | "xliff" | "xml" => true,
        _ => text[crate::source::bom_len(&text)..]
            .trim_start()
            .starts_with('<'),
    };
    let parsed = if xml {
        super::xliff::parse_xliff(&text)
    } else {
        super::po::parse_po(&text)
    };
    parsed.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}
