// Calls to the API with the signed-in user's token; without one (or when it is refused) the page
// goes to the sign-in page and comes back afterwards.
const TOKEN_KEY = 'tro-ly-token';

export function token() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

export function signIn(value) {
  localStorage.setItem(TOKEN_KEY, value);
}

export function signOut() {
  localStorage.removeItem(TOKEN_KEY);
  location.href = '/dang-nhap';
}

export function toSignIn() {
  location.href = `/dang-nhap?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
}

export async function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  const value = token();
  if (value) headers.set('Authorization', `Bearer ${value}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) toSignIn();
  return response;
}

/** The Vietnamese message of an API error body ({error: {message, details?}}), or a fallback. */
export function errorText(data, fallback = 'Có lỗi xảy ra, vui lòng thử lại.') {
  const error = data && typeof data === 'object' ? data.error : undefined;
  if (!error) return fallback;
  const details = Array.isArray(error.details) && error.details.length > 0 ? `: ${error.details.join('; ')}` : '';
  return `${error.message || fallback}${details}`;
}

export class ApiError extends Error {
  constructor(status, data) {
    super(errorText(data));
    this.status = status;
    this.data = data;
  }
}

/** JSON from the API; a refused request throws ApiError carrying the Vietnamese message. */
export async function apiJson(path, init = {}) {
  const headers = new Headers(init.headers || {});
  let body = init.body;
  if (body !== undefined && typeof body !== 'string') {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(body);
  }
  let response;
  try {
    response = await api(path, { ...init, headers, ...(body !== undefined ? { body } : {}) });
  } catch {
    throw new ApiError(0, { error: { message: 'Không kết nối được máy chủ.' } });
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Saves a file the API sends (the download needs the token, so it cannot be a plain link). */
export async function download(path, fallbackName) {
  const response = await api(path);
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data);
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = /filename="([^"]+)"/u.exec(disposition)?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

if (!token() && location.pathname !== '/dang-nhap') toSignIn();

/**
 * Reads a server-sent event stream to its end, calling `onEvent(name, data)` for each event
 * with its JSON data. Blocks without a name or data line are skipped.
 */
export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const name = /^event: (.*)$/mu.exec(block)?.[1];
      const line = /^data: (.*)$/mu.exec(block)?.[1];
      if (name && line) onEvent(name, JSON.parse(line));
    }
  }
}
