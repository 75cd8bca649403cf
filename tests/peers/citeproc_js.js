#!/usr/bin/env node
// Run citeproc-js (npm "citeproc") over CSL-JSON items and print the bibliography.
//
// usage: node citeproc_js.js ITEMS.json STYLE.csl LOCALE.xml
// prints a JSON array, in bibliography order, of {"id", "text", "html"} objects,
// "text" from citeproc-js's "text" output format and "html" from its "html" one.
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

function main(argv) {
  if (argv.length !== 3) {
    process.stderr.write("usage: citeproc_js.js ITEMS.json STYLE.csl LOCALE.xml\n");
    return 2;
  }
  const [itemsPath, stylePath, localePath] = argv;
  const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
  const styleXml = fs.readFileSync(stylePath, "utf8");
  const localeXml = fs.readFileSync(localePath, "utf8");
  const byId = new Map(items.map((item) => [String(item.id), item]));
  const sys = {
    retrieveLocale: () => localeXml,
    retrieveItem: (id) => byId.get(String(id)),
  };
  const ids = items.map((item) => String(item.id));
  const render = (format) => {
    const engine = new CSL.Engine(sys, styleXml, "en-US", true);
    engine.setOutputFormat(format);
    engine.updateItems(ids);
    const [meta, entries] = engine.makeBibliography();
    return meta.entry_ids.map((entryIds, i) => [String(entryIds[0]), entries[i]]);
  };
  const texts = render("text");
  const htmls = new Map(render("html"));
  const out = texts.map(([id, text]) => ({
    id,
    text: text.replace(/\s+$/, ""),
    html: htmls.get(id).trim(),
  }));
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
  return 0;
}

process.exitCode = main(process.argv.slice(2));
