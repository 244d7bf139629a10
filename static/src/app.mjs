// Progressive enhancement only: every journey works without this.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// Long selects (schools, system leaders) become GOV.UK's accessible autocomplete: type part of a
// name, URN or town. Without JavaScript, or if the script fails to load, the plain select works.
const autocomplete = window.accessibleAutocomplete;
if (autocomplete) {
  for (const select of document.querySelectorAll('select[data-module="app-autocomplete"]')) {
    autocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
      tNoResults: () => "No match: try part of the name, the URN or the town",
    });
  }
}
