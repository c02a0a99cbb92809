//! Which files under `content/` besides articles are published, copied as they are.
//!
//! Content comes partly from outside the team (translation vendors, contributors), and a
//! file published on the site's own origin runs with the site's rights when opened: an HTML,
//! JavaScript or XML file, or an SVG with script, could take over every page. So media are
//! an allow-list of types that browsers never run: images, PDF, audio, video, captions,
//! plain text and ZIP archives. An SVG is published only when it is a picture and nothing
//! else: SVG elements that draw, no script, no event handlers, no links out of the file, no
//! DTD. Anything else is refused with a `media-refused` warning and not copied.

use quick_xml::events::{BytesStart, Event};

/// File extensions (lowercase) published as they are.
pub const ALLOWED: &[&str] = &[
    // Images.
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "svg",
    // Documents and downloads.
    "pdf", "txt", "csv", "zip", // Audio, video and their captions.
    "mp4", "webm", "ogv", "ogg", "mp3", "m4a", "wav", "vtt",
];

/// SVG elements that only draw (SVG 1.1 and 2 shapes, text, paint servers, filters).
const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "image",
    "switch",
    "view",
];

/// Why a file is not published, or `None` when it is. `bytes` is read for SVG only.
pub fn refusal(rel: &str, bytes: impl FnOnce() -> std::io::Result<Vec<u8>>) -> Option<String> {
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| !e.contains('/'));
    let Some(ext) = ext.filter(|e| ALLOWED.contains(&e.as_str())) else {
        return Some(
            "only images, PDF, audio, video, captions, text and ZIP files are published; \
             this type could run script on the site"
                .into(),
        );
    };
    if ext != "svg" {
        return None;
    }
    match bytes() {
        Ok(bytes) => svg_refusal(&bytes),
        Err(e) => Some(format!("it could not be read: {e}")),
    }
}

/// Why an SVG is more than a picture, or `None`.
fn svg_refusal(bytes: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => return Some(format!("it is not well-formed XML: {e}")),
        };
        match event {
            Event::Eof => return None,
            Event::DocType(_) => return Some("it has a DTD (entities)".into()),
            Event::Start(e) | Event::Empty(e) => {
                if let Some(why) = element_refusal(&e) {
                    return Some(why);
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

fn element_refusal(e: &BytesStart<'_>) -> Option<String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    if !SVG_ELEMENTS.contains(&name.as_str()) {
        return Some(format!("it has a `<{name}>` element"));
    }
    for attr in e.attributes() {
        let Ok(attr) = attr else {
            return Some("it has a malformed attribute".into());
        };
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_ascii_lowercase();
        let value = String::from_utf8_lossy(&attr.value).into_owned();
        if key.starts_with("on") {
            return Some(format!("it has an event handler `{key}`"));
        }
        // Links may only point inside the file (`#id`), or be an embedded raster image.
        let inside = value.trim_start().starts_with('#');
        let raster = name == "image"
            && [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| value.trim_start().to_ascii_lowercase().starts_with(p));
        if key == "href" && !inside && !raster {
            return Some(format!("`<{name}>` links to `{value}`"));
        }
        if value.to_ascii_lowercase().contains("url(") && !value.contains("url(#") {
            return Some(format!("`{key}` loads `{value}`"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> Option<String> {
        let text = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{body}</svg>");
        refusal("a/b.svg", || Ok(text.into_bytes()))
    }

    #[test]
    fn only_passive_types_are_published() {
        for ok in ["a.png", "b/c.JPG", "d.pdf", "v.webm", "x.y.zip", "cap.vtt"] {
            assert_eq!(refusal(ok, || unreachable!()), None, "{ok}");
        }
        for bad in [
            "a.html", "a.htm", "s.js", "m.mjs", "x.xml", "x.xhtml", "s.css", "f.swf", "noext",
            "a.png/x",
        ] {
            assert!(refusal(bad, || unreachable!()).is_some(), "{bad}");
        }
    }

    #[test]
    fn an_svg_is_published_only_as_a_picture() {
        assert_eq!(
            svg("<g><path d=\"M0 0h1\" fill=\"url(#grad)\"/><use href=\"#p\"/></g>"),
            None
        );
        assert_eq!(svg("<image href=\"data:image/png;base64,AAAA\"/>"), None);
        for (bad, why) in [
            ("<script>alert(1)</script>", "<script>"),
            ("<g onload=\"alert(1)\"/>", "onload"),
            ("<a href=\"javascript:alert(1)\"><text>x</text></a>", "<a>"),
            ("<use xlink:href=\"https://evil.example/x.svg#a\"/>", "links to"),
            ("<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>", "foreignObject"),
            ("<set attributeName=\"href\" to=\"javascript:x\"/>", "<set>"),
            ("<image href=\"data:image/svg+xml;base64,AAAA\"/>", "links to"),
            ("<rect style=\"fill:url(https://evil.example/)\"/>", "loads"),
            ("<g><path></g>", "well-formed"),
        ] {
            let got = svg(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad}: {got:?}");
        }
        let dtd = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>";
        assert!(refusal("a.svg", || Ok(dtd.into())).unwrap().contains("DTD"));
    }
}
