// The emblem picked in the file field travels as the form's file (multipart, as without this script); the script only
// says at once, in the page's language, when the file is larger than the server keeps (the server checks the bytes).
(() => {
  const file = document.getElementById('emblem-file');
  if (!file) return;
  file.addEventListener('change', () => {
    const chosen = file.files && file.files[0];
    file.setCustomValidity('');
    if (chosen && chosen.size > 512 * 1024) {
      file.setCustomValidity(file.dataset.tooLarge || '');
      file.reportValidity();
    }
  });
})();
