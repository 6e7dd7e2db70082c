// Sign-in with the access token an administrator issued: checked against GET /api/me, kept in this
// browser, then back to the page that asked for it. Someone already signed in sees who, and may sign out.
import { signIn, signOut, token } from './api.js';
import { ROLE_LABELS } from './roles.js';

const form = document.getElementById('sign-in');
const input = document.getElementById('token');
const error = document.getElementById('sign-in-error');
const status = document.getElementById('sign-in-status');
const showToken = document.getElementById('show-token');

/** Where to go after signing in: a path of this site only. */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/dang-nhap') ? next : '/';
}

async function whoIs(value) {
  const response = await fetch('/api/me', { headers: { Authorization: `Bearer ${value}` } });
  return response.ok ? response.json() : null;
}

showToken.addEventListener('click', () => {
  const shown = input.type === 'text';
  input.type = shown ? 'password' : 'text';
  showToken.setAttribute('aria-pressed', String(!shown));
  showToken.textContent = shown ? 'Hiện mã' : 'Ẩn mã';
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = input.value.trim();
  error.textContent = '';
  if (!value) {
    input.setAttribute('aria-invalid', 'true');
    error.textContent = 'Hãy nhập mã truy cập.';
    input.focus();
    return;
  }
  status.textContent = 'Đang kiểm tra mã…';
  let user = null;
  try {
    user = await whoIs(value);
  } catch {
    status.textContent = '';
    error.textContent = 'Không kết nối được máy chủ.';
    return;
  }
  status.textContent = '';
  if (!user) {
    input.setAttribute('aria-invalid', 'true');
    error.textContent = 'Mã truy cập không đúng hoặc đã bị thu hồi.';
    input.focus();
    return;
  }
  input.setAttribute('aria-invalid', 'false');
  signIn(value);
  status.textContent = `Xin chào ${user.name}.`;
  location.href = nextPath();
});

document.getElementById('sign-out-here').addEventListener('click', signOut);
document.getElementById('continue').href = nextPath();

if (token()) {
  whoIs(token())
    .then((user) => {
      if (!user) return;
      document.getElementById('signed-in-text').textContent = `Bạn đang đăng nhập với tên ${user.name} (${ROLE_LABELS[user.role] || user.role}). Đăng nhập bằng mã khác sẽ thay cho mã này.`;
      document.getElementById('signed-in').hidden = false;
    })
    .catch(() => {});
}
