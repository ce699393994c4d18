// The emblem picked in the file field travels in the form as a data: URL (the server checks the bytes).
(() => {
  const file = document.getElementById('emblem-file');
  const field = document.getElementById('emblem');
  if (!file || !field) return;
  file.addEventListener('change', () => {
    const chosen = file.files && file.files[0];
    file.setCustomValidity('');
    if (!chosen) return void (field.value = '');
    // Larger files would exceed the request limit: say so here, in the page's language.
    if (chosen.size > 512 * 1024) {
      field.value = '';
      file.setCustomValidity(file.dataset.tooLarge || '');
      return void file.reportValidity();
    }
    const reader = new FileReader();
    reader.onload = () => (field.value = String(reader.result));
    reader.readAsDataURL(chosen);
  });
})();
