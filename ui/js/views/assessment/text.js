// Small text helpers shared by the parts of the assessment view.

export function langKey() {
  return document.documentElement.lang === 'en' ? 'en' : 'id';
}

/** The framework text in the UI's language, falling back to Indonesian. */
export function local(text, L = langKey()) {
  return text[L] || text.id;
}

export function shortName(name) {
  return name.replace(/^Tingkat Kematangan /, '').replace(/^Maturity of (the )?/, '');
}
