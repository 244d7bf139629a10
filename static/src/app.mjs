// Progressive enhancement only: every journey works without this.
import { initAll } from "./govuk-frontend.min.js";

initAll();
