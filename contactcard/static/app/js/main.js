// Sign-in, the header, and the routes: #/ the contact list, #/contact/<id> a card.
import { ApiError, request, signIn, signOut, token } from "./api.js";
import { showCard } from "./card.js";
import { clearNotice, h } from "./dom.js";
import { showList } from "./list.js";

export const session = { viewer: null, users: [], groups: [], closeReasons: [], views: [] };
let generation = 0;

// Whether the route that started a render is still the page's (a slow list must not replace a card).
export function stale(ticket) {
  return ticket !== generation;
}

function signInForm(message) {
  const field = h("textarea", { id: "token", rows: 2, placeholder: "cc_1_…", "aria-label": "API token" });
  const form = h(
    "form",
    { class: "sign-in", onsubmit: (event) => { event.preventDefault(); signIn(field.value); route(); } },
    h("h1", {}, "Sign in"),
    h("p", {}, "Paste an API token (", h("code", {}, "contactcard token create --email you@…"), ")."),
    message ? h("p", { class: "error" }, message) : null,
    field,
    h("button", { type: "submit" }, "Sign in"),
  );
  document.getElementById("main").replaceChildren(form);
  document.getElementById("who").textContent = "";
  document.getElementById("sign-out").hidden = true;
}

async function loadSession() {
  const { data } = await request("Session");
  session.viewer = data.viewer;
  session.users = data.users;
  session.groups = data.groups;
  session.closeReasons = data.closeReasons;
  session.views = data.contactListViews;
  const who = document.getElementById("who");
  who.textContent = `${data.viewer.name} (${data.viewer.role.toLowerCase()}) · ${data.viewer.workspace.name}`;
  document.getElementById("sign-out").hidden = false;
}

export async function route() {
  generation += 1;
  const ticket = generation;
  clearNotice();
  if (!token()) return signInForm();
  try {
    if (!session.viewer) await loadSession();
    const card = location.hash.match(/^#\/contact\/([^/]+)$/);
    if (card) await showCard(decodeURIComponent(card[1]), ticket);
    else await showList(ticket);
  } catch (error) {
    if (error instanceof ApiError && error.code === "UNAUTHENTICATED") {
      signOut();
      session.viewer = null;
      return signInForm(error.message);
    }
    document.getElementById("main").replaceChildren(h("p", { class: "error" }, String(error.message || error)));
    throw error;
  }
}

document.getElementById("sign-out").addEventListener("click", () => {
  signOut();
  session.viewer = null;
  location.hash = "#/";
  route();
});
window.addEventListener("hashchange", route);
route();
