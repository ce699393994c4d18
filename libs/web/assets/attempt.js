// Progressive enhancement of the test page: autosave on change and a countdown to the deadline.
// Without JavaScript the page works the same with its "Save" and "Review" buttons.
(function () {
  var form = document.getElementById('attempt-form');
  var status = document.getElementById('autosave');
  if (form && status && window.fetch && window.FormData) {
    var timer = null;
    var save = function () {
      var data = new URLSearchParams(new FormData(form));
      data.set('action', 'save');
      // form.action would be the buttons named "action": read the attribute.
      fetch(form.getAttribute('action'), {
        method: 'POST',
        body: data,
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (r) {
          return r.json().then(function (body) {
            return { ok: r.ok && body.saved, body: body };
          });
        })
        .then(function (r) {
          status.textContent = r.ok ? status.dataset.saved + ' ' + new Date().toLocaleTimeString() : status.dataset.failed;
          status.dataset.state = r.ok ? 'saved' : 'failed';
        })
        .catch(function () {
          status.textContent = status.dataset.failed;
          status.dataset.state = 'failed';
        });
    };
    form.addEventListener('change', function () {
      clearTimeout(timer);
      timer = setTimeout(save, 400);
    });
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
  }
  var clock = document.getElementById('timer');
  if (clock) {
    var deadline = new Date(clock.dataset.deadline).getTime();
    var out = clock.querySelector('.remaining');
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var m = Math.floor(left / 60),
        s = left % 60;
      out.textContent = '(' + m + ':' + (s < 10 ? '0' : '') + s + ')';
      if (left === 0 && form) form.submit();
      else setTimeout(tick, 1000);
    };
    tick();
  }
})();
