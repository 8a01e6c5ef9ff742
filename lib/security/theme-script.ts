/** Applies the reader's saved theme before first paint (no flash). Static, so its CSP hash is fixed. */
export const THEME_SCRIPT = `try{var t=localStorage.getItem("lectern-theme");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;
