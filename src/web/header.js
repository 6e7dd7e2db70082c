// The header every signed-in page shares: who is signed in (GET /api/me), their role, and sign-out.
import { apiJson, signOut } from './api.js';
import { ROLE_LABELS } from './roles.js';

export { ROLE_LABELS };

async function loadUser() {
  try {
    return await apiJson('/api/me');
  } catch {
    return null;
  }
}

/** The signed-in user ({id, name, role}), or null when it cannot be read. */
export const currentUser = loadUser();

function renderAccount(element, user) {
  element.replaceChildren();
  if (user) {
    const who = document.createElement('span');
    who.className = 'who';
    const name = document.createElement('span');
    name.className = 'user-name';
    name.textContent = user.name;
    const role = document.createElement('span');
    role.className = 'user-role';
    role.textContent = ROLE_LABELS[user.role] || user.role;
    who.append(name, role);
    element.append(who);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'sign-out';
  button.className = 'header-button';
  button.textContent = 'Đăng xuất';
  button.addEventListener('click', signOut);
  element.append(button);
}

const account = document.getElementById('account');
if (account) currentUser.then((user) => renderAccount(account, user));
