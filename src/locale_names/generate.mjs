// Generates table.rs beside this file: every CLDR "modern" locale's name in its own language
// (its autonym), from the Unicode CLDR JSON packages on the npm registry.
//
// Regenerate (Node 18+; the CLDR version is whatever the packages are):
//
//   cd /tmp && npm install cldr-core@45.0.0 cldr-localenames-modern@45.0.0 cldr-misc-modern@45.0.0
//   node src/locale_names/generate.mjs /tmp/node_modules > src/locale_names/table.rs
//
// Each row is (tag, name without region, name with region). The tags are the modern locales
// (their folders in cldr-localenames-modern), the default-content locales of those
// languages (de-DE, ja-JP, pt-BR: cldr-core's defaultContent.json) and, for languages written
// in several scripts, the region-only tags whose likely script is not the language's default
// (zh-TW → zh-Hant-TW: likelySubtags.json), so zh-TW is named in Traditional Chinese.
//
// A name is built as CLDR's standard display names are: the language's name (or the
// language-and-script name CLDR has, e.g. zh-Hant → 繁體中文; else the script's name in the
// locale pattern), then the region's name in the locale pattern, "{0} ({1})". A script is
// left out when it is the language's likely one (sr-Cyrl is "српски", sr-Latn "srpski
// (latinica)"). The first letter is upper-cased where the locale's contextTransforms say
// language names in a UI list or menu are ("titlecase-firstword": Русский, Svenska,
// Français), as a language switcher is such a list.

import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2];
if (!root) {
  console.error("usage: node generate.mjs NODE_MODULES_DIR > table.rs");
  process.exit(2);
}
const readJson = (...parts) => JSON.parse(readFileSync(join(root, ...parts), "utf8"));
const tryJson = (...parts) => {
  try {
    return readJson(...parts);
  } catch {
    return null;
  }
};

const core = readJson("cldr-core", "package.json");
const names = readJson("cldr-localenames-modern", "package.json");
const modern = readJson("cldr-core", "availableLocales.json").availableLocales.modern;
const defaults = readJson("cldr-core", "defaultContent.json").defaultContent;
const likely = readJson("cldr-core", "supplemental", "likelySubtags.json").supplemental.likelySubtags;

// The display-name data of locale folder `id`: itself, else its truncations (zh-Hant-TW →
// zh-Hant → zh), which is where CLDR's inheritance would find it.
const cache = new Map();
function folder(id) {
  if (!cache.has(id)) {
    const main = (file) => {
      const json = tryJson("cldr-localenames-modern", "main", id, file);
      return json ? json.main[id].localeDisplayNames : null;
    };
    const languages = main("languages.json");
    cache.set(
      id,
      languages && {
        languages: languages.languages,
        scripts: main("scripts.json").scripts,
        territories: main("territories.json").territories,
        pattern: main("localeDisplayNames.json").localeDisplayPattern,
        titlecase: titlecase(id),
      },
    );
  }
  const data = cache.get(id);
  if (data) return data;
  const cut = id.lastIndexOf("-");
  return cut > 0 ? folder(id.slice(0, cut)) : null;
}

// Whether language names start upper-case in a UI list or menu, in locale `id` or the
// nearest truncation that says (pt-PT inherits pt's).
function titlecase(id) {
  const json = tryJson("cldr-misc-modern", "main", id, "contextTransforms.json");
  const rule = json?.main[id].contextTransforms.languages?.uiListOrMenu;
  if (rule) return rule === "titlecase-firstword";
  const cut = id.lastIndexOf("-");
  return cut > 0 ? titlecase(id.slice(0, cut)) : false;
}

const isScript = (s) => /^[A-Z][a-z]{3}$/.test(s);
const isRegion = (s) => /^([A-Z]{2}|[0-9]{3})$/.test(s);

// (short, long) for the locale `lang[-Script][-REGION]`, or null if CLDR cannot name it.
function row(full) {
  const [lang, ...rest] = full.split("-");
  const script = rest.find(isScript);
  const region = rest.find(isRegion);
  if (rest.some((s) => !isScript(s) && !isRegion(s))) return null; // variants: el-polyton
  const data = folder(full);
  const langName = data?.languages[lang];
  if (!langName) return null;
  const defaultScript = (likely[lang] || "").split("-")[1];
  const place = (a, b) => data.pattern.localePattern.replace("{0}", a).replace("{1}", b);
  const regionName = region && data.territories[region];
  if (region && !regionName) return null;
  // What goes in the parentheses after the language's name: the script's name if it is not
  // in that name already, then the region's (sr-Latn-RS: "srpski (latinica, Srbija)").
  let short = langName;
  let scriptName = null;
  if (script && script !== defaultScript) {
    if (data.languages[`${lang}-${script}`]) short = data.languages[`${lang}-${script}`];
    else if (data.scripts[script]) scriptName = data.scripts[script];
    else return null;
  }
  const qualified = (qualifiers) =>
    qualifiers.length === 0
      ? short
      : place(short, qualifiers.reduce((a, b) => data.pattern.localeSeparator.replace("{0}", a).replace("{1}", b)));
  const long = qualified([scriptName, regionName].filter(Boolean));
  short = qualified([scriptName].filter(Boolean));
  const upper = (s) => {
    if (!data.titlecase) return s;
    const [first, ...others] = [...s];
    return first.toLocaleUpperCase(lang) + others.join("");
  };
  return [upper(short), upper(long)];
}

const tags = new Map(); // tag → the locale whose data names it
for (const id of modern) tags.set(id, id);
const languages = new Set(modern.map((id) => id.split("-")[0]));
for (const id of defaults) if (languages.has(id.split("-")[0])) tags.set(id, id);
for (const [from, to] of Object.entries(likely)) {
  const [lang, ...rest] = from.split("-");
  const [, script, region] = to.split("-");
  const defaultScript = (likely[lang] || "").split("-")[1];
  if (
    languages.has(lang) &&
    rest.length === 1 &&
    isRegion(rest[0]) &&
    script !== defaultScript &&
    tags.has(to)
  ) {
    tags.set(from, to);
  }
}
tags.delete("root");

const rows = [];
for (const [tag, full] of tags) {
  const r = row(full);
  if (r) rows.push([tag, ...r]);
}
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

// A Rust string literal. JSON's escapes for `"` and `\` are Rust's; names hold no control
// characters (whose JSON escape Rust would refuse), which is checked.
const rust = (s) => {
  if (/[\u0000-\u001f\\]/.test(s)) throw new Error(`unexpected character in ${s}`);
  return JSON.stringify(s);
};
const out = [];
out.push(`//! Generated by generate.mjs beside this file from Unicode CLDR ${core.version}`);
out.push(`//! (cldr-core, cldr-localenames-modern ${names.version}, cldr-misc-modern); do not edit.`);
out.push("//! Unicode License v3: <https://www.unicode.org/license.txt>");
out.push("");
out.push("/// (tag, name in its own language without the region, with the region), sorted by tag.");
out.push("#[rustfmt::skip]");
out.push("pub(super) const AUTONYMS: &[(&str, &str, &str)] = &[");
for (const [tag, short, long] of rows) {
  out.push(`    (${rust(tag)}, ${rust(short)}, ${rust(long)}),`);
}
out.push("];");
process.stdout.write(out.join("\n") + "\n");
