import { signIn } from './api.js';

const form = document.getElementById('sign-in');
const status = document.getElementById('sign-in-status');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = document.getElementById('token').value.trim();
  const response = await fetch('/api/me', { headers: { Authorization: `Bearer ${value}` } });
  if (!response.ok) {
    status.textContent = 'Mã truy cập không đúng hoặc đã bị thu hồi.';
    return;
  }
  signIn(value);
  const next = new URLSearchParams(location.search).get('next');
  location.href = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
});
