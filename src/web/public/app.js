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
