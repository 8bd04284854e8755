// loa: the YouTube player is put in place only when the reader asks for it. Until the click
// the page asks nothing of YouTube; without this script the play link opens youtube.com.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('.video-play') : null;
  const box = link ? link.closest('[data-embed]') : null;
  if (!box || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  const frame = document.createElement('iframe');
  frame.src = box.dataset.embed;
  frame.title = box.dataset.title || '';
  frame.allow = 'autoplay; encrypted-media; picture-in-picture';
  frame.allowFullscreen = true;
  frame.setAttribute('loading', 'lazy');
  box.classList.add('video-playing');
  box.replaceChildren(frame);
  frame.focus();
});
