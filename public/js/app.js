// Progressive enhancement only: every page works without this file.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-confirm]') : null;
  if (target && !window.confirm(target.getAttribute('data-confirm'))) event.preventDefault();
});
// [data-print] buttons open the browser's print dialog (the transcript and certificates are printable).
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-print]') : null;
  if (target) window.print();
});

// Sessions editor: "add rows" copies a blank row in place instead of a round trip to the server.
// Without this script the button submits the form and the server adds the rows.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('.sessions-editor .add-rows') : null;
  if (!button) return;
  const list = button.closest('.sessions-editor')?.querySelector('.session-rows');
  const template = list?.lastElementChild;
  if (!list || !template) return;
  event.preventDefault();
  const index = list.children.length;
  const row = template.cloneNode(true);
  // Every id in the copy is the new row's own (f-sessions-<index>-…): a copied id would name two inputs.
  const renumber = (el) => {
    if (el.id) el.id = el.id.replace(/^f-sessions-\d+-/, `f-sessions-${index}-`);
  };
  renumber(row);
  row.removeAttribute('data-row-label');
  row.querySelectorAll('[id]').forEach(renumber);
  row.querySelectorAll('input').forEach((input) => {
    input.name = input.name.replace(/sessions\[\d+\]/, `sessions[${index}]`);
    input.value = '';
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  });
  row.querySelectorAll('.error').forEach((el) => el.remove());
  list.appendChild(row);
  row.querySelector('input[type=date]')?.focus();
});

// Roll call: a tap is saved in place, without reloading the page or losing the place in the list.
// Without this script each tap is an ordinary form post that comes back to the trainee's row.
document.addEventListener('submit', async (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target : null;
  const row = form?.closest('.roll-call-row');
  if (!form || !row || form.dataset.plain || !(event.submitter instanceof HTMLButtonElement)) return;
  event.preventDefault();
  const tapped = event.submitter.value;
  row.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form, event.submitter)),
    });
    const page = new DOMParser().parseFromString(await res.text(), 'text/html');
    const fresh = page.getElementById(row.id);
    if (!fresh) return window.location.assign(res.url);
    row.replaceWith(fresh);
    document.querySelector('.form-errors')?.remove();
    const summary = page.querySelector('.roll-call-summary');
    if (summary) document.querySelector('.roll-call-summary')?.replaceWith(summary);
    fresh.querySelector(`button[value="${tapped}"]`)?.focus();
  } catch {
    // Offline or cut off: post the form the ordinary way.
    form.dataset.plain = '1';
    form.requestSubmit(event.submitter);
  }
});

// [data-copy="<input id>"] buttons copy that input's value (the calendar address); hidden without this script,
// where the read-only input can still be selected and copied by hand.
document.querySelectorAll('[data-copy]').forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const input = document.getElementById(button.getAttribute('data-copy'));
    if (!input) return;
    await navigator.clipboard.writeText(input.value);
    button.textContent = button.getAttribute('data-copied');
  });
});

// A refused form: move focus to its error summary, so a screen reader reads it and the keyboard starts there.
document.querySelector('[data-error-summary]')?.focus();

// A table wider than its scrolling wrapper (.table-wrap) gets a tab stop, so that keyboard users can scroll it too;
// named after the table's caption when it has one. Checked again when the window changes size.
function keyboardScrollableTables() {
  document.querySelectorAll('.table-wrap').forEach((wrap) => {
    const caption = wrap.querySelector('caption')?.textContent.trim();
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.tabIndex = 0;
      if (caption) {
        wrap.setAttribute('role', 'region');
        wrap.setAttribute('aria-label', caption);
      }
    } else {
      wrap.removeAttribute('tabindex');
      wrap.removeAttribute('role');
      wrap.removeAttribute('aria-label');
    }
  });
}
keyboardScrollableTables();
window.addEventListener('resize', keyboardScrollableTables);

// Roster "select all": ticks or clears every row of its table, shows "mixed" when some are ticked, and says how many
// are ticked in a polite status line. Hidden without this script, where rows are ticked one by one.
document.querySelectorAll('[data-select-all]').forEach((bar) => {
  const all = bar.querySelector('input[type=checkbox]');
  const count = bar.querySelector('.selected-count');
  const rows = document.getElementById(all.getAttribute('aria-controls'))?.querySelectorAll('input[name=ids]') ?? [];
  if (!rows.length) return;
  const update = () => {
    const ticked = [...rows].filter((row) => row.checked).length;
    all.checked = ticked === rows.length;
    all.indeterminate = ticked > 0 && ticked < rows.length;
    count.textContent = ticked ? count.dataset.template.replace('#', String(ticked)) : '';
  };
  all.addEventListener('change', () => {
    rows.forEach((row) => (row.checked = all.checked));
    update();
  });
  rows.forEach((row) => row.addEventListener('change', update));
  bar.hidden = false;
  update();
});

// Folded filters ([data-open-wide] <details>) open by themselves on a wide screen, where they take no room from the
// results; on a phone they stay folded so results start on the first screen. Without this script they stay folded.
if (window.matchMedia('(min-width: 720px)').matches) {
  document.querySelectorAll('details[data-open-wide]').forEach((details) => (details.open = true));
}
