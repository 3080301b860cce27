// citeproc-js as a reference CSL processor: reads a job on stdin, writes its bibliography.
//
//   node citeproc.js < job.json > out.json
//
// job: {"style": "<CSL XML>", "lang": "en-US", "locales": "/folder/of/locales-*.xml",
//       "items": [CSL-JSON item, ...]}
// out: {"order": [id, ...], "text": {id: plain text}, "html": {id: HTML entry}}
// A style is used as given (the caller resolves a dependent style to its parent) and the
// locale is forced, so that both processors render with the same locale.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const byId = new Map(job.items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale: (lang) => {
    const file = path.join(job.locales, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem: (id) => byId.get(String(id)),
};
const engine = new CSL.Engine(sys, job.style, job.lang, true);
engine.updateItems([...byId.keys()]);
const out = { order: [], text: {}, html: {} };
for (const format of ["html", "text"]) {
  engine.setOutputFormat(format);
  const result = engine.makeBibliography();
  if (!result) break; // a style without a bibliography
  const [meta, entries] = result;
  // An entry with no rendered form (a type the style does not lay out) is left out of
  // `entries` but not of `entry_ids`, and reported in `bibliography_errors`: the entries are
  // matched to the ids without those, or the i-th entry would be given to the wrong id.
  const empty = new Set(
    (meta.bibliography_errors || [])
      .filter((error) => error.error_code === CSL.ERROR_NO_RENDERED_FORM)
      .map((error) => String(error.itemID)),
  );
  let ids = meta.entry_ids.map((each) => String(each[0]));
  if (ids.length !== entries.length) ids = ids.filter((id) => !empty.has(id));
  if (ids.length !== entries.length) ids = entryIds();
  if (ids.length !== entries.length) {
    process.stderr.write(`citeproc-js gave ${entries.length} entries for ${ids.length} ids\n`);
    process.exit(2);
  }
  ids.forEach((id, i) => {
    if (format === "html") out.order.push(id);
    out[format][id] = entries[i].trim();
  });
}
process.stdout.write(JSON.stringify(out));

// The id of each entry citeproc-js prints, read from its XSL-FO output, which names every
// entry's block by the item's id (for entries left out without a report in
// bibliography_errors).
function entryIds() {
  engine.setOutputFormat("fo");
  const [, blocks] = engine.makeBibliography();
  return blocks.map((block) => {
    const found = /<fo:block id="([^"]*)"/.exec(block);
    return found ? found[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&") : "";
  });
}
