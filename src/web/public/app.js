// Progressive enhancement only: every page works without this file.
import { initAll } from '/javascripts/govuk-frontend.min.js';
import { initAll as initMoj } from '/javascripts/moj-frontend.min.js';

initAll();
initMoj();
