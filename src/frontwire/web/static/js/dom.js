// DOM helpers. Every piece of data enters the page as a text node or an attribute value, never
// as markup: article texts and event fields come from the news and may contain <script> or
// <img onerror=...>. Nothing here (or anywhere in this page) parses data as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(node, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "href") {
      const safe = safeHref(value);
      if (safe) node.setAttribute("href", safe);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el("a", {href, class}, "text", otherNode). */
export function el(tag, props, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** An SVG element. */
export function svg(tag, props, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), props, children);
}

/** Only http(s) links and this site's own paths: a javascript: or data: URL from an article never
 * becomes a link. */
export function safeHref(value) {
  try {
    const url = new URL(String(value), window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Text with the given spans wrapped in <mark>: the article view with its evidence. Spans are
 * [start, end) character offsets; overlapping spans are merged. */
export function highlighted(text, spans) {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const merged = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  const out = document.createDocumentFragment();
  let at = 0;
  for (const s of merged) {
    const start = Math.max(at, Math.min(s.start, text.length));
    const end = Math.min(s.end, text.length);
    if (start > at) out.append(document.createTextNode(text.slice(at, start)));
    if (end > start) out.append(el("mark", { class: "evidence" }, text.slice(start, end)));
    at = Math.max(at, end);
  }
  if (at < text.length) out.append(document.createTextNode(text.slice(at)));
  return out;
}
