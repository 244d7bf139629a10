// Builds static/dist from static/src: the stylesheet compiled from govuk-frontend's Sass with the
// service's own font settings, the JavaScript that enhances the pages, and every file a stylesheet
// names with url(...). The build fails if a stylesheet names a file it cannot supply, because in
// production collectstatic (ManifestStaticFilesStorage) refuses such a stylesheet.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "static", "src");
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
// app.scss sets $govuk-assets-path to this, so govuk-frontend's own files are named under it.
const distUrl = "/static/dist/";

mkdirSync(dist, { recursive: true });
const result = sass.compile(join(src, "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "app.css"), result.css);
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
const stylesheets = [
  "app.css",
  "print-agenda-pack.css",
  "print-consultation-summary.css",
  "print-scrutiny-report.css",
];
for (const name of ["app.mjs", "js-enabled.js", "favicon.svg", ...stylesheets.slice(1)]) {
  copyFileSync(join(src, name), join(dist, name));
}
// GOV.UK's accessible autocomplete, which app.mjs puts over the long selects. Its source maps are
// copied too, because collectstatic's manifest storage follows each sourceMappingURL comment.
const autocomplete = join(root, "node_modules", "accessible-autocomplete", "dist");
for (const name of ["accessible-autocomplete.min.js", "accessible-autocomplete.min.css"]) {
  copyFileSync(join(autocomplete, name), join(dist, name));
  copyFileSync(join(autocomplete, `${name}.map`), join(dist, `${name}.map`));
}
stylesheets.push("accessible-autocomplete.min.css");

// Each file a stylesheet names, as a path inside static/dist, or null for what needs no file
// (data: URLs, other sites, fragments such as SVG filters).
function namedFile(stylesheet, url) {
  const path = url.split(/[?#]/)[0];
  if (!path || /^(data:|[a-z]+:\/\/|\/\/)/i.test(url) || url.startsWith("#")) return null;
  if (path.startsWith(distUrl)) return normalize(path.slice(distUrl.length));
  if (path.startsWith("/")) return path; // outside static/dist: reported below as missing
  return normalize(join(dirname(stylesheet), path));
}

// Only what the stylesheets name is copied from govuk-frontend: the portal is not a GOV.UK
// service, so it ships no GDS Transport font and shows no crest (decision records 0005 and 0023).
const missing = [];
for (const stylesheet of stylesheets) {
  const css = readFileSync(join(dist, stylesheet), "utf8");
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
    const file = namedFile(stylesheet, match[2].trim());
    if (file === null) continue;
    const inDist = join(dist, file);
    const fromGovuk = join(govuk, "assets", file);
    if (file.startsWith("/") || file.startsWith(`..${sep}`) || relative(dist, inDist).startsWith("..")) {
      missing.push(`${stylesheet}: ${match[2]} (outside ${distUrl})`);
    } else if (existsSync(fromGovuk)) {
      mkdirSync(dirname(inDist), { recursive: true });
      copyFileSync(fromGovuk, inDist);
    } else if (!existsSync(inDist)) {
      missing.push(`${stylesheet}: ${match[2]}`);
    }
  }
}
if (missing.length) {
  console.error(`These files are named in the stylesheets but cannot be built:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`Built ${dist}`);
