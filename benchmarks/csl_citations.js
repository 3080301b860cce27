// citeproc-js on the CSL test suite's citation fixtures, for benchmarks/csl_citations.py.
//
//   npm install --prefix DIR citeproc@2.4.63
//   NODE_PATH=DIR/node_modules node benchmarks/csl_citations.js LOCALES < jobs.json > out.json
//
// jobs: [{"name", "style": CSL XML, "items": [CSL-JSON], "clusters": [[cite, ...], ...]}]
// (a cite: {"id", "locator", "label", "prefix", "suffix", "suppress-author", "author-only"}).
// out: {name: rendered clusters, one line each, or "ERROR: message"}.
// Items are registered in the order they are first cited, then the rest, as the suite's
// runner does; each cluster is made with makeCitationCluster.
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
    // The style's default-locale, else en-US (not forced over the style's own).
    const engine = new CSL.Engine(sys, job.style, "en-US");
    const order = [];
    for (const cluster of job.clusters) {
      for (const cite of cluster) {
        if (!order.includes(String(cite.id))) order.push(String(cite.id));
      }
    }
    for (const id of byId.keys()) if (!order.includes(id)) order.push(id);
    engine.updateItems(order);
    out[job.name] = job.clusters.map((cluster) => engine.makeCitationCluster(cluster)).join("\n");
  } catch (error) {
    out[job.name] = `ERROR: ${error && error.message ? error.message : error}`;
  }
}
process.stdout.write(JSON.stringify(out));
