// Progressive enhancement only: every page works without this file.
import { initAll } from '/javascripts/govuk-frontend.min.js';
import { initAll as initMoj } from '/javascripts/moj-frontend.min.js';

initAll();
initMoj();

// Large plans: show how much of the file has been sent. Without JavaScript the form posts as usual.
for (const form of document.querySelectorAll('form[data-upload-progress]')) {
  form.addEventListener('submit', (event) => {
    const input = form.querySelector('input[type="file"]');
    const status = form.querySelector('[data-upload-status]');
    if (!input || !input.files || input.files.length === 0 || !status || !window.FormData) return;
    event.preventDefault();
    const bar = status.querySelector('progress');
    const text = status.querySelector('[data-upload-text]');
    status.hidden = false;
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((100 * progress.loaded) / progress.total);
      bar.value = percent;
      text.textContent = percent < 100 ? `${percent}% uploaded` : 'Uploaded. Reading the plan…';
    });
    request.addEventListener('load', () => {
      if (request.status < 400 && request.responseURL) {
        window.location.assign(request.responseURL);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener('error', () => form.submit());
    request.send(new FormData(form));
  });
}

// Board packs: while the Word or PDF file is being written, say so, then hand it over as a download. Without
// JavaScript the link downloads the file as usual.
for (const link of document.querySelectorAll('a[data-pack-download]')) {
  link.addEventListener('click', async (event) => {
    const status = document.querySelector('[data-pack-status]');
    if (!status || !window.fetch || !window.URL) return;
    event.preventDefault();
    status.hidden = false;
    status.textContent = `Preparing the ${link.dataset.packDownload}…`;
    try {
      const response = await window.fetch(link.href, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const blob = await response.blob();
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'board-pack';
      const url = URL.createObjectURL(blob);
      const save = document.createElement('a');
      save.href = url;
      save.download = name;
      document.body.append(save);
      save.click();
      save.remove();
      URL.revokeObjectURL(url);
      status.textContent = `The ${link.dataset.packDownload} is ready: ${name}`;
    } catch {
      window.location.assign(link.href);
    }
  });
}

// The import preview's mapping step: changing a column's role reads the plan again at once, without a page load.
// Without JavaScript the form is sent with its button, as usual.
const mappingForm = document.querySelector('form[data-qa="mapping-form"]');
async function readAgain(form) {
  const status = document.querySelector('[data-qa="reading-status"]');
  if (status) status.textContent = 'Reading the plan again…';
  const response = await fetch(form.action, {
    method: 'POST',
    body: new URLSearchParams(new FormData(form)),
    credentials: 'same-origin',
  });
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const main = page.querySelector('main');
  if (!main) return form.submit();
  document.querySelector('main').replaceWith(main);
  document.title = page.title;
  if (response.redirected) window.history.replaceState(null, '', response.url);
  initAll({ scope: main });
  bindMappingForm(main.querySelector('form[data-qa="mapping-form"]'));
  const summary =
    main.querySelector('.govuk-error-summary') ?? main.querySelector('[data-qa="import-summary"]');
  summary?.setAttribute('tabindex', '-1');
  summary?.focus();
}
// One reading at a time: a change made while one is under way is read when it ends, from the page it leaves.
let reading = false;
let readAfter = false;
function read(form) {
  if (reading) {
    readAfter = true;
    return;
  }
  reading = true;
  readAgain(form)
    .catch(() => form.submit())
    .finally(() => {
      reading = false;
      if (readAfter) {
        readAfter = false;
        read(document.querySelector('form[data-qa="mapping-form"]'));
      }
    });
}
function bindMappingForm(form) {
  if (!form || !window.fetch) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    read(form);
  });
  for (const select of form.querySelectorAll('select[name="role"]'))
    select.addEventListener('change', () => read(form));
}
bindMappingForm(mappingForm);
