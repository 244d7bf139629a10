// Builds static/dist from static/src: the stylesheet compiled from govuk-frontend's Sass with the
// service's own font settings, and the JavaScript that enhances the pages.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "static", "src");
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(dist, { recursive: true });
const result = sass.compile(join(src, "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "app.css"), result.css);
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
for (const name of [
  "app.mjs",
  "js-enabled.js",
  "favicon.svg",
  "print-agenda-pack.css",
  "print-consultation-summary.css",
  "print-scrutiny-report.css",
]) {
  copyFileSync(join(src, name), join(dist, name));
}
console.log(`Built ${dist}`);
