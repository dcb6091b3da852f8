// Calls to the frontwire API. The reviewer's token lives in sessionStorage (gone when the tab
// closes) and is sent as a bearer token on every call when set.

const TOKEN_KEY = "frontwire.token";

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra) {
  const out = { Accept: "application/json", ...(extra || {}) };
  if (token()) out.Authorization = `Bearer ${token()}`;
  return out;
}

/** Query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") q.set(key, String(value));
  }
  return q.toString();
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function reply(res) {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    let detail = body.detail;
    if (Array.isArray(detail)) detail = detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
    throw new ApiError(res.status, detail || `HTTP ${res.status}`);
  }
  return body;
}

export async function get(path, params) {
  const qs = params ? query(params) : "";
  return reply(await fetch(qs ? `${path}?${qs}` : path, { headers: headers() }));
}

export async function send(method, path, body) {
  return reply(await fetch(path, {
    method, headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(body),
  }));
}

/** Download with the token (when reading needs one, a plain link cannot send it). */
export async function download(url, filename) {
  const res = await fetch(url, { headers: headers() });
  if (!res.ok) throw new ApiError(res.status, `export failed: HTTP ${res.status}`);
  const blob = await res.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
