//! DocFX video lines are link cards, never frames (the Content-Security-Policy has no
//! `frame-src`): on a desktop and on a 390px-wide phone each card is a framed block with its
//! play mark, localized label and address, inside the page, linking to its http(s) URL; a
//! card whose address is not http(s) has no link; nothing logs to the console.

use crate::session::{Session, DESKTOP, PHONE};

const CARDS: &str = r#"
return {
  width: document.documentElement.clientWidth,
  frames: document.querySelectorAll('iframe, frame, object, embed, video').length,
  cards: [...document.querySelectorAll('main .video')].map((v) => {
    const card = v.firstElementChild, r = card.getBoundingClientRect();
    const s = getComputedStyle(card), play = getComputedStyle(card, '::before');
    return {
      href: card.getAttribute('href'),
      label: card.querySelector('.video-label').textContent,
      display: s.display,
      border: parseFloat(s.borderTopWidth),
      play: parseFloat(play.width),
      left: r.left,
      right: r.right,
      height: r.height,
    };
  }),
};
"#;

#[test]
fn videos_are_link_cards_on_desktops_and_phones() {
    let session = Session::fixture("markdown-blocks");
    let Session { browser, .. } = &session;
    let mut failures = Vec::new();
    for size @ (width, _) in [DESKTOP, PHONE] {
        let url = session.open_at("ru-RU/blocks/", size);
        browser.assert_console_clean(&url);
        let got = browser.js(CARDS, vec![]);
        let at = format!("{url} at {width}px");
        if got["frames"] != 0 {
            failures.push(format!("{at}: a frame or player: {got}"));
        }
        let page_width = got["width"].as_f64().unwrap_or(0.0);
        let cards = got["cards"].as_array().cloned().unwrap_or_default();
        let hrefs: Vec<Option<&str>> = cards.iter().map(|c| c["href"].as_str()).collect();
        let want = [
            Some("https://www.youtube.com/embed/dQw4w9WgXcQ"),
            Some("https://learn.example.com/shows/exchange/mail-flow-troubleshooting-in-five-minutes-with-a-very-long-address"),
            Some("https://v.example.com/embed/in-a-pair"),
            None,
        ];
        if hrefs != want {
            failures.push(format!("{at}: links {hrefs:?}"));
        }
        for card in &cards {
            let fits = card["left"].as_f64().is_some_and(|l| l >= 0.0)
                && card["right"].as_f64().is_some_and(|r| r <= page_width);
            let framed = card["display"] == "grid"
                && card["border"].as_f64().is_some_and(|b| b >= 1.0)
                && card["play"].as_f64().is_some_and(|p| p >= 24.0)
                && card["height"].as_f64().is_some_and(|h| h <= 120.0);
            if card["label"] != "Видео" || !fits || !framed {
                failures.push(format!("{at}: card {card}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
