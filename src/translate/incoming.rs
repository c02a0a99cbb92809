//! What a translator sends back: the entries of a PO or XLIFF file, as `po` and `xliff` read
//! them (the module root's [`read`](super::read) picks the format).

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
