// A job's live progress bar: asks the page's JSON form every second until the job ends, then reloads for the result.
(() => {
  const root = document.getElementById('job');
  if (!root || !['queued', 'active'].includes(root.dataset.state)) return;
  const texts = JSON.parse(root.dataset.texts || '{}');
  const bar = document.getElementById('job-progress');
  const state = root.querySelector('.job-state');
  const count = root.querySelector('.job-count');
  const tick = async () => {
    try {
      const answer = await fetch(location.pathname, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (answer.ok) {
        const job = await answer.json();
        bar.max = Math.max(1, job.progress.total);
        bar.value = job.progress.done;
        bar.textContent = `${Math.round((100 * job.progress.done) / Math.max(1, job.progress.total))}%`;
        state.textContent = texts[job.state] || job.state;
        count.textContent = (texts.progress || '').replace('{done}', job.progress.done).replace('{total}', job.progress.total);
        if (job.state === 'completed' || job.state === 'failed') return location.reload();
      }
    } catch {
      // try again at the next tick
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 500);
})();
