// citeproc-js on the CSL test suite's bibliography fixtures, for benchmarks/csl_suite.py.
//
//   npm install --prefix DIR citeproc@2.4.63   (benchmarks/oracle has it)
//   NODE_PATH=DIR/node_modules node benchmarks/csl_suite.js LOCALES < jobs.json > out.json
//
// jobs: [{"name", "style": CSL XML, "items": [CSL-JSON], "bibentries", "citation_items",
// "citations", "bibsection", "options"}] (the fixture's sections, null when absent).
// out: {name: the bibliography as citeproc-js writes it (bibstart, entries, bibend), or
// "ERROR: message"}. The order of the suite's runner: BIBENTRIES (else every item, unless the
// fixture has CITATIONS) registered with updateItems; CITATION-ITEMS made as clusters (every
// registered item when there are neither), or CITATIONS processed one after the other; then
// the bibliography, of BIBSECTION when there is one. LOCALES is the folder of locale files.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const locales = process.argv[2];
const jobs = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
for (const job of jobs) {
  try {
    const byId = new Map(job.items.map((item) => [String(item.id), item]));
    const sys = {
      retrieveLocale: (lang) => {
        const file = path.join(locales, `locales-${lang}.xml`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
      },
      retrieveItem: (id) => byId.get(String(id)),
    };
    const engine = new CSL.Engine(sys, job.style);
    for (const [option, value] of Object.entries(job.options || {})) {
      if (option !== "variableWrapper") engine.opt.development_extensions[option] = value;
    }
    if (job.bibentries) {
      for (const ids of job.bibentries) engine.updateItems(ids.map(String));
    } else if (!job.citations) {
      engine.updateItems([...byId.keys()]);
    }
    let clusters = job.citation_items;
    if (!clusters && !job.citations) {
      clusters = [engine.registry.reflist.map((entry) => ({ id: entry.id }))];
    }
    if (clusters) {
      for (const cluster of clusters) engine.makeCitationCluster(cluster);
    } else {
      for (const [citation, before, after] of job.citations) {
        engine.processCitationCluster(citation, before, after);
      }
    }
    const made = job.bibsection
      ? engine.makeBibliography(job.bibsection)
      : engine.makeBibliography();
    out[job.name] = made ? made[0].bibstart + made[1].join("") + made[0].bibend : "";
  } catch (error) {
    out[job.name] = `ERROR: ${error && error.message ? error.message : error}`;
  }
}
process.stdout.write(JSON.stringify(out));
