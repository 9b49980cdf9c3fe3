// A contact's card from one static query (documents/Card.graphql): the identity header, the summary zone
// beside the tabs, every panel kind the layout enables in its order, and the layout editor (drag to
// reorder, toggle, settings, reset, rollback; locked panels shown locked and not draggable).
import { download, request, upload } from "./api.js";
import { h, money, notice, svg, when } from "./dom.js";
import { session, stale } from "./main.js";

let current = null; // { id, contact, kinds, versions }
let editing = false;

export async function showCard(id, ticket = null) {
  const { data, extensions } = await request("Card", { id });
  if (ticket !== null && stale(ticket)) return;
  const main = document.getElementById("main");
  if (!data.contact) {
    current = null;
    main.replaceChildren(
      h("p", { class: "error", id: "not-found" }, "No such contact, or not one you may see."),
      h("a", { href: "#/" }, "Back to the list"),
    );
    return;
  }
  current = { id, contact: data.contact, kinds: data.panelKinds, versions: data.viewer.cardLayoutVersions.nodes };
  window.contactcardLastCard = { data, extensions }; // what the browser tests read
  render();
}

function render() {
  const { contact } = current;
  const tabs = contact.card.panels.filter((p) => p.zone === "TABS");
  const summary = contact.card.panels.filter((p) => p.zone === "SUMMARY");
  const parts = [
    header(contact),
    editing ? editor(contact.card.layout) : null,
    h("div", { class: "card" },
      h("aside", { class: "summary" }, summary.map(panel)),
      h("div", { class: "tabs" }, tabs.map(panel))),
  ];
  document.getElementById("main").replaceChildren(...parts.filter(Boolean));
}

function header(contact) {
  const channel = (c, text) => h("li", { class: c.isPrimary ? "primary" : "" }, text, c.isPrimary ? " ★" : "");
  return h(
    "header",
    { class: "identity" },
    h("a", { href: "#/", class: "back" }, "← Contacts"),
    h("h1", { id: "contact-name" }, contact.name),
    h("p", {}, `${contact.status.toLowerCase()} · score ${contact.score}`),
    h("ul", { class: "channels" },
      contact.emails.map((c) => channel(c, c.value)),
      contact.phones.map((c) => channel(c, c.value)),
      contact.messengers.map((c) => channel(c, `${c.platform}: ${c.value}`))),
    h("button", { id: "edit-layout", onclick: () => { editing = !editing; render(); } },
      editing ? "Done" : "Edit layout"),
  );
}

function panel(p) {
  const render = RENDERERS[p.__typename];
  return h("section", { class: "panel", dataset: { kind: p.kind } },
    h("h2", {}, p.title), render ? render(p) : h("p", {}, "(not shown by this dashboard)"));
}

const list = (items, line) => (items.length ? h("ul", {}, items.map((item) => h("li", {}, line(item)))) : h("p", { class: "empty" }, "Nothing yet."));

const RENDERERS = {
  HistoryPanel: (p) => [commentBox(), list(p.history ? p.history.nodes : [], (e) => e.__typename === "Comment"
    ? [h("b", {}, e.author ? e.author.name : "system"), " ", h("span", { class: "comment" }, e.body),
      e.mentions.length ? h("small", {}, ` @${e.mentions.map((m) => m.name).join(", @")}`) : null,
      h("small", {}, ` ${when(e.createdAt)}`)]
    : [h("small", {}, `${e.author ? e.author.name : "system"} changed ${e.field} · ${when(e.createdAt)}`)])],
  DealsPanel: (p) => list(p.deals.nodes, (d) => `${d.name} · ${d.stage ? d.stage.name : ""} · ${money(d.amount)} · ${d.status}`),
  TasksPanel: (p) => list(p.tasks.nodes, (t) => `${t.title} · ${t.status}${t.dueAt ? ` · due ${when(t.dueAt)}` : ""}`),
  PaymentsPanel: (p) => list(p.payments.nodes, (x) => `${money(x.amount)} · ${x.provider} · ${x.status}`),
  CallsPanel: (p) => list(p.calls.nodes, (c) => `${when(c.startedAt)} · ${c.direction} · ${c.status} · ${c.duration}s`),
  CoursesPanel: (p) => list(p.courses.nodes, (e) => `${e.course.title} · ${e.progress}% · ${e.status}`),
  TimelinePanel: (p) => timelineChart(p.timeline.nodes),
  ConsentsPanel: (p) => list(p.consents, (c) => `${c.channel}: ${c.state}`),
  FilesPanel: (p) => [fileBox(), list(p.files.nodes, (f) => [
    h("button", { class: "link", onclick: () => download(f.downloadUrl, f.name) }, f.name),
    h("small", {}, ` ${Math.ceil(f.sizeBytes / 1024)} KB · ${f.uploadedBy ? f.uploadedBy.name : ""}`)])],
  DocumentsPanel: (p) => list(p.documents.nodes, (d) => `${d.title} · ${d.status}${d.file ? ` · ${d.file.name}` : ""}`),
  TagsPanel: (p) => h("p", { class: "tags" }, p.tags.length ? p.tags.map((t) => h("span", { class: "tag" }, t.name)) : "No tags"),
  DetailsPanel: (p) => h("dl", {}, p.fields.map((f) => [h("dt", {}, f.label),
    h("dd", {}, f.value === null ? "—" : Array.isArray(f.value) ? f.value.join(", ") : String(f.value))])),
  CompaniesPanel: (p) => list(p.companies, (c) => `${c.company.name}${c.jobTitle ? ` · ${c.jobTitle}` : ""}`),
  EcommercePanel: (p) => h("p", {}, `${p.ecommerce.orderCount} orders`,
    p.ecommerce.totalValue.map((m) => h("span", {}, ` · total ${money(m)}`))),
  OwnersPanel: (p) => h("p", {}, `Owner: ${p.assignedTo ? p.assignedTo.name : "nobody"} · Team: ${p.group ? p.group.name : "none"}`),
};

function timelineChart(events) {
  const days = new Map();
  for (const e of events) {
    const day = e.occurredAt.slice(0, 10);
    days.set(day, (days.get(day) || 0) + 1);
  }
  const series = [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (!series.length) return h("p", { class: "empty" }, "No activity.");
  const most = Math.max(...series.map(([, n]) => n));
  const width = 300;
  const bar = width / series.length;
  return [
    svg("svg", { class: "chart", viewBox: `0 0 ${width} 60`, role: "img", "aria-label": "Activity per day" },
      series.map(([day, n], i) => svg("rect", { x: i * bar + 1, y: 60 - (n / most) * 56, width: Math.max(bar - 2, 1),
        height: (n / most) * 56 }, svg("title", {}, `${day}: ${n}`)))),
    h("small", {}, `${events.length} events, ${series[0][0]} to ${series[series.length - 1][0]}`),
  ];
}

function canWrite() {
  return session.viewer.scopes.includes("write");
}

function commentBox() {
  if (!canWrite()) return null;
  const body = h("textarea", { id: "comment-body", rows: 2, placeholder: "Write a comment", "aria-label": "Comment" });
  const mentions = h("select", { id: "comment-mentions", multiple: true, "aria-label": "Mention" },
    session.users.map((u) => h("option", { value: u.id }, u.name)));
  return h("form", {
    class: "comment-box",
    onsubmit: async (event) => {
      event.preventDefault();
      const mentionIds = [...mentions.selectedOptions].map((o) => o.value);
      const { data } = await request("CommentAdd", { input: { contactId: current.id, body: body.value, mentionIds } });
      const errors = data.commentAdd.userErrors;
      if (errors.length) return notice(errors.map((e) => e.message).join("; "));
      return showCard(current.id);
    },
  }, body, mentions, h("button", { type: "submit", id: "comment-send" }, "Comment"));
}

function fileBox() {
  if (!canWrite()) return null;
  const input = h("input", { type: "file", id: "file-input", "aria-label": "Upload a file" });
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const { data } = await upload("FileUpload", { input: { contactId: current.id, file: null } }, "input.file", file);
    const errors = data.fileUpload.userErrors;
    if (errors.length) return notice(errors.map((e) => e.message).join("; "));
    notice(`Uploaded ${data.fileUpload.file.name}.`);
    return showCard(current.id);
  });
  return h("p", {}, input);
}

// -- the layout editor ---------------------------------------------------------------------------------------
function editor(layout) {
  const panels = [...layout.panels].sort((a, b) => a.position - b.position);
  const titles = Object.fromEntries(current.kinds.map((k) => [k.kind, k]));
  let dragged = null;
  const items = panels.map((p) => {
    const info = titles[p.kind];
    const item = h("li", {
      class: `layout-panel${p.locked ? " locked" : ""}`, draggable: p.locked || layout.editingLocked ? "false" : "true",
      dataset: { kind: p.kind },
      ondragstart: (event) => { dragged = p.kind; event.dataTransfer.setData("text/plain", p.kind); },
      ondragover: (event) => { if (!p.locked) event.preventDefault(); },
      ondrop: (event) => {
        event.preventDefault();
        const from = dragged || event.dataTransfer.getData("text/plain");
        if (!from || from === p.kind || p.locked) return;
        const order = panels.map((x) => x.kind).filter((k) => k !== from);
        order.splice(order.indexOf(p.kind), 0, from);
        save(layout, reorder(panels, order));
      },
    },
    h("span", { class: "handle", "aria-hidden": "true" }, p.locked ? "🔒" : "⠿"),
    h("label", {}, h("input", {
      type: "checkbox", class: "toggle", checked: p.enabled, disabled: p.locked,
      onchange: (event) => save(layout, panels.map((x) => (x.kind === p.kind ? { ...x, enabled: event.target.checked } : x))),
    }), ` ${info ? info.title : p.kind}`),
    p.locked ? h("small", {}, ` locked by ${p.source.toLowerCase()}`) : settingsOf(info, p, layout, panels),
    );
    return item;
  });
  const versions = h("select", { id: "rollback-version", "aria-label": "Version" },
    current.versions.map((v) => h("option", { value: v.version }, `version ${v.version} · ${when(v.createdAt)}`)));
  return h("div", { class: "layout-editor" },
    h("p", {}, `Layout version ${layout.version}`, layout.editingLocked ? " · editing locked" : ""),
    h("ol", { id: "layout-panels" }, items),
    h("button", { id: "layout-reset", onclick: () => mutateLayout("LayoutReset", { input: { expectedVersion: layout.version } }) }, "Reset to default"),
    versions,
    h("button", { id: "layout-rollback", onclick: () => mutateLayout("LayoutRollback", { input: { version: Number(versions.value), expectedVersion: layout.version } }) }, "Roll back"));
}

function settingsOf(info, p, layout, panels) {
  if (!info) return null;
  return info.settings.map((s) => {
    const value = p.settings[s.name] ?? s.default;
    const change = (next) => save(layout, panels.map((x) => (x.kind === p.kind ? { ...x, settings: { ...x.settings, [s.name]: next } } : x)));
    if (s.kind === "WHOLE_NUMBER") {
      return h("label", {}, ` ${s.name} `, h("input", { type: "number", class: `setting-${s.name}`, min: s.minimum, max: s.maximum, value,
        onchange: (event) => change(Number(event.target.value)) }));
    }
    if (s.kind === "ONE_OF") {
      return h("label", {}, ` ${s.name} `, h("select", { onchange: (event) => change(event.target.value) },
        s.options.map((o) => h("option", { value: o, selected: o === value }, o))));
    }
    return null; // SOME_OF (timeline types): left to the API in this dashboard
  });
}

function reorder(panels, order) {
  return order.map((kind) => panels.find((p) => p.kind === kind));
}

function save(layout, panels) {
  const own = panels.filter((p) => !p.locked).map((p) => ({ kind: p.kind, enabled: p.enabled, settings: p.settings }));
  return mutateLayout("LayoutUpdate", { input: { expectedVersion: layout.version, panels: own } });
}

async function mutateLayout(name, variables) {
  const { data } = await request(name, variables);
  const payload = Object.values(data)[0];
  const conflict = payload.userErrors.find((e) => e.code === "VERSION_CONFLICT");
  if (conflict) {
    return notice("Your layout was changed elsewhere (version conflict). ",
      h("button", { id: "reload-layout", onclick: () => showCard(current.id) }, "Reload"));
  }
  if (payload.userErrors.length) return notice(payload.userErrors.map((e) => e.message).join("; "));
  return showCard(current.id);
}
