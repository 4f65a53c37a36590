// What a view keeps while the user moves around the app (the letter being edited, the wizard's
// answers), kept per workspace: nothing one workspace holds is ever shown in another. The
// shell says when a workspace (or hub) opens or closes; the views ask for their state by name.

const buckets = new Map(); // workspace key → Map(name → value)

/** The key of what is open: the workspace's folder and id, the hub's folder, or '' for none. */
export function workspaceKey(state) {
  if (state && state.workspace) return `ws:${state.workspace.info.path}#${state.workspace.info.id}`;
  if (state && state.hub) return `hub:${state.hub.path || state.hub.name}`;
  return '';
}

function bucket(state) {
  const key = workspaceKey(state);
  if (!buckets.has(key)) buckets.set(key, new Map());
  return buckets.get(key);
}

/** The view's state `name` in the open workspace, or undefined. */
export function getViewState(state, name) {
  return bucket(state).get(name);
}

/** Keeps `value` as the view's state `name` in the open workspace (undefined forgets it). */
export function setViewState(state, name, value) {
  if (value === undefined) bucket(state).delete(name);
  else bucket(state).set(name, value);
  return value;
}

/**
 * Called by the shell whenever another workspace (or hub, or none) opens: what was kept with no
 * workspace open (the wizard's answers) goes, and so does a hub's; a workspace keeps its own
 * (its letter draft waits for the user's return to it) and is never shown elsewhere.
 */
export function workspaceChanged(state) {
  buckets.delete('');
  const now = workspaceKey(state);
  for (const key of [...buckets.keys()]) if (key !== now && key.startsWith('hub:')) buckets.delete(key);
}
