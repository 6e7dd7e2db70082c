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
  location.href = `/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`;
}

export async function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  const value = token();
  if (value) headers.set('Authorization', `Bearer ${value}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) toSignIn();
  return response;
}

if (!token() && location.pathname !== '/dang-nhap') toSignIn();
