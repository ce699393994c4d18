// "Download my data" on /me/privacy: while an export is waiting or being made, asks the page's JSON form every second
// (as job.js does for a job's page), moves each bar, and turns a finished export into its download link, a failed one
// into its failure. Every text comes from the server, in the reader's language. Without JavaScript the page shows the
// state at load time and a link to load it again.
(() => {
  const list = document.getElementById('exports');
  if (!list) return;
  const running = () => [...list.querySelectorAll('.export-job')].filter((li) => ['queued', 'active'].includes(li.dataset.state));
  if (!running().length) return;

  const show = (li, item) => {
    li.dataset.state = item.state;
    li.querySelector('.export-state').textContent = item.stateText;
    const count = li.querySelector('.export-count');
    const bar = li.querySelector('progress');
    if (item.state === 'queued' || item.state === 'active') {
      count.textContent = item.progressText;
      bar.max = item.max;
      bar.value = item.done;
      bar.textContent = `${item.percent}%`;
      return;
    }
    bar?.remove();
    const label = li.querySelector('label.export-asked');
    if (label) {
      const asked = document.createElement('p');
      asked.className = 'export-asked';
      asked.textContent = label.textContent;
      label.replaceWith(asked);
    }
    if (item.state === 'completed') {
      li.className = 'export-ready';
      count.textContent = item.itemText;
      const link = document.createElement('a');
      link.href = item.href;
      link.className = 'export-download';
      link.setAttribute('download', '');
      link.textContent = item.downloadText;
      const line = document.createElement('p');
      line.append(link);
      li.append(line);
    } else {
      count.textContent = '';
    }
  };

  const tick = async () => {
    try {
      const answer = await fetch(location.pathname, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (answer.ok) {
        const { items } = await answer.json();
        for (const li of running()) {
          const item = items.find((i) => i.jobId === li.dataset.job);
          if (item) show(li, item);
        }
      }
    } catch {
      // try again at the next tick
    }
    if (running().length) return void setTimeout(tick, 1000);
    document.getElementById('export-refresh')?.remove();
  };
  setTimeout(tick, 500);
})();
