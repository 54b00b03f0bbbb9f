/**
 * The current user for the task list: a user id and groups, switchable in the header so a demo can
 * act as an underwriter, then as a compliance officer. Kept in localStorage. Real authentication
 * arrives with the security issue; until then the server trusts what the app sends.
 */
import { reactive, watch } from 'vue';

export interface CurrentUser {
  id: string;
  groups: string[];
}

const KEY = 'baton.user';

function load(): CurrentUser {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as CurrentUser | null;
    if (saved && typeof saved.id === 'string' && Array.isArray(saved.groups)) return saved;
  } catch {
    // unreadable: start with the demo user
  }
  return { id: 'demo', groups: ['underwriters'] };
}

export const currentUser = reactive<CurrentUser>(load());

watch(currentUser, (u) => localStorage.setItem(KEY, JSON.stringify({ id: u.id, groups: u.groups })), {
  deep: true,
});

/** Preset personas of the examples, one click away. */
export const PERSONAS: CurrentUser[] = [
  { id: 'demo', groups: ['underwriters'] },
  { id: 'carol', groups: ['compliance'] },
  { id: 'admin', groups: ['underwriters', 'compliance', 'management'] },
];
