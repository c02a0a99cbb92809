//! The opening most browser tests share: a built [`Site`] served on 127.0.0.1 ([`Server`]) and
//! a fresh chromedriver + headless Chromium ([`Browser`]), and opening one of the site's pages
//! at a window size. Tests that load from `file://`, serve a hand-made folder or start one
//! browser for several sites use the parts directly.

use crate::harness::{repo_root, Browser, Site};
use crate::server::Server;

/// The window size Chromium starts with (`--window-size` in [`Browser::start`]).
pub const DESKTOP: (u32, u32) = (1280, 900);
/// A phone's viewport, in CSS pixels.
pub const PHONE: (u32, u32) = (390, 844);

/// A served site with a browser on it. Fields drop in order: the browser closes first.
pub struct Session {
    pub browser: Browser,
    pub server: Server,
    pub site: Site,
}

impl Session {
    /// Serves `site` at the server's root and starts a browser.
    pub fn serve(site: Site) -> Session {
        let server = Server::serve(site.dir());
        Session {
            browser: Browser::start(),
            server,
            site,
        }
    }

    /// The repository's seeds, served.
    pub fn seeds() -> Session {
        Session::serve(Site::seeds())
    }

    /// `tests/fixtures/<name>` built and served.
    pub fn fixture(name: &str) -> Session {
        Session::serve(Site::build(
            &repo_root().join("tests/fixtures").join(name),
            None,
        ))
    }

    /// Opens the site's page `rel` (`ru-RU/x/`, may carry a query) and returns its URL.
    pub fn open(&self, rel: &str) -> String {
        let url = self.server.url(rel);
        self.browser.goto(&url);
        url
    }

    /// Resizes the window to `(width, height)`, then opens `rel` like [`Session::open`].
    pub fn open_at(&self, rel: &str, (width, height): (u32, u32)) -> String {
        self.browser.resize(width, height);
        self.open(rel)
    }
}
