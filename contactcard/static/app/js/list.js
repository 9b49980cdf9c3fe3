// The contact list: the user's saved view (its columns, filter, page size), a search box and period
// presets on top of it (saved into the view on request), pages, and bulk actions on the selected rows.
import { download, request } from "./api.js";
import { h, notice, when } from "./dom.js";
import { session, stale } from "./main.js";

const PERIODS = [
  ["", "Any time"], ["TODAY", "Today"], ["YESTERDAY", "Yesterday"], ["LAST_7_DAYS", "Last 7 days"],
  ["LAST_30_DAYS", "Last 30 days"], ["THIS_MONTH", "This month"], ["LAST_MONTH", "Last month"],
];
const PAGE_SIZES = [10, 20, 50];

const state = { viewId: null, filter: null, pageSize: null, cursors: [null], page: 0, selected: new Set() };

function viewFilter(view) {
  return view && view.filter && typeof view.filter === "object" ? { ...view.filter } : {};
}

function option(value, label, chosen) {
  return h("option", { value, selected: String(value) === String(chosen) }, label);
}

async function load() {
  const { data } = await request("ContactList", {
    viewId: state.viewId,
    first: state.pageSize,
    after: state.cursors[state.page],
    filter: state.filter,
  });
  return data.contactList;
}

export async function showList(ticket = null) {
  const main = document.getElementById("main");
  const list = await load();
  if (ticket !== null && stale(ticket)) return;
  if (list === null) {
    main.replaceChildren(h("p", { class: "error" }, "This view is not yours to use."));
    return;
  }
  if (state.filter === null) state.filter = viewFilter(list.view);
  if (state.pageSize === null) state.pageSize = list.view ? list.view.pageSize : 20;
  main.replaceChildren(controls(list), bulkBar(), table(list), pager(list));
}

function reload() {
  state.cursors = [null];
  state.page = 0;
  state.selected.clear();
  return showList();
}

function controls(list) {
  const views = h(
    "select",
    {
      id: "view",
      "aria-label": "View",
      onchange: (event) => {
        state.viewId = event.target.value || null;
        const chosen = session.views.find((v) => v.id === state.viewId);
        state.filter = viewFilter(chosen);
        state.pageSize = chosen ? chosen.pageSize : 20;
        reload();
      },
    },
    option("", "Default view", list.view && !state.viewId ? "" : state.viewId || ""),
    session.views.map((v) => option(v.id, v.name + (v.isDefault ? " (default)" : ""), state.viewId)),
  );
  const search = h("input", {
    id: "search", type: "search", placeholder: "Name, email or phone", value: state.filter.search || "",
    "aria-label": "Search",
  });
  const period = h(
    "select",
    { id: "period", "aria-label": "Created" },
    PERIODS.map(([value, label]) => option(value, label, (state.filter.created || {}).period || "")),
  );
  const size = h(
    "select",
    { id: "page-size", "aria-label": "Page size" },
    PAGE_SIZES.map((n) => option(n, `${n} per page`, state.pageSize)),
  );
  const apply = () => {
    const filter = { ...state.filter, search: search.value.trim() || undefined };
    if (period.value) filter.created = { period: period.value };
    else delete filter.created;
    for (const key of Object.keys(filter)) if (filter[key] === undefined) delete filter[key];
    state.filter = filter;
    state.pageSize = Number(size.value);
    return reload();
  };
  return h(
    "form",
    { class: "controls", onsubmit: (event) => { event.preventDefault(); apply(); } },
    views, search, period, size,
    h("button", { type: "submit", id: "apply" }, "Filter"),
    h("button", { type: "button", id: "save-view", onclick: () => saveView(list) }, "Save view"),
    h("span", { class: "count", id: "total" }, `${list.rows.totalCount} contacts`),
  );
}

async function saveView(list) {
  const input = { filter: state.filter, pageSize: state.pageSize };
  const view = list.view;
  const { data } = view
    ? await request("ViewUpdate", { id: view.id, input })
    : await request("ViewCreate", { input: { ...input, name: "My view" } });
  const payload = data.contactListViewUpdate || data.contactListViewCreate;
  if (payload.userErrors.length) return notice(payload.userErrors.map((e) => e.message).join("; "));
  if (!view) await request("ViewSetDefault", { id: payload.view.id });
  const session_ = await request("Session");
  session.views = session_.data.contactListViews;
  notice(`Saved the view “${payload.view.name}”.`);
}

function table(list) {
  const all = h("input", {
    type: "checkbox", "aria-label": "Select all",
    onchange: (event) => {
      for (const box of document.querySelectorAll("input.pick")) {
        box.checked = event.target.checked;
        box.dispatchEvent(new Event("change"));
      }
    },
  });
  const head = h("tr", {}, h("th", {}, all), list.columns.map((c) => h("th", {}, c.title)));
  const rows = list.rows.nodes.map((row) => {
    const pick = h("input", {
      type: "checkbox", class: "pick", "aria-label": `Select ${row.contact.name}`, checked: state.selected.has(row.contact.id),
      onchange: (event) => {
        if (event.target.checked) state.selected.add(row.contact.id);
        else state.selected.delete(row.contact.id);
        document.getElementById("selected").textContent = `${state.selected.size} selected`;
      },
    });
    const byColumn = Object.fromEntries(row.cells.map((cell) => [cell.column, cell]));
    const cells = list.columns.map((column, index) => {
      const cell = byColumn[column.key];
      const text = !cell || cell.text === null ? "" : cell.kind === "DATETIME" ? when(cell.text) : cell.text;
      return h("td", {}, index === 0
        ? h("a", { href: `#/contact/${encodeURIComponent(row.contact.id)}`, class: "contact" }, text || row.contact.name)
        : text);
    });
    return h("tr", { dataset: { id: row.contact.id } }, h("td", {}, pick), cells);
  });
  return h("table", { class: "contacts" }, h("thead", {}, head), h("tbody", {}, rows));
}

function pager(list) {
  return h(
    "nav",
    { class: "pager" },
    h("button", { disabled: state.page === 0, onclick: () => { state.page -= 1; showList(); } }, "Previous"),
    h("span", {}, `Page ${state.page + 1}`),
    h("button", {
      id: "next", disabled: !list.rows.pageInfo.hasNextPage,
      onclick: () => { state.cursors[state.page + 1] = list.rows.pageInfo.endCursor; state.page += 1; showList(); },
    }, "Next"),
  );
}

function selection() {
  return state.selected.size ? { ids: [...state.selected] } : { filter: state.filter };
}

function bulkBar() {
  const reason = h("select", { id: "close-reason", "aria-label": "Close reason" },
    option("", "Close reason…"), session.closeReasons.map((r) => option(r.reason, r.reason)));
  const assignee = h("select", { id: "transfer-to", "aria-label": "Transfer to" },
    option("", "Transfer to…"), session.users.map((u) => option(u.id, u.name)));
  const writes = session.viewer.scopes.includes("write");
  return h(
    "div",
    { class: "bulk" },
    h("span", { id: "selected" }, `${state.selected.size} selected`),
    writes ? [reason, h("button", { id: "close", onclick: () => bulk("ContactsClose", { reason: reason.value || null }) }, "Close")] : null,
    writes ? [assignee, h("button", { id: "transfer", onclick: () => assignee.value && bulk("ContactsTransfer", { assignedToId: assignee.value }) }, "Transfer")] : null,
    h("button", { id: "export", onclick: exportList }, state.selected.size ? "Export selected" : "Export all"),
  );
}

async function bulk(name, extra) {
  if (!state.selected.size) return notice("Select contacts first.");
  const { data } = await request(name, { input: { selection: selection(), ...extra } });
  const payload = Object.values(data)[0];
  if (payload.userErrors.length) return notice(payload.userErrors.map((e) => e.message).join("; "));
  if (payload.job) return watch(payload.job.id, (job) => `${job.changedCount ?? job.progress} contacts changed.`);
  notice(`${payload.changedCount} contacts changed.`);
  return reload();
}

async function exportList() {
  const { data } = await request("ContactsExport", { input: { selection: selection(), viewId: state.viewId } });
  const payload = data.contactsExport;
  if (payload.userErrors.length) return notice(payload.userErrors.map((e) => e.message).join("; "));
  notice("Exporting…");
  return watch(payload.job.id, null);
}

// Poll a background job until it ends; an export's end is its "ready" notice with the download.
async function watch(jobId, done) {
  for (;;) {
    const { data } = await request("Job", { id: jobId });
    const job = data.job;
    if (job.status === "DONE") {
      if (done) {
        notice(done(job));
        return reload();
      }
      const button = h("button", { id: "download-export", onclick: () => download(job.downloadUrl, `contacts-${job.id}.csv`) }, "Download CSV");
      return notice(`Your export is ready (${job.total ?? job.progress} contacts). `, button);
    }
    if (job.status === "FAILED") return notice(`The job failed: ${job.error || "unknown error"}`);
    notice(`Working… ${job.progress}${job.total ? ` of ${job.total}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
}
